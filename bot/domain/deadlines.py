"""A call's deadline as two durable timers: a warning to its organiser before it, and the closing at it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db import Tx, timers

WARN_BEFORE = timedelta(hours=24)


def warning_at(now: datetime, closes_at: datetime) -> datetime:
    """When the organiser is warned: a day before the deadline, or halfway there when it is sooner."""
    return closes_at - min(WARN_BEFORE, (closes_at - now) / 2)


@dataclass(frozen=True)
class Deadline:
    """The timer kinds of one kind of call: its warning and its closing."""

    warning_kind: str
    close_kind: str

    def schedule(self, tx: Tx, guild_id: int, call_id: int, now: datetime, closes_at: datetime) -> None:
        """Inside the call's write: the warning and the closing of call #call_id."""
        timers.insert(tx, guild_id, self.warning_kind, call_id, warning_at(now, closes_at))
        timers.insert(tx, guild_id, self.close_kind, call_id, closes_at)

    def cancel(self, tx: Tx, call_id: int, now: datetime) -> None:
        """Inside a write: drop the call's timers that have not run yet."""
        for kind in (self.warning_kind, self.close_kind):
            timers.cancel(tx, kind, call_id, now)
