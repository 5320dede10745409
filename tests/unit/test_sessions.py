from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import reminders, sessions
from bot.domain.places import Counts
from bot.domain.settings import set_reminder_offsets
from bot.domain.timers import Status
from bot.errors import UserError
from tests.conftest import plan_session

GUILD, ORGANISER, CHANNEL = 1001, 7, 55


async def plan(db: Database, clock: ManualClock, starts: str = "10-12-2026 19:30", **extra: str) -> sessions.Session:
    return await plan_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=ORGANISER,
        channel_id=CHANNEL,
        title="Leerkring Democratie",
        starts=starts,
        **extra,
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def test_create_keeps_wall_clock_time_and_default_reminders(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock, duration="1u30m", location="  Stadhuis Zeist ")
    assert session.start.local == datetime(2026, 12, 10, 19, 30)
    assert session.start.utc == utc(2026, 12, 10, 18, 30)
    assert (session.duration, session.location, session.cancelled) == (timedelta(minutes=90), "Stadhuis Zeist", False)
    fires = [(r.offset, r.fire.local, r.status) for r in await reminders.session_reminders(db, session.id)]
    assert [(f[1], f[2]) for f in fires] == [
        (datetime(2026, 12, 3, 19, 30), Status.PENDING),
        (datetime(2026, 12, 9, 19, 30), Status.PENDING),
    ]


async def test_default_reminders_already_past_are_skipped(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock, starts="29-11-2026 10:00")
    assert [r.fire.local for r in await reminders.session_reminders(db, session.id)] == [datetime(2026, 11, 28, 10, 0)]


@pytest.mark.parametrize(
    ("starts", "expected_utc"),
    [
        # the Monday after the last Sunday of March: summer time began in between
        ("29-03-2027 10:00", [utc(2027, 3, 22, 9, 0), utc(2027, 3, 28, 8, 0), utc(2027, 3, 29, 6, 0)]),
        # the Monday after the last Sunday of October: winter time began in between
        ("01-11-2027 10:00", [utc(2027, 10, 25, 8, 0), utc(2027, 10, 31, 9, 0), utc(2027, 11, 1, 7, 0)]),
    ],
)
async def test_offsets_are_wall_clock_across_dst(
    db: Database, clock: ManualClock, starts: str, expected_utc: list[datetime]
) -> None:
    await set_reminder_offsets(db, GUILD, "7d,1d,2h", clock.now())
    session = await plan(db, clock, starts=starts)
    found = await reminders.session_reminders(db, session.id)
    assert [r.fire.utc for r in found] == expected_utc
    assert {r.fire.local.time() for r in found} == {
        session.start.local.time(),
        (session.start.local - timedelta(hours=2)).time(),
    }


async def test_nonexistent_spring_time_is_refused(db: Database, clock: ManualClock) -> None:
    with pytest.raises(UserError) as refused:
        await plan(db, clock, starts="28-03-2027 02:30")
    assert refused.value.key == "time.nonexistent"
    assert await db.fetch_one("SELECT * FROM sessions") is None


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ({"starts": "gisteren 10:00"}, "time.past"),
        ({"starts": "blah"}, "time.unparsable"),
        ({"duration": "13h"}, "session.bad_duration"),
        ({"duration": "lang"}, "session.bad_duration"),
        ({"location": "x" * 101}, "session.location_too_long"),
        ({"description": "x" * 1001}, "session.description_too_long"),
    ],
)
async def test_bad_input_is_refused_and_nothing_written(
    db: Database, clock: ManualClock, extra: dict[str, str], key: str
) -> None:
    with pytest.raises(UserError) as refused:
        await plan(db, clock, **extra)
    assert refused.value.key == key
    assert tuple(await db.fetch_one("SELECT count(*) FROM sessions")) == (0,)  # type: ignore[arg-type]
    assert tuple(await db.fetch_one("SELECT count(*) FROM reminders")) == (0,)  # type: ignore[arg-type]


async def test_editing_the_start_moves_pending_reminders(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    fixed = await reminders.add_reminder(
        db,
        clock.now(),
        guild_id=GUILD,
        session_id=session.id,
        start=session.start,
        when="05-12-2026 09:00",
        message="Lees het verslag",
        created_by=ORGANISER,
    )
    moved = await sessions.edit_session(
        db, clock.now(), guild_id=GUILD, session_id=session.id, starts="03-12-2026 14:00"
    )
    assert moved.start.local == datetime(2026, 12, 3, 14, 0)
    assert moved.sequence == session.sequence + 1
    found = {r.id: r for r in await reminders.session_reminders(db, session.id)}
    offsets = sorted((r.fire.local, r.status) for r in found.values() if r.offset is not None)
    assert offsets == [(datetime(2026, 11, 26, 14, 0), Status.PENDING), (datetime(2026, 12, 2, 14, 0), Status.PENDING)]
    assert found[fixed.id].status is Status.CANCELLED  # 5 December now falls after the session


async def test_cancel_cancels_pending_reminders(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    cancelled = await sessions.cancel_session(db, clock.now(), GUILD, session.id)
    assert cancelled.cancelled
    assert {r.status for r in await reminders.session_reminders(db, session.id)} == {Status.CANCELLED}
    with pytest.raises(UserError) as again:
        await sessions.cancel_session(db, clock.now(), GUILD, session.id)
    assert again.value.key == "session.cancelled"


async def test_sessions_of_another_server_are_unknown(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    with pytest.raises(UserError) as refused:
        await sessions.get_session(db, GUILD + 1, session.id)
    assert (refused.value.key, refused.value.params) == ("session.unknown", {"id": session.id})


async def test_rsvp_is_idempotent_and_counted(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    assert (await sessions.rsvp(db, clock.now(), GUILD, session.id, 1, True)).changed
    assert not (await sessions.rsvp(db, clock.now(), GUILD, session.id, 1, True)).changed
    assert (await sessions.rsvp(db, clock.now(), GUILD, session.id, 2, True)).changed
    assert (await sessions.rsvp(db, clock.now(), GUILD, session.id, 3, False)).changed
    assert await sessions.rsvp_counts(db, session.id) == Counts(coming=2, not_coming=1, waiting=0, capacity=None)
    assert await sessions.attendees(db, session.id) == [1, 2]
    assert (await sessions.rsvp(db, clock.now(), GUILD, session.id, 1, False)).changed
    assert await sessions.attendees(db, session.id) == [2]


async def test_upcoming_lists_planned_sessions_soonest_first(db: Database, clock: ManualClock) -> None:
    later = await plan(db, clock, starts="20-12-2026 10:00")
    sooner = await plan(db, clock, starts="1-12-2026 10:00")
    gone = await plan(db, clock, starts="5-12-2026 10:00")
    await sessions.cancel_session(db, clock.now(), GUILD, gone.id)
    assert [s.id for s in await sessions.upcoming(db, GUILD, clock.now())] == [sooner.id, later.id]


async def test_add_reminder_by_offset_or_date_and_refusals(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    add = dict(guild_id=GUILD, session_id=session.id, start=session.start, message=None, created_by=ORGANISER)
    by_offset = await reminders.add_reminder(db, clock.now(), when="3u", **add)  # type: ignore[arg-type]
    assert by_offset.fire.local == datetime(2026, 12, 10, 16, 30)
    for when, key in [
        ("11-12-2026 10:00", "reminder.after_start"),
        ("30d", "reminder.in_past"),
        ("ooit", "time.unparsable"),
    ]:
        with pytest.raises(UserError) as refused:
            await reminders.add_reminder(db, clock.now(), when=when, **add)  # type: ignore[arg-type]
        assert refused.value.key == key
    cancelled = await reminders.cancel_reminder(db, clock.now(), GUILD, by_offset.id)
    assert cancelled.status is Status.CANCELLED
    with pytest.raises(UserError) as twice:
        await reminders.cancel_reminder(db, clock.now(), GUILD, by_offset.id)
    assert twice.value.key == "reminder.not_pending"


def test_delivery_status() -> None:
    due, start = utc(2026, 12, 9, 18, 30), utc(2026, 12, 10, 18, 30)
    assert reminders.delivery_status(due + timedelta(minutes=1), due, start) is Status.DONE
    assert reminders.delivery_status(due + timedelta(hours=3), due, start) is Status.LATE
    assert reminders.delivery_status(start, due, start) is Status.MISSED


async def test_a_session_is_a_draft_until_its_announcement_is_recorded(db: Database, clock: ManualClock) -> None:
    draft = await sessions.create_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=ORGANISER,
        channel_id=CHANNEL,
        title="Concept",
        starts="10-12-2026 19:30",
    )
    assert await sessions.upcoming(db, GUILD, clock.now()) == []
    assert await reminders.session_reminders(db, draft.id) == []
    assert [d.id for d in await sessions.drafts(db)] == [draft.id]
    published = await sessions.publish_session(db, clock.now(), draft, 777)
    assert published.announcement_message_id == 777
    assert [s.id for s in await sessions.upcoming(db, GUILD, clock.now())] == [draft.id]
    assert len(await reminders.session_reminders(db, draft.id)) == 2
    assert await sessions.drafts(db) == []
