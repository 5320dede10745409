"""SQL for durable timers: insert, claim when due (an UPDATE only one worker can win), finish, retry.

Inserting, moving or cancelling a timer touches the `TIMERS` topic, so the engine looks again at the
earliest due timer once the transaction has committed (`Database.on_commit`).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

TIMERS = "timers"
"""The commit topic of every change to when timers are due."""

_COLUMNS = "id, guild_id, kind, subject_id, due_at, status, attempts, in_doubt, result, last_error"


class Status(StrEnum):
    """How a timer ended (or that it has not yet)."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    LATE = "late"
    MISSED = "missed"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Timer:
    """One durable timer as a handler sees it."""

    id: int
    guild_id: int
    kind: str
    subject_id: int
    due_at: datetime
    attempts: int
    in_doubt: bool


def _timer(row: object) -> Timer:
    data = dict(row)  # type: ignore[call-overload]
    return Timer(
        data["id"],
        data["guild_id"],
        data["kind"],
        data["subject_id"],
        from_db(data["due_at"]),
        data["attempts"],
        bool(data["in_doubt"]),
    )


def insert(tx: Tx, guild_id: int, kind: str, subject_id: int, due_at: datetime) -> int:
    """Add a pending timer; return its id."""
    cursor = tx.execute(
        "INSERT INTO timers (guild_id, kind, subject_id, due_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, kind, subject_id, to_db(due_at), to_db(due_at)),
    )
    tx.touch(TIMERS)
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def move(tx: Tx, kind: str, subject_id: int, due_at: datetime) -> None:
    """Give a pending timer a new due moment (and a fresh set of attempts)."""
    tx.execute(
        "UPDATE timers SET due_at = ?, next_attempt_at = ?, attempts = 0, last_error = NULL "
        "WHERE kind = ? AND subject_id = ? AND status = 'pending'",
        (to_db(due_at), to_db(due_at), kind, subject_id),
    )
    tx.touch(TIMERS)


def cancel(tx: Tx, kind: str, subject_id: int, now: datetime) -> bool:
    """Cancel a timer that has not run yet; False when it had started (or ended) already."""
    cursor = tx.execute(
        "UPDATE timers SET status = 'cancelled', finished_at = ? WHERE kind = ? AND subject_id = ? "
        "AND status = 'pending'",
        (to_db(now), kind, subject_id),
    )
    tx.touch(TIMERS)
    return cursor.rowcount == 1


def exists(tx: Tx, kind: str, subject_id: int) -> bool:
    """Whether the subject has a timer of `kind`, in any state."""
    return tx.one("SELECT 1 FROM timers WHERE kind = ? AND subject_id = ?", (kind, subject_id)) is not None


async def next_attempt(db: Database, kinds: list[str]) -> datetime | None:
    """Return when the earliest pending timer of the given kinds wants to run, or None."""
    marks = ", ".join("?" for _ in kinds)
    row = await db.fetch_one(
        f"SELECT min(next_attempt_at) FROM timers WHERE status = 'pending' AND kind IN ({marks})", kinds
    )
    return from_db(row[0]) if row and row[0] else None


async def due(db: Database, now: datetime, kinds: list[str], limit: int) -> list[Timer]:
    """Return pending timers of the given kinds whose next attempt is due, earliest first."""
    marks = ", ".join("?" for _ in kinds)
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM timers WHERE status = 'pending' AND next_attempt_at <= ? "
        f"AND kind IN ({marks}) ORDER BY next_attempt_at, id LIMIT ?",
        (to_db(now), *kinds, limit),
    )
    return [_timer(row) for row in rows]


async def claim(db: Database, timer_id: int, now: datetime) -> bool:
    """Mark a pending timer as running; False when someone else claimed (or cancelled) it first."""

    def claim_row(tx: Tx) -> bool:
        cursor = tx.execute(
            "UPDATE timers SET status = 'running', claimed_at = ? WHERE id = ? AND status = 'pending'",
            (to_db(now), timer_id),
        )
        return cursor.rowcount == 1

    return await db.write(claim_row)


async def finish(
    db: Database, timer_id: int, status: str, now: datetime, result: str | None, error: str | None
) -> None:
    """Record how a running timer ended."""
    await db.write(
        lambda tx: tx.execute(
            "UPDATE timers SET status = ?, finished_at = ?, result = ?, last_error = ?, in_doubt = 0 WHERE id = ?",
            (status, to_db(now), result, error, timer_id),
        )
    )


async def retry(db: Database, timer_id: int, attempts: int, next_attempt_at: datetime, error: str) -> None:
    """Put a running timer back in the queue for another attempt later."""
    await db.write(
        lambda tx: tx.execute(
            "UPDATE timers SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
            (attempts, to_db(next_attempt_at), error, timer_id),
        )
    )


async def recover_interrupted(db: Database) -> int:
    """Put timers that were running when the bot stopped back in the queue, marked in doubt; return how many."""
    return await db.write(
        lambda tx: tx.execute("UPDATE timers SET status = 'pending', in_doubt = 1 WHERE status = 'running'").rowcount
    )
