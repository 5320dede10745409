"""SQL for how the bot is doing, read at the moment a health check or metrics scrape asks."""

from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

IDEA_SOURCES = ("reply", "thread", "form", "command")
REMINDER_OUTCOMES = ("done", "late", "missed", "failed")
_OVERDUE = "SELECT min(next_attempt_at) FROM timers WHERE status = 'pending' AND next_attempt_at <= ?"


@dataclass(frozen=True)
class StoredCounts:
    """Counts kept in the database, so a restart does not reset them, and the earliest overdue timer."""

    ideas_by_source: dict[str, int]
    reminders_by_outcome: dict[str, int]
    overdue_since: datetime | None


def _overdue_since(tx: Tx, now: datetime) -> datetime | None:
    row = tx.one(_OVERDUE, (to_db(now),))
    return from_db(row[0]) if row is not None and row[0] else None


async def overdue_since(db: Database, now: datetime) -> datetime | None:
    """When the earliest pending timer that should have run by `now` was due; None when none is overdue."""
    return await db.read(lambda tx: _overdue_since(tx, now))


async def stored_counts(db: Database, now: datetime) -> StoredCounts:
    """Ideas by how they came in, reminders by how they ended, and the earliest overdue timer, in one snapshot."""

    def read(tx: Tx) -> StoredCounts:
        ideas = dict.fromkeys(IDEA_SOURCES, 0) | {
            row[0]: row[1] for row in tx.all("SELECT source, count(*) FROM ideas GROUP BY source")
        }
        marks = ", ".join("?" for _ in REMINDER_OUTCOMES)
        reminders = dict.fromkeys(REMINDER_OUTCOMES, 0) | {
            row[0]: row[1]
            for row in tx.all(
                f"SELECT t.status, count(*) FROM reminders r JOIN timers t ON t.kind = 'session_reminder' "
                f"AND t.subject_id = r.id WHERE t.status IN ({marks}) GROUP BY t.status",
                REMINDER_OUTCOMES,
            )
        }
        return StoredCounts(ideas, reminders, _overdue_since(tx, now))

    return await db.read(read)
