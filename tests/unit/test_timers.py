import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.db import Database, Tx
from bot.db import timers as store
from bot.db.migrate import migrate
from bot.domain.timers import RETRY_DELAYS, Outcome, Status, Timer, TimerEngine
from bot.scheduling import Scheduler

GUILD = 1


class Recorder:
    """A handler that records what it was asked to do and can be told to fail."""

    def __init__(self, failures: int = 0, outcome: Outcome | None = None) -> None:
        self.runs: list[Timer] = []
        self.failures_left = failures
        self.outcome = outcome or Outcome(Status.DONE, "msg-1")
        self.failed_reports: list[tuple[int, str]] = []

    async def run(self, timer: Timer) -> Outcome:
        self.runs.append(timer)
        if self.failures_left:
            self.failures_left -= 1
            raise ConnectionError("channel unreachable")
        return self.outcome

    async def failed(self, timer: Timer, error: str) -> None:
        self.failed_reports.append((timer.id, error))


class WakeLog:
    """Records the wake-ups the engine asks for instead of scheduling them."""

    def __init__(self) -> None:
        self.moments: list[datetime | None] = []

    def wake_at(self, moment: datetime | None, callback: Callable[[], Awaitable[object]]) -> None:
        self.moments.append(moment)


async def add_timer(db: Database, kind: str, subject_id: int, due_at: datetime) -> int:
    return await db.write(lambda tx: store.insert(tx, GUILD, kind, subject_id, due_at))


async def status_of(db: Database, timer_id: int) -> tuple[str, int, str | None, str | None]:
    row = await db.fetch_one("SELECT status, attempts, result, last_error FROM timers WHERE id = ?", (timer_id,))
    assert row is not None
    return tuple(row)  # type: ignore[return-value]


@pytest.fixture
def wakes() -> WakeLog:
    return WakeLog()


@pytest.fixture
def engine(db: Database, clock: ManualClock, wakes: WakeLog) -> TimerEngine:
    return TimerEngine(db, clock, wakes)


async def test_a_timer_runs_once_when_due(db: Database, clock: ManualClock, engine: TimerEngine) -> None:
    handler = Recorder()
    engine.register("reminder", handler)
    timer_id = await add_timer(db, "reminder", 7, clock.now() + timedelta(hours=1))
    assert await engine.run_due() == 0
    clock.advance(timedelta(hours=1))
    assert await engine.run_due() == 1
    assert await engine.run_due() == 0
    assert [(t.subject_id, t.in_doubt) for t in handler.runs] == [(7, False)]
    assert await status_of(db, timer_id) == ("done", 0, "msg-1", None)


async def test_the_engine_wakes_for_the_earliest_pending_timer_of_its_kinds(
    db: Database, clock: ManualClock, engine: TimerEngine, wakes: WakeLog
) -> None:
    engine.register("reminder", Recorder())
    later, sooner = clock.now() + timedelta(days=2), clock.now() + timedelta(days=1)
    await add_timer(db, "reminder", 1, later)
    cancelled = await add_timer(db, "reminder", 2, clock.now() + timedelta(hours=1))
    await add_timer(db, "unknown-kind", 3, clock.now())
    await add_timer(db, "reminder", 4, sooner)
    await db.write(lambda tx: store.cancel(tx, "reminder", 2, clock.now()))
    await engine.start()
    assert wakes.moments[-1] == sooner
    assert (await status_of(db, cancelled))[0] == "cancelled"


async def test_writing_moving_or_cancelling_a_timer_wakes_the_engine_after_commit(
    db: Database, clock: ManualClock, engine: TimerEngine, wakes: WakeLog
) -> None:
    engine.register("reminder", Recorder())
    await add_timer(db, "reminder", 1, clock.now() + timedelta(days=3))
    assert wakes.moments == [], "before start() the engine does not wake"
    await engine.start()
    assert wakes.moments == [clock.now() + timedelta(days=3)]
    await add_timer(db, "reminder", 2, clock.now() + timedelta(days=1))
    assert wakes.moments[-1] == clock.now() + timedelta(days=1)
    await db.write(lambda tx: store.move(tx, "reminder", 2, clock.now() + timedelta(hours=5)))
    assert wakes.moments[-1] == clock.now() + timedelta(hours=5)
    await db.write(lambda tx: store.cancel(tx, "reminder", 2, clock.now()))
    assert wakes.moments[-1] == clock.now() + timedelta(days=3)

    def rolled_back(tx: Tx) -> None:
        store.insert(tx, GUILD, "reminder", 3, clock.now() + timedelta(minutes=1))
        raise RuntimeError("undone")

    woken = len(wakes.moments)
    with pytest.raises(RuntimeError):
        await db.write(rolled_back)
    assert len(wakes.moments) == woken, "a job that was undone wakes nobody"


async def test_failures_are_retried_with_back_off_then_marked_failed(
    db: Database, clock: ManualClock, engine: TimerEngine
) -> None:
    handler = Recorder(failures=len(RETRY_DELAYS) + 1)
    engine.register("reminder", handler)
    timer_id = await add_timer(db, "reminder", 7, clock.now())
    assert await engine.run_due() == 1
    for attempt, delay in enumerate(RETRY_DELAYS, start=1):
        assert await status_of(db, timer_id) == (
            "pending",
            attempt,
            None,
            "ConnectionError: channel unreachable",
        )
        clock.advance(delay - timedelta(seconds=1))
        assert await engine.run_due() == 0
        clock.advance(timedelta(seconds=1))
        assert await engine.run_due() == 1
    assert await status_of(db, timer_id) == (
        "failed",
        len(RETRY_DELAYS),
        None,
        "ConnectionError: channel unreachable",
    )
    assert handler.failed_reports == [(timer_id, "ConnectionError: channel unreachable")]
    assert len(handler.runs) == len(RETRY_DELAYS) + 1


async def test_a_retry_that_succeeds_is_done(db: Database, clock: ManualClock, engine: TimerEngine) -> None:
    engine.register("reminder", Recorder(failures=1, outcome=Outcome(Status.LATE, "m")))
    timer_id = await add_timer(db, "reminder", 7, clock.now())
    await engine.run_due()
    clock.advance(RETRY_DELAYS[0])
    await engine.run_due()
    assert await status_of(db, timer_id) == ("late", 1, "m", None)


async def test_interrupted_timers_run_again_in_doubt(db: Database, clock: ManualClock, engine: TimerEngine) -> None:
    handler = Recorder()
    engine.register("reminder", handler)
    timer_id = await add_timer(db, "reminder", 7, clock.now())
    assert await store.claim(db, timer_id, clock.now())
    assert await engine.run_due() == 0
    await engine.start()
    assert await engine.run_due() == 1
    assert handler.runs[0].in_doubt is True


async def test_two_workers_never_run_the_same_timer(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    other_db = await Database.open(db.path)
    try:
        await migrate(other_db)
        first, second = Recorder(), Recorder()
        engines = [TimerEngine(db, clock, WakeLog()), TimerEngine(other_db, clock, WakeLog())]
        engines[0].register("reminder", first)
        engines[1].register("reminder", second)
        for subject in range(40):
            await add_timer(db, "reminder", subject, clock.now())
        await asyncio.gather(*(engine.run_due() for engine in engines))
        handled = [t.subject_id for t in first.runs + second.runs]
        assert sorted(handled) == list(range(40))
    finally:
        await other_db.close()


async def test_scheduler_waits_on_the_injected_clock(clock: ManualClock) -> None:
    scheduler = Scheduler(clock)
    scheduler.start()
    try:

        async def noop() -> None:
            return None

        before = datetime.now(UTC)
        scheduler.wake_at(clock.now() + timedelta(hours=3), noop)
        wake = scheduler.next_wake()
        assert wake is not None
        assert timedelta(hours=3) <= wake - before < timedelta(hours=3, seconds=5)
        scheduler.wake_at(None, noop)
        assert scheduler.next_wake() is None
    finally:
        scheduler.shutdown()


async def test_stop_lets_the_timer_in_hand_finish_and_runs_no_more(
    db: Database, clock: ManualClock, engine: TimerEngine
) -> None:
    entered, leave = asyncio.Event(), asyncio.Event()

    class Slow(Recorder):
        async def run(self, timer: Timer) -> Outcome:
            entered.set()
            await leave.wait()
            return await super().run(timer)

    handler = Slow()
    engine.register("reminder", handler)
    first = await add_timer(db, "reminder", 1, clock.now())
    second = await add_timer(db, "reminder", 2, clock.now())
    running = asyncio.create_task(engine.run_due())
    await entered.wait()
    stopping = asyncio.create_task(engine.stop())
    leave.set()
    await stopping
    assert await running == 1
    assert (await status_of(db, first))[0] == "done"
    assert (await status_of(db, second))[0] == "pending"
