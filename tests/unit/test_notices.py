"""The outbox on a real SQLite file: queued with a change, coalesced, delivered once per member, skipped when off."""

from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database, Tx, privacy
from bot.db import notices as store
from bot.db.codec import to_db
from bot.domain import notices, profiles
from bot.domain.notices import Batch, Delivery, Notice, NoticeStatus, Refused
from bot.domain.timers import Outcome, Status, Timer, TimerEngine
from bot.errors import UserError
from bot.ui.notices import line_messages

GUILD = 1
CHANNEL = 500


class Inbox:
    """A courier that keeps every DM and line it 'sent'; members in `closed` refuse DMs."""

    def __init__(self, closed: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        self.closed = closed
        self.dms: list[tuple[int, dict[str, object], int]] = []
        self.lines: list[tuple[int, tuple[int, ...]]] = []
        self.fail_after_send = False

    async def find_sent(self, batch: Batch, notice: Notice) -> int | None:
        return next((message for user, _, message in self.dms if user == notice.user_id and message == notice.id), None)

    async def send(self, batch: Batch, notice: Notice) -> int:
        if notice.user_id in self.closed:
            raise Refused
        self.dms.append((notice.user_id, batch.params, notice.id))
        if self.fail_after_send:
            raise ConnectionError("stopped between sending and recording")
        return notice.id

    async def find_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int] | None:
        return (batch.id, len(delivery.refused)) if any(b == batch.id for b, _ in self.lines) else None

    async def post_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int]:
        self.lines.append((batch.id, delivery.refused))
        return batch.id, len(delivery.refused)


class Deliverer:
    """The timer handler: delivers the batch a `notice` timer names through the inbox."""

    def __init__(self, db: Database, clock: ManualClock, inbox: Inbox) -> None:
        self.db, self.clock, self.inbox = db, clock, inbox

    async def run(self, timer: Timer) -> Outcome:
        await notices.deliver(self.db, self.clock, timer.subject_id, self.inbox)
        return Outcome(Status.DONE)

    async def failed(self, timer: Timer, error: str) -> None:
        raise AssertionError(error)


class NoWake:
    def wake_at(self, moment: object, callback: object) -> None:
        pass


@pytest.fixture
def inbox() -> Inbox:
    return Inbox(closed={33})


@pytest.fixture
def engine(db: Database, clock: ManualClock, inbox: Inbox) -> TimerEngine:
    engine = TimerEngine(db, clock, NoWake())
    engine.register(notices.KIND, Deliverer(db, clock, inbox))
    return engine


def status_change(clock: ManualClock, status: str, users: list[int]) -> object:
    def job(tx: Tx) -> int:
        return notices.queue_notices(
            tx,
            clock.now(),
            guild_id=GUILD,
            user_ids=users,
            kind="idea_status",
            params={"idea_id": 12, "status": status},
            link="https://discord.com/channels/1/2/3",
            channel_id=CHANNEL,
            announce=True,
            coalesce_key="idea-status:12",
        )

    return job


async def test_a_change_reaches_each_member_once_and_the_refused_one_in_the_line(
    db: Database, clock: ManualClock, engine: TimerEngine, inbox: Inbox
) -> None:
    batch_id = await db.write(status_change(clock, "accepted", [31, 32, 33, 31]))  # type: ignore[arg-type]
    assert await engine.run_due() == 0, "a coalescing batch waits its minute"
    clock.advance(notices.COALESCE_WINDOW)
    assert await engine.run_due() == 1
    assert await engine.run_due() == 0
    assert [user for user, _, _ in inbox.dms] == [31, 32]
    assert inbox.lines == [(batch_id, (33,))]
    delivery = await notices.deliver(db, clock, batch_id, inbox)
    assert (delivery.sent, delivery.refused, delivery.mentioned) == ((31, 32), (33,), 1)
    assert len(inbox.dms) == 2, "delivering a finished batch again sends nothing"


async def test_two_quick_changes_give_one_message_the_last(
    db: Database, clock: ManualClock, engine: TimerEngine, inbox: Inbox
) -> None:
    first = await db.write(status_change(clock, "accepted", [31]))  # type: ignore[arg-type]
    clock.advance(timedelta(seconds=20))
    second = await db.write(status_change(clock, "done", [31, 32]))  # type: ignore[arg-type]
    clock.advance(notices.COALESCE_WINDOW)
    assert await engine.run_due() == 1
    assert [(user, params["status"]) for user, params, _ in inbox.dms] == [(31, "done"), (32, "done")]
    assert [batch for batch, _ in inbox.lines] == [second]
    superseded = await store.batch_notices(db, first)
    assert [n.status for n in superseded] == [NoticeStatus.SUPERSEDED]


async def test_a_change_after_delivery_began_is_told_as_well(
    db: Database, clock: ManualClock, engine: TimerEngine, inbox: Inbox
) -> None:
    await db.write(status_change(clock, "accepted", [31]))  # type: ignore[arg-type]
    clock.advance(notices.COALESCE_WINDOW)
    await engine.run_due()
    await db.write(status_change(clock, "done", [31]))  # type: ignore[arg-type]
    clock.advance(notices.COALESCE_WINDOW)
    await engine.run_due()
    assert [params["status"] for _, params, _ in inbox.dms] == ["accepted", "done"]


async def test_members_with_notifications_off_are_skipped_and_recorded(
    db: Database, clock: ManualClock, inbox: Inbox
) -> None:
    await profiles.set_notifications(db, GUILD, 32, "off", clock.now())
    batch_id = await db.write(status_change(clock, "accepted", [31, 32]))  # type: ignore[arg-type]
    delivery = await notices.deliver(db, clock, batch_id, inbox)
    assert (delivery.sent, delivery.skipped, delivery.refused) == ((31,), (32,), ())
    assert [user for user, _, _ in inbox.dms] == [31]


async def test_an_interrupted_send_is_looked_for_before_sending_again(
    db: Database, clock: ManualClock, inbox: Inbox
) -> None:
    batch_id = await db.write(status_change(clock, "accepted", [31, 32]))  # type: ignore[arg-type]
    inbox.fail_after_send = True
    with pytest.raises(ConnectionError):
        await notices.deliver(db, clock, batch_id, inbox)
    assert [n.status for n in await store.batch_notices(db, batch_id)] == [NoticeStatus.SENDING, NoticeStatus.PENDING]
    inbox.fail_after_send = False
    delivery = await notices.deliver(db, clock, batch_id, inbox)
    assert [user for user, _, _ in inbox.dms] == [31, 32], "the DM that went out is not sent twice"
    assert delivery.sent == (31, 32)


async def test_a_notice_is_claimed_by_one_delivery_only(db: Database, clock: ManualClock) -> None:
    batch_id = await db.write(status_change(clock, "accepted", [31]))  # type: ignore[arg-type]
    (notice,) = await store.batch_notices(db, batch_id)
    assert await db.write(lambda tx: store.begin_sending(tx, notice.id))
    assert not await db.write(lambda tx: store.begin_sending(tx, notice.id))


async def test_one_member_with_a_fallback_channel_is_mentioned_only_when_refused(
    db: Database, clock: ManualClock, inbox: Inbox
) -> None:
    def place(user_id: int) -> object:
        return lambda tx: notices.queue_notice(
            tx,
            clock.now(),
            guild_id=GUILD,
            user_id=user_id,
            kind="waiting_list_place",
            params={"session_id": 4},
            link=None,
            fallback_channel_id=CHANNEL,
        )

    told = await db.write(place(31))  # type: ignore[arg-type]
    refused = await db.write(place(33))  # type: ignore[arg-type]
    await notices.deliver(db, clock, told, inbox)
    await notices.deliver(db, clock, refused, inbox)
    assert inbox.lines == [(refused, (33,))]


async def test_a_batch_of_an_origin_is_opened_once_and_tallied(db: Database, clock: ManualClock, inbox: Inbox) -> None:
    def open_reminder(tx: Tx) -> int:
        return notices.open_batch(
            tx, clock.now(), origin="reminder:5", guild_id=GUILD, user_ids=[31, 33], kind="session_reminder", params={}
        )

    first = await db.write(open_reminder)
    assert await db.write(open_reminder) == first
    assert await notices.tallies(db, ["reminder:5"]) == {}
    await notices.deliver(db, clock, first, inbox)
    assert await notices.tallies(db, ["reminder:5"]) == {"reminder:5": store.Tally(sent=1, mentioned=0)}


async def test_preferences_and_notices_are_in_the_members_export_and_erased_with_them(
    db: Database, clock: ManualClock, inbox: Inbox
) -> None:
    await profiles.set_reminder_way(db, GUILD, 31, "dm", clock.now())
    batch_id = await db.write(status_change(clock, "accepted", [31, 32]))  # type: ignore[arg-type]
    await notices.deliver(db, clock, batch_id, inbox)
    exported = await privacy.member_export(db, GUILD, 31)
    assert exported["preferences"] == [{"notifications": "on", "reminders": "dm", "updated_at": to_db(clock.now())}]
    assert [(row["kind"], row["status"]) for row in exported["notice"]] == [("idea_status", "sent")]
    await db.write(lambda tx: privacy.erase_member(tx, GUILD, 31, "anonymise"))
    erased = await privacy.member_export(db, GUILD, 31)
    assert erased["preferences"] == [] and erased["notice"] == []
    assert [n.user_id for n in await store.batch_notices(db, batch_id)] == [32]
    with pytest.raises(UserError):
        await profiles.set_notifications(db, GUILD, 31, "sometimes", clock.now())


def test_a_public_line_with_many_mentions_is_split_and_each_part_allows_only_its_own() -> None:
    refused = tuple(range(1000, 1120))
    parts = line_messages("Idee #12 heeft een nieuwe status: afgerond.", refused)
    assert [len(allowed.users) for _, allowed in parts] == [50, 50, 20]  # type: ignore[arg-type]
    assert parts[0][0].startswith("Idee #12 heeft een nieuwe status: afgerond. <@1000> <@1001>")
    assert parts[1][0].startswith("<@1050>") and parts[2][0].endswith("<@1119>")
    assert all(len(content) <= 2000 for content, _ in parts)
    mentioned = [int(token[2:-1]) for content, _ in parts for token in content.split() if token.startswith("<@")]
    assert mentioned == list(refused)
    [(alone, nobody)] = line_messages("Idee #12 is afgerond.", ())
    assert (alone, nobody.users) == ("Idee #12 is afgerond.", [])


async def test_a_batch_that_began_before_a_retry_is_not_replaced(
    db: Database, clock: ManualClock, engine: TimerEngine, inbox: Inbox
) -> None:
    first = await db.write(status_change(clock, "accepted", [31, 32]))  # type: ignore[arg-type]
    clock.advance(notices.COALESCE_WINDOW)
    inbox.fail_after_send = True
    assert await engine.run_due() == 1, "the first DM went out, then the attempt failed: retried later"
    inbox.fail_after_send = False
    await db.write(status_change(clock, "done", [31, 32]))  # type: ignore[arg-type]
    clock.advance(timedelta(minutes=2))
    await engine.run_due()
    assert [(user, params["status"]) for user, params, _ in inbox.dms] == [
        (31, "accepted"),
        (32, "accepted"),
        (31, "done"),
        (32, "done"),
    ]
    assert [n.status for n in await store.batch_notices(db, first)] == [NoticeStatus.SENT, NoticeStatus.SENT]
