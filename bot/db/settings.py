"""SQL for the per-server settings table."""

import sqlite3
from datetime import datetime
from typing import Any

from bot.db.connection import Database

COLUMNS = (
    "language",
    "timezone",
    "organiser_role_id",
    "reminder_offsets",
    "member_ideas",
    "grace_days",
    "retention_months",
)


async def load(db: Database, guild_id: int) -> sqlite3.Row | None:
    """Return the server's settings row, or None when nothing was ever set."""
    return await db.fetch_one(
        f"SELECT guild_id, {', '.join(COLUMNS)} FROM guild_settings WHERE guild_id = ?",
        (guild_id,),
    )


async def update(db: Database, guild_id: int, now: datetime, **changes: Any) -> None:
    """Set the given columns for a server in one statement, creating its row with defaults if needed."""
    unknown = set(changes) - set(COLUMNS)
    if unknown or not changes:
        raise ValueError(f"not settings columns: {sorted(unknown) or 'none given'}")
    names = list(changes)
    assignments = ", ".join(f"{name} = excluded.{name}" for name in names)
    sql = (
        f"INSERT INTO guild_settings (guild_id, updated_at, {', '.join(names)}) "
        f"VALUES (?, ?, {', '.join('?' for _ in names)}) "
        f"ON CONFLICT (guild_id) DO UPDATE SET updated_at = excluded.updated_at, {assignments}"
    )
    async with db.transaction() as conn:
        await conn.execute(sql, (guild_id, now.isoformat(), *changes.values()))


async def add_notice(db: Database, guild_id: int, kind: str, now: datetime) -> bool:
    """Record a once-only notice for a server; False when it was given before."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO guild_notices (guild_id, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, kind, now.isoformat()),
        )
        return cursor.rowcount == 1
