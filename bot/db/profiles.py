"""SQL for members' profiles (their organisation in a server)."""

import sqlite3
from datetime import datetime

from bot.db.connection import Database

_SELECT = "SELECT guild_id, user_id, municipality_code, organisation FROM profiles WHERE guild_id = ? AND user_id = ?"


async def load(db: Database, guild_id: int, user_id: int) -> sqlite3.Row | None:
    """Return a member's profile row, or None."""
    return await db.fetch_one(_SELECT, (guild_id, user_id))


def load_in(conn: sqlite3.Connection, guild_id: int, user_id: int) -> sqlite3.Row | None:
    """Return a member's profile row, or None, inside a `Database.run_in_writer` job."""
    row: sqlite3.Row | None = conn.execute(_SELECT, (guild_id, user_id)).fetchone()
    return row


async def save(
    db: Database, guild_id: int, user_id: int, municipality_code: str | None, organisation: str, now: datetime
) -> None:
    """Create or replace a member's profile."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO profiles (guild_id, user_id, municipality_code, organisation, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
            "municipality_code = excluded.municipality_code, organisation = excluded.organisation, "
            "updated_at = excluded.updated_at",
            (guild_id, user_id, municipality_code, organisation, now.isoformat()),
        )
