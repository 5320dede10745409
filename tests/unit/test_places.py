"""Places and the waiting list: who gets a place, who waits, who moves up, decided in one transaction."""

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.db import Database, Tx
from bot.documents.report_sections import attendance_line
from bot.domain import places, sessions
from bot.domain.exports import export_rows
from bot.domain.places import Counts, Source, State
from bot.domain.privacy import erase_member
from bot.domain.report import attendance as report_attendance
from bot.errors import UserError
from bot.i18n import t
from tests.conftest import plan_session

GUILD = 1


async def plan(db: Database, clock: ManualClock, capacity: int | None = 2) -> sessions.Session:
    """A session on 10 December with `capacity` places."""
    return await plan_session(
        db,
        clock.now(),
        guild_id=GUILD,
        created_by=7,
        channel_id=5,
        title="Kick-off",
        starts="10-12-2026 19:30",
        capacity=capacity,
    )


async def say(db: Database, clock: ManualClock, session_id: int, user_id: int, coming: bool = True) -> places.Answer:
    """A member answers, a minute after the previous answer (so the waiting list has an order by time)."""
    clock.advance(timedelta(minutes=1))
    return await sessions.rsvp(db, clock.now(), GUILD, session_id, user_id, coming)


async def test_beyond_capacity_members_wait_in_order_and_are_told_their_place(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock)
    assert (await say(db, clock, session.id, 1)).state is State.COMING
    assert (await say(db, clock, session.id, 2)).state is State.COMING
    third = await say(db, clock, session.id, 3)
    fourth = await say(db, clock, session.id, 4)
    assert (third.state, third.position) == (State.WAITING, 1)
    assert (fourth.state, fourth.position) == (State.WAITING, 2)
    again = await say(db, clock, session.id, 3)
    assert (again.changed, again.position) == (False, 1)
    assert await sessions.rsvp_counts(db, session.id) == Counts(coming=2, not_coming=0, waiting=2, capacity=2)
    assert await sessions.waiting_list(db, session.id) == [3, 4]


async def test_a_freed_place_goes_to_the_first_waiting_and_only_a_place_frees_one(
    db: Database, clock: ManualClock
) -> None:
    session = await plan(db, clock)
    for member in (1, 2, 3, 4, 5):
        await say(db, clock, session.id, member)
    leaving_the_list = await say(db, clock, session.id, 4, coming=False)
    assert leaving_the_list.promoted == []
    assert await sessions.waiting_list(db, session.id) == [3, 5]
    freed = await say(db, clock, session.id, 1, coming=False)
    assert freed.promoted == [3]
    assert await sessions.attendees(db, session.id) == [2, 3]
    assert await sessions.waiting_list(db, session.id) == [5]
    back = await say(db, clock, session.id, 1)
    assert (back.state, back.position) == (State.WAITING, 2)


async def test_raising_the_capacity_moves_up_as_many_and_lowering_keeps_everyone(
    db: Database, clock: ManualClock
) -> None:
    session = await plan(db, clock)
    for member in (1, 2, 3, 4, 5):
        await say(db, clock, session.id, member)
    await sessions.edit_session(db, clock.now(), guild_id=GUILD, session_id=session.id, capacity=4)
    assert await sessions.attendees(db, session.id) == [1, 2, 3, 4]
    await sessions.edit_session(db, clock.now(), guild_id=GUILD, session_id=session.id, capacity=1)
    assert await sessions.rsvp_counts(db, session.id) == Counts(coming=4, not_coming=0, waiting=1, capacity=1)
    assert (await say(db, clock, session.id, 1, coming=False)).promoted == []
    await sessions.edit_session(db, clock.now(), guild_id=GUILD, session_id=session.id, capacity=places.NO_LIMIT)
    assert await sessions.rsvp_counts(db, session.id) == Counts(coming=4, not_coming=1, waiting=0, capacity=None)
    assert (await say(db, clock, session.id, 6)).state is State.COMING


async def test_a_capacity_must_be_a_sensible_number(db: Database, clock: ManualClock) -> None:
    with pytest.raises(UserError) as refused:
        await plan(db, clock, capacity=-3)
    assert refused.value.key == "session.bad_capacity"
    session = await plan(db, clock, capacity=0)
    assert session.capacity is None
    with pytest.raises(UserError) as refused:
        await sessions.edit_session(db, clock.now(), guild_id=GUILD, session_id=session.id, capacity=10**9)
    assert refused.value.key == "session.bad_capacity"


async def test_an_erased_member_frees_their_place(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock, capacity=1)
    await say(db, clock, session.id, 1)
    await say(db, clock, session.id, 2)
    await erase_member(db, clock.now(), GUILD, 1, "privacy_delete")
    assert await sessions.attendees(db, session.id) == [2]
    assert await sessions.waiting_list(db, session.id) == []


async def test_interest_from_the_event_is_withdrawn_by_the_event_only_when_it_came_from_it(
    db: Database, clock: ManualClock
) -> None:
    session = await plan(db, clock, capacity=1)
    await sessions.rsvp(db, clock.now(), GUILD, session.id, 1, True, Source.EVENT)
    clock.advance(timedelta(minutes=1))
    await sessions.rsvp(db, clock.now(), GUILD, session.id, 2, True, Source.EVENT)
    await say(db, clock, session.id, 3)
    await say(db, clock, session.id, 2)  # the button confirms: 2's RSVP is now the member's own
    assert await sessions.withdraw_interest(db, clock.now(), GUILD, session.id, 2) is None
    assert await sessions.withdraw_interest(db, clock.now(), GUILD, session.id, 1) == [2]
    assert await sessions.attendees(db, session.id) == [2]
    assert await sessions.waiting_list(db, session.id) == [3]
    assert await sessions.withdraw_interest(db, clock.now(), GUILD, session.id, 3) is None


async def test_simultaneous_clicks_never_overbook(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    """Forty members click at once through two connections to the same file (two writers, as two processes)."""
    session = await plan(db, clock, capacity=5)
    other = await Database.open(tmp_path / "leerkring.db")
    try:
        answers = await asyncio.gather(
            *(
                sessions.rsvp(connection, clock.now(), GUILD, session.id, member, True)
                for member in range(100, 140)
                for connection in [db if member % 2 else other]
            )
        )
    finally:
        await other.close()
    assert sum(answer.state is State.COMING for answer in answers) == 5
    assert sorted(answer.position for answer in answers if answer.position) == list(range(1, 36))
    assert await sessions.rsvp_counts(db, session.id) == Counts(coming=5, not_coming=0, waiting=35, capacity=5)


async def test_places_freed_at_once_are_each_given_once(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    """Three coming members withdraw at the same moment through two connections: three move up, each once."""
    session = await plan(db, clock, capacity=3)
    for member in range(1, 9):
        await say(db, clock, session.id, member)
    other = await Database.open(tmp_path / "leerkring.db")
    try:
        answers = await asyncio.gather(
            sessions.rsvp(db, clock.now(), GUILD, session.id, 1, False),
            sessions.rsvp(other, clock.now(), GUILD, session.id, 2, False),
            sessions.rsvp(db, clock.now(), GUILD, session.id, 3, False),
            sessions.edit_session(other, clock.now(), guild_id=GUILD, session_id=session.id, capacity=4),
        )
    finally:
        await other.close()
    assert len(answers) == 4
    assert sorted(await sessions.attendees(db, session.id)) == [4, 5, 6, 7]
    assert sorted(member for member, _, _ in await promotion_notices(db)) == [4, 5, 6, 7]
    assert await sessions.waiting_list(db, session.id) == [8]


async def promotion_notices(db: Database) -> list[tuple[int, int, int | None]]:
    """(member, session, channel) of every queued waiting-list notice, in queue order."""
    rows = await db.fetch_all(
        "SELECT n.user_id, b.params, b.channel_id FROM notices n JOIN notice_batches b ON b.id = n.batch_id "
        "WHERE b.kind = ? ORDER BY n.id",
        (places.NOTICE_KIND,),
    )
    return [(row["user_id"], json.loads(row["params"])["session_id"], row["channel_id"]) for row in rows]


async def test_each_promotion_queues_one_notice_in_the_same_transaction(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock, capacity=1)
    for member in (1, 2, 3, 4, 5):
        await say(db, clock, session.id, member)
    assert await promotion_notices(db) == []
    await say(db, clock, session.id, 1, coming=False)
    await say(db, clock, session.id, 1, coming=False)  # a repeated click frees nothing more
    assert await promotion_notices(db) == [(2, session.id, 5)]
    await sessions.edit_session(db, clock.now(), guild_id=GUILD, session_id=session.id, capacity=3)
    await erase_member(db, clock.now(), GUILD, 2, "privacy_delete")  # 2's notice goes with the rest of 2's data
    assert await promotion_notices(db) == [(3, session.id, 5), (4, session.id, 5), (5, session.id, 5)]


async def test_a_failed_write_promotes_nobody_and_queues_nothing(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock, capacity=1)
    await say(db, clock, session.id, 1)
    await say(db, clock, session.id, 2)

    def withdraw_then_fail(tx: Tx) -> None:
        places.answer_in(tx, clock.now(), session.id, 1, False, Source.MEMBER)
        raise RuntimeError("the write stops half-way")

    with pytest.raises(RuntimeError):
        await db.write(withdraw_then_fail)
    assert await sessions.attendees(db, session.id) == [1]
    assert await promotion_notices(db) == []


async def test_exports_and_the_report_count_the_waiting(db: Database, clock: ManualClock) -> None:
    session = await plan(db, clock, capacity=1)
    for member in (1, 2, 3):
        await say(db, clock, session.id, member)
    await say(db, clock, session.id, 4, coming=False)
    attendance = await export_rows(db, GUILD, "attendance")
    assert [(row["user_id"], row["state"], row["attending"]) for row in attendance] == [
        ("1", "coming", True),
        ("2", "waiting", False),
        ("3", "waiting", False),
        ("4", "not_coming", False),
    ]
    [row] = await export_rows(db, GUILD, "sessions")
    assert (row["capacity"], row["coming"], row["waiting"], row["not_coming"]) == (1, 1, 2, 1)
    counted = await report_attendance(db, session)
    assert (counted.members, counted.waiting) == (1, 2)
    assert attendance_line(counted, "nl").endswith(t("report.attendance_waiting", "nl", waiting=2))
