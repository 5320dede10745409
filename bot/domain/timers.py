"""The durable timer engine: runs due timers through their kind's handler, exactly once, with retries.

Rows in the `timers` table are the truth. The scheduler is only asked to wake the engine at the
earliest pending row, looked up again after every commit that inserts, moves or cancels a timer; after
a restart `start()` puts interrupted timers back (marked in doubt, so a handler can check whether its
effect already happened) and wakes for whatever is due.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.db import Database
from bot.db import timers as store
from bot.db.timers import Status, Timer
from bot.pacing import Pacer

log = logging.getLogger(__name__)

RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))
BATCH = 100
LATE_AFTER = timedelta(minutes=5)
"""A timer that runs more than this after it was due (the bot was away) is recorded, and shown, as late."""


def punctuality(now: datetime, due: datetime) -> Status:
    """DONE when a timer runs about on time, LATE when the bot was away at its due moment."""
    return Status.LATE if now - due > LATE_AFTER else Status.DONE


@dataclass(frozen=True)
class Outcome:
    """What a handler did: DONE, LATE or MISSED, with an optional reference (such as a message id)."""

    status: Status
    result: str | None = None


class TimerHandler(Protocol):
    """Carries out one kind of timer."""

    async def run(self, timer: Timer) -> Outcome:
        """Do the timer's work; raise to have it retried later."""
        ...

    async def failed(self, timer: Timer, error: str) -> None:
        """Called once when the last retry failed, e.g. to tell the organisers."""
        ...


class Waker(Protocol):
    """Something that calls back at a moment: the scheduler."""

    def wake_at(self, moment: datetime | None, callback: Callable[[], Awaitable[object]]) -> None:
        """Call `callback` at `moment` (replacing the previous wake-up); None cancels it."""
        ...


class TimerEngine:
    """Runs due timers; handlers register per kind."""

    def __init__(self, db: Database, clock: Clock, waker: Waker, pacer: Pacer | None = None) -> None:
        self._db = db
        self._clock = clock
        self._waker = waker
        self._pacer = pacer or Pacer()
        self._handlers: dict[str, TimerHandler] = {}
        self._running = asyncio.Lock()
        self._started = False
        self._stopping = False
        db.on_commit(store.TIMERS, self._timers_changed)

    @property
    def pacer(self) -> Pacer:
        """The pacer every timer run takes a slot from; a handler waits for it before each request it makes (its
        first wait is the run's own slot)."""
        return self._pacer

    def register(self, kind: str, handler: TimerHandler) -> None:
        """Let `handler` carry out timers of `kind`."""
        self._handlers[kind] = handler

    async def start(self) -> None:
        """Requeue timers interrupted by a stop, then wake for the earliest pending one."""
        interrupted = await store.recover_interrupted(self._db)
        if interrupted:
            log.warning("%d timers were interrupted by the last stop; they run again, in doubt", interrupted)
        self._started = True
        await self.reschedule()

    async def reschedule(self) -> None:
        """Ask the scheduler to wake the engine when the earliest pending timer is due."""
        self._waker.wake_at(await store.next_attempt(self._db, list(self._handlers)), self.run_due)

    async def _timers_changed(self) -> None:
        """A committed write added, moved or cancelled timers: look again at the earliest (once started)."""
        if self._started and not self._stopping:
            await self.reschedule()

    async def run_due(self) -> int:
        """Run every timer that is due now; return how many ran."""
        ran = 0
        async with self._running:
            kinds = list(self._handlers)
            while not self._stopping and (batch := await store.due(self._db, self._clock.now(), kinds, BATCH)):
                for timer in batch:
                    if self._stopping:
                        break
                    await self._pacer.wait()
                    if await store.claim(self._db, timer.id, self._clock.now()):
                        with self._pacer.prepaid():
                            await self._run(timer)
                        ran += 1
            if not self._stopping:
                await self.reschedule()
        return ran

    async def stop(self) -> None:
        """Finish the timer being run, run no more, and return once the engine is idle."""
        self._stopping = True
        async with self._running:
            pass

    async def _run(self, timer: Timer) -> None:
        handler = self._handlers[timer.kind]
        try:
            outcome = await handler.run(timer)
        except Exception as error:
            await self._attempt_failed(handler, timer, error)
            return
        await store.finish(self._db, timer.id, outcome.status, self._clock.now(), outcome.result, None)

    async def _attempt_failed(self, handler: TimerHandler, timer: Timer, error: Exception) -> None:
        attempts = timer.attempts + 1
        reason = f"{type(error).__name__}: {error}"
        if attempts <= len(RETRY_DELAYS):
            log.warning("timer %s (%s) attempt %d failed: %s", timer.id, timer.kind, attempts, reason)
            await store.retry(self._db, timer.id, attempts, self._clock.now() + RETRY_DELAYS[attempts - 1], reason)
            return
        log.error("timer %s (%s) failed for good: %s", timer.id, timer.kind, reason, exc_info=error)
        await store.finish(self._db, timer.id, Status.FAILED, self._clock.now(), None, reason)
        try:
            await handler.failed(timer, reason)
        except Exception:
            log.exception("reporting the failure of timer %s failed too", timer.id)
