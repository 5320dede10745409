"""SQL for the audit log of organiser actions that touch other people's data."""

import sqlite3
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

_COLUMNS = "id, guild_id, actor_id, action, detail, created_at"


async def insert(
    conn: aiosqlite.Connection, guild_id: int, actor_id: int, action: str, detail: str, now: datetime
) -> None:
    """Add an entry inside the caller's transaction."""
    await conn.execute(
        "INSERT INTO audit_log (guild_id, actor_id, action, detail, created_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, actor_id, action, detail, to_db(now)),
    )


async def latest(db: Database, guild_id: int, limit: int) -> list[sqlite3.Row]:
    """Return a server's most recent entries, newest first."""
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM audit_log WHERE guild_id = ? ORDER BY id DESC LIMIT ?", (guild_id, limit)
    )


async def by_actor(db: Database, guild_id: int, actor_id: int) -> list[sqlite3.Row]:
    """Return the entries of one actor in a server, oldest first."""
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM audit_log WHERE guild_id = ? AND actor_id = ? ORDER BY id", (guild_id, actor_id)
    )
