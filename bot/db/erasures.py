"""SQL for erasures waiting out their grace period, and for erasing everything a server left behind."""

import sqlite3
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

WHOLE_GUILD = 0
"""The user_id of a pending erasure of a whole server."""


async def add_pending(conn: aiosqlite.Connection, guild_id: int, user_id: int, now: datetime) -> int | None:
    """Record a pending erasure inside the caller's transaction; None when one is pending already."""
    cursor = await conn.execute(
        "INSERT INTO pending_erasures (guild_id, user_id, requested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (guild_id, user_id, to_db(now)),
    )
    return cursor.lastrowid if cursor.rowcount == 1 else None


async def remove_pending(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> int | None:
    """Drop a pending erasure inside the caller's transaction; return its id, or None when there was none."""
    async with conn.execute(
        "DELETE FROM pending_erasures WHERE guild_id = ? AND user_id = ? RETURNING id", (guild_id, user_id)
    ) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None


async def load_pending(db: Database, erasure_id: int) -> sqlite3.Row | None:
    """Return a pending erasure, or None when it ran or was called off."""
    return await db.fetch_one("SELECT id, guild_id, user_id FROM pending_erasures WHERE id = ?", (erasure_id,))


async def pending_guilds(db: Database) -> set[int]:
    """Return the servers whose erasure is pending."""
    rows = await db.fetch_all("SELECT guild_id FROM pending_erasures WHERE user_id = ?", (WHOLE_GUILD,))
    return {row[0] for row in rows}


_GUILD_TABLES = (
    "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'guild_id' "
    "WHERE m.type = 'table' ORDER BY m.name"
)


async def guilds_with_data(db: Database) -> set[int]:
    """Return every server the database holds anything of (timers aside)."""
    tables = [row[0] for row in await db.fetch_all(_GUILD_TABLES) if row[0] != "timers"]
    rows = await db.fetch_all(" UNION ".join(f"SELECT guild_id FROM {table}" for table in tables))
    return {row[0] for row in rows}


async def erase_guild(conn: aiosqlite.Connection, guild_id: int, keep_timer_id: int) -> int:
    """Delete every row of a server inside the caller's transaction, bar the running timer; return how many.

    Every table with a guild_id column is emptied of the server; their child tables follow by cascade.
    """
    async with conn.execute(_GUILD_TABLES) as cursor:
        tables = [row[0] for row in await cursor.fetchall()]
    erased = 0
    for table in tables:
        extra = " AND id != ?" if table == "timers" else ""
        cursor = await conn.execute(
            f"DELETE FROM {table} WHERE guild_id = ?{extra}", (guild_id, keep_timer_id) if extra else (guild_id,)
        )
        erased += cursor.rowcount
    return erased


MEMBERS_WITH_DATA = """
SELECT user_id FROM profiles WHERE guild_id = ?
UNION SELECT r.user_id FROM rsvps r JOIN sessions s ON s.id = r.session_id WHERE s.guild_id = ?
UNION SELECT author_id FROM ideas WHERE guild_id = ?
UNION SELECT u.user_id FROM idea_support u JOIN ideas i ON i.id = u.idea_id WHERE i.guild_id = ?
UNION SELECT v.volunteered_by FROM host_volunteers v JOIN host_calls c ON c.id = v.call_id WHERE c.guild_id = ?
EXCEPT SELECT user_id FROM pending_erasures WHERE guild_id = ?
"""


async def members_with_data(db: Database, guild_id: int) -> set[int]:
    """Return the members of a server the database holds data of, and whose erasure is not yet planned."""
    rows = await db.fetch_all(MEMBERS_WITH_DATA, (guild_id,) * MEMBERS_WITH_DATA.count("?"))
    return {row[0] for row in rows if row[0] > 0}
