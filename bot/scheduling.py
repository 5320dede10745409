"""The APScheduler wrapper. The database is the source of truth for time; the scheduler only wakes the bot."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock

WAKE_JOB = "wake"


class Scheduler:
    """An asyncio scheduler whose jobs never silently drop when they run late.

    Moments are read on the injected clock: a wake-up at `moment` fires after `moment - clock.now()`
    of real time, so a simulated clock never makes the scheduler spin on 'overdue' jobs.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={"misfire_grace_time": None, "coalesce": True})

    @property
    def running(self) -> bool:
        """Whether the scheduler has been started and not shut down."""
        return self._scheduler.running

    def start(self) -> None:
        """Start waking jobs on the running event loop."""
        self._scheduler.start()

    def shutdown(self) -> None:
        """Stop without waiting for jobs; pending work stays in the database."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def wake_at(self, moment: datetime | None, callback: Callable[[], Awaitable[object]]) -> None:
        """Call `callback` once at `moment` on the injected clock, replacing the previous wake-up."""
        if moment is None:
            if self._scheduler.get_job(WAKE_JOB):
                self._scheduler.remove_job(WAKE_JOB)
            return
        delay = max(moment - self._clock.now(), timedelta(0))
        self._scheduler.add_job(
            callback, DateTrigger(run_date=datetime.now(UTC) + delay), id=WAKE_JOB, replace_existing=True
        )

    def next_wake(self) -> datetime | None:
        """Return the real moment of the pending wake-up, or None."""
        job = self._scheduler.get_job(WAKE_JOB)
        return job.next_run_time if job else None
