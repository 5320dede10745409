"""SQL for prompts and the read cursors of their channels and threads."""

import sqlite3
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

_COLUMNS = (
    "id, guild_id, channel_id, message_id, thread_id, question, session_id, closes_at, status, "
    "created_by, created_at, closed_at, digest_message_id"
)


async def insert(
    conn: aiosqlite.Connection,
    guild_id: int,
    channel_id: int,
    question: str,
    session_id: int | None,
    closes_at: datetime | None,
    interaction_id: int,
    created_by: int,
    now: datetime,
) -> int | None:
    """Add an open prompt inside the caller's transaction; None when this interaction already made one."""
    cursor = await conn.execute(
        "INSERT INTO prompts (guild_id, channel_id, question, session_id, closes_at, interaction_id, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING",
        (
            guild_id,
            channel_id,
            question,
            session_id,
            to_db(closes_at) if closes_at else None,
            interaction_id,
            created_by,
            to_db(now),
        ),
    )
    return cursor.lastrowid if cursor.rowcount == 1 else None


async def load(db: Database, prompt_id: int) -> sqlite3.Row | None:
    """Return one prompt row, or None."""
    return await db.fetch_one(f"SELECT {_COLUMNS} FROM prompts WHERE id = ?", (prompt_id,))


async def load_by_interaction(db: Database, interaction_id: int) -> sqlite3.Row | None:
    """Return the prompt an interaction created, or None."""
    return await db.fetch_one(f"SELECT {_COLUMNS} FROM prompts WHERE interaction_id = ?", (interaction_id,))


async def find_for_message(db: Database, reply_to: int | None, channel_id: int) -> sqlite3.Row | None:
    """Return the prompt a message belongs to: the one it replies to, or the one whose thread it is in."""
    return await db.fetch_one(
        f"SELECT {_COLUMNS} FROM prompts WHERE message_id = ? OR thread_id = ? ORDER BY id LIMIT 1",
        (reply_to if reply_to is not None else -1, channel_id),
    )


async def open_in_guild(db: Database, guild_id: int) -> list[sqlite3.Row]:
    """Return the server's open prompts that have been posted, newest first."""
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM prompts WHERE guild_id = ? AND status = 'open' AND message_id IS NOT NULL "
        "ORDER BY id DESC",
        (guild_id,),
    )


async def for_session(db: Database, guild_id: int, session_id: int) -> list[sqlite3.Row]:
    """Return the posted prompts tied to a session, oldest first."""
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM prompts WHERE guild_id = ? AND session_id = ? AND message_id IS NOT NULL ORDER BY id",
        (guild_id, session_id),
    )


async def recent_in_guild(db: Database, guild_id: int, limit: int) -> list[sqlite3.Row]:
    """Return the server's posted prompts, open ones first, then the most recent."""
    return await db.fetch_all(
        f"SELECT {_COLUMNS} FROM prompts WHERE guild_id = ? AND message_id IS NOT NULL "
        "ORDER BY status = 'open' DESC, id DESC LIMIT ?",
        (guild_id, limit),
    )


async def attach_message(db: Database, prompt_id: int, message_id: int, thread_id: int | None) -> None:
    """Record the posted prompt message and its thread."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE prompts SET message_id = ?, thread_id = ? WHERE id = ?", (message_id, thread_id, prompt_id)
        )


async def delete(conn: aiosqlite.Connection, prompt_id: int) -> None:
    """Remove a prompt that could not be posted."""
    await conn.execute("DELETE FROM prompts WHERE id = ?", (prompt_id,))


async def close(conn: aiosqlite.Connection, prompt_id: int, now: datetime) -> bool:
    """Close an open prompt; False when it was closed already."""
    cursor = await conn.execute(
        "UPDATE prompts SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
        (to_db(now), prompt_id),
    )
    return cursor.rowcount == 1


async def set_digest(db: Database, prompt_id: int, message_id: int) -> None:
    """Remember the message that carries a closed prompt's digest."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE prompts SET digest_message_id = ? WHERE id = ?", (message_id, prompt_id))


async def advance_cursor(conn: aiosqlite.Connection, guild_id: int, channel_id: int, message_id: int) -> None:
    """Record that every message up to `message_id` in a channel or thread has been handled."""
    await conn.execute(
        "INSERT INTO read_cursors (channel_id, guild_id, last_message_id) VALUES (?, ?, ?) "
        "ON CONFLICT (channel_id) DO UPDATE SET last_message_id = max(last_message_id, excluded.last_message_id)",
        (channel_id, guild_id, message_id),
    )


async def reading_plan(db: Database) -> list[sqlite3.Row]:
    """Return every channel and thread of an open prompt with the message id to read history after."""
    return await db.fetch_all(
        "WITH places AS ("
        "  SELECT guild_id, channel_id, message_id AS start FROM prompts "
        "  WHERE status = 'open' AND message_id IS NOT NULL "
        "  UNION ALL SELECT guild_id, thread_id, thread_id FROM prompts "
        "  WHERE status = 'open' AND thread_id IS NOT NULL) "
        "SELECT places.guild_id, places.channel_id, max(min(places.start), coalesce(c.last_message_id, 0)) AS after_id "
        "FROM places LEFT JOIN read_cursors AS c ON c.channel_id = places.channel_id "
        "GROUP BY places.guild_id, places.channel_id ORDER BY places.channel_id"
    )
