"""SQL for durable timers: insert, claim when due (an UPDATE only one worker can win), finish, retry."""

import sqlite3
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

_COLUMNS = "id, guild_id, kind, subject_id, due_at, status, attempts, in_doubt, result, last_error"


async def insert(conn: aiosqlite.Connection, guild_id: int, kind: str, subject_id: int, due_at: datetime) -> int:
    """Add a pending timer inside the caller's transaction; return its id."""
    cursor = await conn.execute(
        "INSERT INTO timers (guild_id, kind, subject_id, due_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, kind, subject_id, to_db(due_at), to_db(due_at)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def move(conn: aiosqlite.Connection, kind: str, subject_id: int, due_at: datetime) -> None:
    """Give a pending timer a new due moment (and a fresh set of attempts)."""
    await conn.execute(
        "UPDATE timers SET due_at = ?, next_attempt_at = ?, attempts = 0, last_error = NULL "
        "WHERE kind = ? AND subject_id = ? AND status = 'pending'",
        (to_db(due_at), to_db(due_at), kind, subject_id),
    )


async def cancel(conn: aiosqlite.Connection, kind: str, subject_id: int, now: datetime) -> None:
    """Cancel a timer that has not run yet."""
    await conn.execute(
        "UPDATE timers SET status = 'cancelled', finished_at = ? WHERE kind = ? AND subject_id = ? "
        "AND status = 'pending'",
        (to_db(now), kind, subject_id),
    )


async def next_attempt(db: Database, kinds: list[str]) -> str | None:
    """Return when the earliest pending timer of the given kinds wants to run, or None."""
    marks = ", ".join("?" for _ in kinds)
    row = await db.fetch_one(
        f"SELECT min(next_attempt_at) FROM timers WHERE status = 'pending' AND kind IN ({marks})", kinds
    )
    return row[0] if row else None


async def due(db: Database, now: datetime, kinds: list[str], limit: int) -> list[sqlite3.Row]:
    """Return pending timers of the given kinds whose next attempt is due, earliest first."""
    marks = ", ".join("?" for _ in kinds)
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM timers WHERE status = 'pending' AND next_attempt_at <= ? "
        f"AND kind IN ({marks}) ORDER BY next_attempt_at, id LIMIT ?",
        (to_db(now), *kinds, limit),
    )


async def claim(db: Database, timer_id: int, now: datetime) -> bool:
    """Mark a pending timer as running; False when someone else claimed (or cancelled) it first."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE timers SET status = 'running', claimed_at = ? WHERE id = ? AND status = 'pending'",
            (to_db(now), timer_id),
        )
        return cursor.rowcount == 1


async def finish(
    db: Database, timer_id: int, status: str, now: datetime, result: str | None, error: str | None
) -> None:
    """Record how a running timer ended."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE timers SET status = ?, finished_at = ?, result = ?, last_error = ?, in_doubt = 0 WHERE id = ?",
            (status, to_db(now), result, error, timer_id),
        )


async def retry(db: Database, timer_id: int, attempts: int, next_attempt_at: datetime, error: str) -> None:
    """Put a running timer back in the queue for another attempt later."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE timers SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
            (attempts, to_db(next_attempt_at), error, timer_id),
        )


async def recover_interrupted(db: Database) -> int:
    """Put timers that were running when the bot stopped back in the queue, marked in doubt; return how many."""
    async with db.transaction() as conn:
        cursor = await conn.execute("UPDATE timers SET status = 'pending', in_doubt = 1 WHERE status = 'running'")
        return cursor.rowcount


async def for_subjects(db: Database, kind: str, subject_ids: list[int]) -> list[sqlite3.Row]:
    """Return the timers of one kind for the given subjects."""
    marks = ", ".join("?" for _ in subject_ids)
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM timers WHERE kind = ? AND subject_id IN ({marks})", (kind, *subject_ids)
    )
