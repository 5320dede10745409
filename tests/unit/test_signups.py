from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.db.entries import EntryMember
from bot.domain import audit, deadlines, privacy, privacy_export, signups
from bot.errors import UserError
from bot.municipalities import directory

GUILD, OTHER_GUILD, ORGANISER, CHANNEL = 1001, 1002, 7, 55
ZEIST, LOCHEM = directory().resolve("Zeist"), directory().resolve("Lochem")
QUESTION = "Welke gemeenten willen meedoen met de Thorbecke-experimenten?"


async def call_for(db: Database, clock: ManualClock, closes: str | None = None) -> signups.SignupCall:
    call = await signups.open_call(
        db, clock.now(), guild_id=GUILD, channel_id=CHANNEL, created_by=ORGANISER, question=QUESTION, closes=closes
    )
    await signups.record_message(db, call.id, 9000 + call.id)
    return await signups.get_call(db, GUILD, call.id)


def test_the_warning_comes_a_day_before_or_halfway_when_sooner(clock: ManualClock) -> None:
    now = clock.now()
    assert deadlines.warning_at(now, now + timedelta(days=3)) == now + timedelta(days=2)
    assert deadlines.warning_at(now, now + timedelta(hours=10)) == now + timedelta(hours=5)


async def test_a_call_with_a_deadline_has_its_warning_and_closing_timers(db: Database, clock: ManualClock) -> None:
    call = await call_for(db, clock, "1-12-2026 17:00")
    assert call.question == QUESTION and not call.closed and call.entry_count == 0
    timers = await db.fetch_all("SELECT kind, due_at, status FROM timers WHERE subject_id = ? ORDER BY due_at", (1,))
    assert [tuple(row) for row in timers] == [
        ("signup_warning", "2026-11-30T16:00:00+00:00", "pending"),
        ("signup_close", "2026-12-01T16:00:00+00:00", "pending"),
    ]
    assert await signups.close_call(db, GUILD, call.id, clock.now()) is True
    assert await signups.close_call(db, GUILD, call.id, clock.now()) is False
    statuses = await db.fetch_all("SELECT DISTINCT status FROM timers WHERE subject_id = ?", (1,))
    assert [row[0] for row in statuses] == ["cancelled"], "closing by hand drops the pending timers"


async def test_bad_calls_are_refused(db: Database, clock: ManualClock) -> None:
    cases = {"  ": "signup.empty", "x" * (signups.QUESTION_MAX + 1): "signup.too_long"}
    for question, key in cases.items():
        with pytest.raises(UserError) as refused:
            await signups.open_call(
                db,
                clock.now(),
                guild_id=GUILD,
                channel_id=CHANNEL,
                created_by=ORGANISER,
                question=question,
                closes=None,
            )
        assert refused.value.key == key
    with pytest.raises(UserError) as past:
        await call_for(db, clock, "1-11-2026 17:00")
    assert past.value.key == "time.past"
    with pytest.raises(UserError) as elsewhere:
        await signups.get_call(db, OTHER_GUILD, (await call_for(db, clock)).id)
    assert elsewhere.value.key == "signups.unknown_call"


async def test_one_entry_per_municipality_a_note_per_member_and_the_entry_ends_with_its_last_member(
    db: Database, clock: ManualClock
) -> None:
    call = await call_for(db, clock)
    assert await signups.join(db, clock.now(), call, ZEIST, "Anouk, griffie", 1) is True
    assert await signups.join(db, clock.now(), call, ZEIST, "Bram: burgerpanel", 2) is False
    assert await signups.join(db, clock.now(), call, LOCHEM, "", 3) is True
    assert await signups.join(db, clock.now(), call, ZEIST, None, 1) is False, "joining again keeps one's note"
    zeist, lochem = await signups.entries(db, call.id)
    assert zeist.members == (EntryMember(1, "Anouk, griffie"), EntryMember(2, "Bram: burgerpanel"))
    assert lochem.members == (EntryMember(3, None),) and lochem.shown == "Lochem"
    assert (await signups.get_call(db, GUILD, call.id)).entry_count == 2

    assert await signups.withdraw(db, call, 4) == [], "only one's own part can be withdrawn"
    assert await signups.withdraw(db, call, 1) == ["Zeist"]
    [zeist, _] = await signups.entries(db, call.id)
    assert zeist.members == (EntryMember(2, "Bram: burgerpanel"),), "the colleague's part stays"
    assert await signups.withdraw(db, call, 2) == ["Zeist"]
    assert [e.municipality_name for e in await signups.entries(db, call.id)] == ["Lochem"]
    assert await db.fetch_all("SELECT id FROM signup_entries WHERE municipality_code = ?", (ZEIST.code,)) == []


async def test_a_closed_call_takes_no_changes_and_notes_have_a_limit(db: Database, clock: ManualClock) -> None:
    call = await call_for(db, clock)
    with pytest.raises(UserError) as long:
        await signups.join(db, clock.now(), call, ZEIST, "x" * (signups.NOTE_MAX + 1), 1)
    assert long.value.key == "signups.note_too_long"
    await signups.join(db, clock.now(), call, ZEIST, "x" * signups.NOTE_MAX, 1)
    await signups.close_call(db, GUILD, call.id, clock.now())
    closed = await signups.get_call(db, GUILD, call.id)
    for attempt in (signups.join(db, clock.now(), closed, LOCHEM, None, 2), signups.withdraw(db, closed, 1)):
        with pytest.raises(UserError) as refused:
            await attempt
        assert refused.value.key == "signups.call_closed"


async def test_open_calls_leave_out_drafts_and_closed_calls(db: Database, clock: ManualClock) -> None:
    first, second = await call_for(db, clock), await call_for(db, clock)
    await signups.open_call(
        db, clock.now(), guild_id=GUILD, channel_id=CHANNEL, created_by=ORGANISER, question="Concept", closes=None
    )
    await signups.join(db, clock.now(), second, LOCHEM, None, 3)
    await signups.close_call(db, GUILD, first.id, clock.now())
    assert [(c.id, c.entry_count) for c in await signups.open_calls(db, GUILD)] == [(second.id, 1)]
    assert [c.question for c in await signups.draft_calls(db)] == ["Concept"]


async def test_a_members_export_holds_their_note_and_erasing_them_keeps_a_colleagues_entry(
    db: Database, clock: ManualClock
) -> None:
    call = await call_for(db, clock)
    await signups.join(db, clock.now(), call, ZEIST, "Anouk, griffie", 1)
    await signups.join(db, clock.now(), call, ZEIST, "Bram: burgerpanel", 2)
    [row] = [r for r in await privacy_export.collect(db, GUILD, 1) if r["kind"] == "signup_entry"]
    assert (row["call_id"], row["question"], row["municipality_code"], row["note"]) == (
        call.id,
        QUESTION,
        ZEIST.code,
        "Anouk, griffie",
    )
    assert [r["id"] for r in await privacy_export.collect(db, GUILD, ORGANISER) if r.get("record") == "signup_call"]

    erasure = await privacy.erase_member(db, clock.now(), GUILD, 1, audit.MEMBER_DELETE)
    assert erasure.counts["signup_entries"] == 1
    [zeist] = await signups.entries(db, call.id)
    assert zeist.members == (EntryMember(2, "Bram: burgerpanel"),)
    await privacy.erase_member(db, clock.now(), GUILD, ORGANISER, audit.MEMBER_DELETE)
    assert (await signups.get_call(db, GUILD, call.id)).created_by == privacy.REMOVED_MEMBER
    await privacy.erase_member(db, clock.now(), GUILD, 2, audit.MEMBER_DELETE)
    assert await signups.entries(db, call.id) == [], "erasing the last member ends the entry"
