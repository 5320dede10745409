"""When a session's check-in is due and open: its durable timer, created, moved and cancelled with the session.

The check-in message is due at the session's start and answers until two hours after its end; a check-in that
comes due later than that (the bot was away) is missed. Posting it and checking in are in `bot.domain.records`.
"""

from datetime import datetime, timedelta

from bot.db import Tx, timers
from bot.db.sessions import Session
from bot.domain.timers import Status, punctuality
from bot.timeparse import WallClock

KIND = "session_checkin"
OPEN_AFTER_END = timedelta(hours=2)


def closes(session: Session) -> datetime:
    """When a session's check-in stops taking answers: two hours after its end."""
    return session.end_utc + OPEN_AFTER_END


def schedule(tx: Tx, guild_id: int, session_id: int, start: WallClock) -> None:
    """Add the timer that posts a session's check-in at its start (inside the publishing write), once."""
    if not timers.exists(tx, KIND, session_id):
        timers.insert(tx, guild_id, KIND, session_id, start.utc)


def follow_new_start(tx: Tx, session_id: int, start: WallClock) -> None:
    """Move a session's pending check-in to its new start."""
    timers.move(tx, KIND, session_id, start.utc)


def cancel(tx: Tx, now: datetime, session_id: int) -> None:
    """Cancel a session's check-in that has not been posted yet."""
    timers.cancel(tx, KIND, session_id, now)


def fate(now: datetime, due: datetime, session: Session) -> Status:
    """A due check-in is posted on time or late (the bot was away), or missed once it would be closed."""
    if session.cancelled or now >= closes(session):
        return Status.MISSED
    return punctuality(now, due)
