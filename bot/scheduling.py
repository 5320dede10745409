"""The APScheduler wrapper. The database is the source of truth for time; the scheduler only wakes the bot."""

from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler


class Scheduler:
    """An asyncio scheduler whose jobs never silently drop when they run late."""

    def __init__(self) -> None:
        self._scheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"misfire_grace_time": None, "coalesce": True}
        )

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
