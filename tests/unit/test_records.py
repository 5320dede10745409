"""A session's check-in (its timer, the window, once per member) and its record (five paragraphs, audited)."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, checkins, privacy, privacy_export, records, sessions
from bot.domain.exports import export_rows
from bot.domain.timers import Status
from bot.errors import UserError
from tests.unit.test_sessions import CHANNEL, GUILD, ORGANISER, plan

MEMBER = 42
START = datetime(2026, 12, 10, 18, 30, tzinfo=UTC)  # 10 December 19:30 in Amsterdam


async def checkin_timer(db: Database, session_id: int) -> tuple[str, str]:
    row = await db.fetch_one(
        "SELECT status, due_at FROM timers WHERE kind = ? AND subject_id = ?", (checkins.KIND, session_id)
    )
    assert row is not None
    return row[0], row[1]


async def test_a_published_session_gets_a_checkin_timer_at_its_start(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    assert await checkin_timer(db, session.id) == ("pending", "2026-12-10T18:30:00+00:00")


async def test_the_checkin_moves_with_the_session_and_is_cancelled_with_it(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    await sessions.edit_session(db, clock.now(), guild_id=GUILD, session_id=session.id, starts="11-12-2026 10:00")
    assert await checkin_timer(db, session.id) == ("pending", "2026-12-11T09:00:00+00:00")
    await sessions.cancel_session(db, clock.now(), GUILD, session.id)
    assert (await checkin_timer(db, session.id))[0] == "cancelled"


async def test_a_checkin_is_posted_on_time_late_or_missed(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    closes = session.end_utc + timedelta(hours=2)
    assert checkins.fate(START, START, session) is Status.DONE
    assert checkins.fate(START + timedelta(minutes=30), START, session) is Status.LATE
    assert checkins.fate(closes - timedelta(seconds=1), START, session) is Status.LATE
    assert checkins.fate(closes, START, session) is Status.MISSED


async def test_a_member_checks_in_once_within_the_window(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    with pytest.raises(UserError) as early:
        await records.check_in(db, START - timedelta(minutes=1), GUILD, session.id, MEMBER)
    assert early.value.key == "checkin.not_open"
    assert (await records.check_in(db, START, GUILD, session.id, MEMBER))[1] is True
    assert (await records.check_in(db, START + timedelta(hours=1), GUILD, session.id, MEMBER))[1] is False
    assert (await records.check_in(db, START, GUILD, session.id, MEMBER + 1))[1] is True
    assert await records.checkin_count(db, session.id) == 2
    with pytest.raises(UserError) as late:
        await records.check_in(db, session.end_utc + timedelta(hours=2), GUILD, session.id, MEMBER + 2)
    assert late.value.key == "checkin.closed"
    with pytest.raises(UserError) as elsewhere:
        await records.check_in(db, START, GUILD + 1, session.id, MEMBER + 2)
    assert elsewhere.value.key == "session.unknown"
    assert await records.checkin_count(db, session.id) == 2


async def test_the_checkin_message_is_a_draft_until_recorded(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    draft = await records.prepare_checkin(db, START, session)
    assert (draft.session_id, draft.channel_id, draft.message_id) == (session.id, CHANNEL, None)
    assert [d.session_id for d in await records.checkin_drafts(db)] == [session.id]
    await records.record_checkin_message(db, session.id, 777)
    assert (await records.prepare_checkin(db, START, session)).message_id == 777, "a second run keeps the message"
    assert await records.checkin_drafts(db) == []
    await records.discard_checkin_draft(db, session.id)
    assert await records.checkin_message(db, session.id) is not None, "a posted message is no draft to discard"


async def test_the_record_is_kept_overwritten_and_audited_without_its_text(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    assert await records.get_record(db, GUILD, session.id) is None
    typed = {"stands_out": "  Veel \u202eenergie \n", "proposals": "Een pilot", "notes": ""}
    saved = await records.save_record(db, clock.now(), GUILD, session.id, ORGANISER, typed)
    assert saved.paragraphs == {
        "stands_out": "Veel energie",
        "opportunities": None,
        "follow_up": None,
        "proposals": "Een pilot",
        "notes": None,
    }
    clock.advance(timedelta(hours=1))
    again = await records.save_record(db, clock.now(), GUILD, session.id, ORGANISER + 1, {"follow_up": "Juni"})
    assert again.paragraphs["follow_up"] == "Juni" and again.paragraphs["stands_out"] is None
    assert (again.updated_by, again.updated_at) == (ORGANISER + 1, clock.now())
    entries = await audit.latest(db, GUILD)
    assert [(e.action, e.detail) for e in entries] == [(audit.SESSION_RECORD, f"#{session.id}")] * 2


async def test_a_paragraph_over_the_limit_is_refused_and_nothing_is_saved(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    with pytest.raises(UserError) as refused:
        await records.save_record(db, clock.now(), GUILD, session.id, ORGANISER, {"follow_up": "x" * 4001})
    assert (refused.value.key, refused.value.params) == ("record.follow_up_too_long", {"max": 4000, "length": 4001})
    assert await records.get_record(db, GUILD, session.id) is None
    with pytest.raises(UserError) as unknown:
        await records.save_record(db, clock.now(), GUILD + 1, session.id, ORGANISER, {})
    assert unknown.value.key == "session.unknown"


async def test_records_are_exported_with_their_checkins_counted(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    await records.check_in(db, START, GUILD, session.id, MEMBER)
    await records.save_record(db, clock.now(), GUILD, session.id, ORGANISER, {"stands_out": "=1+1"})
    [row] = await export_rows(db, GUILD, "records")
    assert (row["session_id"], row["stands_out"], row["checked_in"], row["updated_by"]) == (
        session.id,
        "=1+1",
        1,
        str(ORGANISER),
    )


async def test_a_members_checkin_is_in_their_export_and_erased_with_them(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    await records.check_in(db, START, GUILD, session.id, MEMBER)
    await records.save_record(db, clock.now(), GUILD, session.id, MEMBER, {"notes": "Aantekening"})
    rows = await privacy_export.collect(db, GUILD, MEMBER)
    assert [row["session_id"] for row in rows if row["kind"] == "checkin"] == [session.id]
    assert [row["id"] for row in rows if row["kind"] == "created" and row["record"] == "session_record"] == [session.id]
    erasure = await privacy.erase_member(db, clock.now(), GUILD, MEMBER, audit.MEMBER_DELETE)
    assert (erasure.counts["checkins"], erasure.counts["session_records"]) == (1, 1)
    assert await records.checkin_count(db, session.id) == 0
    record = await records.get_record(db, GUILD, session.id)
    assert record is not None and record.updated_by == 0 and record.paragraphs["notes"] == "Aantekening"
