from datetime import timedelta

from bot.clock import ManualClock
from bot.db import Database
from bot.db import hosts as hosts_store
from bot.db.hosts import EntryMember
from bot.domain import audit, erasures, hosts, privacy, privacy_export
from bot.domain.settings import get_settings, set_retention
from bot.errors import UserError
from bot.municipalities import directory
from tests.unit.privacy_world import GUILD, MEMBER, OTHER, OTHER_GUILD, leave_traces, mentions, rows_mentioning


async def test_export_holds_exactly_the_members_data(db: Database, clock: ManualClock) -> None:
    trace = await leave_traces(db, clock)
    rows = await privacy_export.collect(db, GUILD, MEMBER)
    kinds = [row["kind"] for row in rows]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "profile": 1,
        "rsvp": 2,
        "idea": 1,
        "support": 1,
        "volunteer_entry": 1,
        "reminder": 3,
        "created": 4,
        "audit": 1,
    }
    assert all(row["member_id"] == str(MEMBER) for row in rows)
    assert not mentions(rows, OTHER)
    [idea] = [row for row in rows if row["kind"] == "idea"]
    assert (idea["id"], idea["text"], idea["status"], idea["support"]) == (
        trace.member_idea_id,
        "Buurtbudget",
        "new",
        1,
    )
    assert [row["idea_id"] for row in rows if row["kind"] == "support"] == [trace.other_idea_id]
    assert "Inloopspreekuur" not in privacy_export.to_json(rows)
    assert [row["attending"] for row in rows if row["kind"] == "rsvp"] == [True, False]
    markdown = privacy_export.to_markdown(rows, MEMBER, clock.now(), "nl")
    assert "## Je ideeën (met status en aantal keer gesteund) (1)" in markdown and "| Buurtbudget |" in markdown
    assert await privacy_export.collect(db, GUILD, MEMBER) == rows
    assert await privacy_export.collect(db, OTHER_GUILD, MEMBER) == []


async def test_delete_leaves_nothing_that_references_the_member_and_keeps_ideas_anonymised(
    db: Database, clock: ManualClock
) -> None:
    trace = await leave_traces(db, clock)
    assert len(await rows_mentioning(db, MEMBER)) >= 10
    other_before = await privacy_export.collect(db, GUILD, OTHER)

    erasure = await privacy.erase_member(db, clock.now(), GUILD, MEMBER, audit.MEMBER_DELETE)

    assert await rows_mentioning(db, MEMBER) == []
    assert {k: v for k, v in erasure.counts.items() if v} == {
        "profile": 1,
        "rsvps": 2,
        "supports": 1,
        "volunteer_entries": 1,
        "ideas": 1,
        "sessions": 1,
        "reminders": 1,
        "prompts": 1,
        "host_calls": 1,
        "audit_entries": 1,
    }
    assert (erasure.ideas_mode, erasure.session_ids, erasure.call_ids) == ("anonymise", [1, 2], [trace.call_id])
    assert [copy.idea_id for copy in erasure.idea_copies] == [trace.member_idea_id]
    kept = await db.fetch_one("SELECT author_id, organisation, text FROM ideas WHERE id = ?", (trace.member_idea_id,))
    assert tuple(kept) == (0, "Zeist", "Buurtbudget")  # type: ignore[arg-type]
    for row in other_before:
        row["support"] = 0 if row["kind"] == "idea" else row.get("support")  # the member's support is gone
    assert [{**row, "support": row.get("support")} for row in await privacy_export.collect(db, GUILD, OTHER)] == [
        {**row, "support": row.get("support")} for row in other_before
    ]
    [entry] = await audit.latest(db, GUILD, limit=1)
    assert (entry.actor_id, entry.action) == (audit.SYSTEM, audit.MEMBER_DELETE)

    again = await privacy.erase_member(db, clock.now(), GUILD, MEMBER, audit.MEMBER_DELETE)
    assert not again.anything and again.idea_copies == []
    assert len(await audit.latest(db, GUILD)) == 2


async def test_delete_erases_ideas_when_the_server_says_so(db: Database, clock: ManualClock) -> None:
    trace = await leave_traces(db, clock)
    await set_retention(db, GUILD, clock.now(), member_ideas="erase")
    erasure = await privacy.erase_member(db, clock.now(), GUILD, MEMBER, audit.MEMBER_DELETE)
    assert (erasure.ideas_mode, erasure.counts["ideas"]) == ("erase", 1)
    assert await db.fetch_one("SELECT 1 FROM ideas WHERE id = ?", (trace.member_idea_id,)) is None
    assert await db.fetch_one("SELECT 1 FROM idea_support WHERE user_id = ?", (OTHER,)) is None
    assert await rows_mentioning(db, MEMBER) == []


async def test_delete_stays_within_the_server(db: Database, clock: ManualClock) -> None:
    await leave_traces(db, clock)
    await leave_traces(db, clock, OTHER_GUILD)
    elsewhere = await privacy_export.collect(db, OTHER_GUILD, MEMBER)
    await privacy.erase_member(db, clock.now(), GUILD, MEMBER, audit.MEMBER_DELETE)
    assert len(elsewhere) == 14 and await privacy_export.collect(db, OTHER_GUILD, MEMBER) == elsewhere


async def test_member_erasure_waits_for_the_grace_period_and_is_called_off_by_a_return(
    db: Database, clock: ManualClock
) -> None:
    await leave_traces(db, clock)
    due = await erasures.schedule(db, clock.now(), GUILD, MEMBER)
    assert due == clock.now() + timedelta(days=30)
    assert await erasures.schedule(db, clock.now() + timedelta(days=1), GUILD, MEMBER) is None
    assert await erasures.call_off(db, clock.now(), GUILD, MEMBER)
    assert not await erasures.call_off(db, clock.now(), GUILD, MEMBER)
    statuses = await db.fetch_all("SELECT subject_id, status FROM timers WHERE kind = ?", (erasures.KIND,))
    assert [tuple(row) for row in statuses] == [(1, "cancelled")]
    assert (await erasures.carry_out(db, clock.now(), 1, 99)) == erasures.Done()
    assert len(await rows_mentioning(db, MEMBER)) >= 10

    await set_retention(db, GUILD, clock.now(), grace_days=7)
    assert await erasures.schedule(db, clock.now(), GUILD, MEMBER) == clock.now() + timedelta(days=7)
    [pending] = await db.fetch_all("SELECT id FROM pending_erasures")
    done = await erasures.carry_out(db, clock.now(), pending["id"], 99)
    assert done.member is not None and done.member.counts["profile"] == 1
    assert await rows_mentioning(db, MEMBER) == []
    assert await erasures.carry_out(db, clock.now(), pending["id"], 99) == erasures.Done()
    [entry] = await audit.latest(db, GUILD, limit=1)
    assert entry.action == audit.MEMBER_ERASED and str(MEMBER) not in entry.detail


async def test_members_with_data_are_those_with_rows_of_their_own_and_no_erasure_planned(
    db: Database, clock: ManualClock
) -> None:
    await leave_traces(db, clock)
    await leave_traces(db, clock, OTHER_GUILD)
    assert await erasures.members_with_data(db, GUILD) == {MEMBER, OTHER}  # the organiser only planned a session
    await erasures.schedule(db, clock.now(), GUILD, MEMBER)
    assert await erasures.members_with_data(db, GUILD) == {OTHER}
    assert await erasures.members_with_data(db, OTHER_GUILD) == {MEMBER, OTHER}


async def test_server_erasure_removes_every_row_of_that_server_only(db: Database, clock: ManualClock) -> None:
    await leave_traces(db, clock)
    await leave_traces(db, clock, OTHER_GUILD)
    other_before = await privacy_export.collect(db, OTHER_GUILD, MEMBER)
    await erasures.schedule(db, clock.now(), GUILD)
    assert await erasures.pending_guilds(db) == {GUILD}
    assert await erasures.guilds_with_data(db) == {GUILD, OTHER_GUILD}
    [timer] = await db.fetch_all("SELECT id, subject_id FROM timers WHERE kind = ?", (erasures.KIND,))

    done = await erasures.carry_out(db, clock.now(), timer["subject_id"], timer["id"])

    assert done.guild_rows and done.guild_rows > 10
    assert await erasures.guilds_with_data(db) == {OTHER_GUILD}
    assert [tuple(r) for r in await db.fetch_all("SELECT id FROM timers WHERE guild_id = ?", (GUILD,))] == [
        (timer["id"],)
    ]
    for table in ("rsvps", "reminders", "idea_support", "host_volunteers", "host_call_sessions"):
        assert (await db.fetch_one(f"SELECT count(*) FROM {table}"))[0] > 0  # type: ignore[index]
    assert await privacy_export.collect(db, OTHER_GUILD, MEMBER) == other_before
    assert await erasures.carry_out(db, clock.now(), timer["subject_id"], timer["id"]) == erasures.Done()


async def test_retention_settings_are_checked(db: Database, clock: ManualClock) -> None:
    settings = await get_settings(db, GUILD)
    assert (settings.member_ideas, settings.grace_days, settings.retention_months) == ("anonymise", 30, None)
    for bad in ({"member_ideas": "shred"}, {"grace_days": 400}, {"retention_months": -1}):
        try:
            await set_retention(db, GUILD, clock.now(), **bad)  # type: ignore[arg-type]
        except UserError as error:
            assert error.key.startswith("retention.bad_")
        else:
            raise AssertionError(bad)
    settings = await set_retention(db, GUILD, clock.now(), "erase", 0, 12)
    assert (settings.member_ideas, settings.grace_days, settings.retention_months) == ("erase", 0, 12)
    assert (await set_retention(db, GUILD, clock.now(), retention_months=0)).retention_months is None


async def test_a_colleagues_host_note_is_theirs_to_export_and_erase(db: Database, clock: ManualClock) -> None:
    await leave_traces(db, clock)
    [call_id] = {row["call_id"] for row in await db.fetch_all("SELECT call_id FROM host_volunteers")}
    call = await hosts.get_call(db, GUILD, call_id)
    [session_id] = await hosts_store.call_session_ids(db, call_id)
    await hosts.volunteer(db, clock.now(), call, directory().resolve("Zeist"), [session_id], "Ik regel koffie", OTHER)
    exported = await privacy_export.collect(db, GUILD, OTHER)
    assert [row["note"] for row in exported if row.get("municipality_name") == "Zeist"] == ["Ik regel koffie"]
    await privacy.erase_member(db, clock.now(), GUILD, MEMBER, audit.MEMBER_DELETE)
    zeist = next(entry for entry in await hosts.entries(db, call_id) if entry.municipality_name == "Zeist")
    assert zeist.members == (EntryMember(OTHER, "Ik regel koffie"),), "the colleague's entry and note stay"
    await privacy.erase_member(db, clock.now(), GUILD, OTHER, audit.MEMBER_DELETE)
    assert await hosts.entries(db, call_id) == [], "erasing the last member ends the entry"
    assert not await rows_mentioning(db, OTHER)
