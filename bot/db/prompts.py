"""SQL for prompts and the read cursors of their channels and threads."""

import sqlite3
import weakref
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

_COLUMNS = (
    "id, guild_id, channel_id, message_id, thread_id, question, session_id, closes_at, status, "
    "created_by, created_at, closed_at, digest_message_id"
)
_BY_ID = f"SELECT {_COLUMNS} FROM prompts WHERE id = ?"


@dataclass(frozen=True)
class _Index:
    """Where posted prompts are: prompt message id → prompt id, thread id → prompt id."""

    by_message: dict[int, int]
    by_thread: dict[int, int]


@dataclass
class _Places:
    """The index of posted prompts kept in memory for one `Database` (the bot's only one on its file).

    A prompt's message and thread never change once recorded, so only `attach_message` makes the
    index out of date (a deleted prompt's entry is harmless: its row is looked up again when used).
    """

    generation: int = 0
    index: _Index | None = None


_places: "weakref.WeakKeyDictionary[Database, _Places]" = weakref.WeakKeyDictionary()


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
    return await db.fetch_one(_BY_ID, (prompt_id,))


def load_in(conn: sqlite3.Connection, prompt_id: int) -> sqlite3.Row | None:
    """Return one prompt row, or None, inside a `Database.run_in_writer` job."""
    row: sqlite3.Row | None = conn.execute(_BY_ID, (prompt_id,)).fetchone()
    return row


async def load_by_interaction(db: Database, interaction_id: int) -> sqlite3.Row | None:
    """Return the prompt an interaction created, or None."""
    return await db.fetch_one(f"SELECT {_COLUMNS} FROM prompts WHERE interaction_id = ?", (interaction_id,))


async def prompt_for_message(db: Database, reply_to: int | None, channel_id: int) -> int | None:
    """Return the id of the prompt a message belongs to (the one it replies to, or whose thread it is in), or None.

    Answered from memory: the index of posted prompts is read once and again after a prompt is posted.
    """
    index = await _posted_prompts(db)
    found = [index.by_message.get(reply_to) if reply_to is not None else None, index.by_thread.get(channel_id)]
    return min((prompt_id for prompt_id in found if prompt_id is not None), default=None)


async def _posted_prompts(db: Database) -> _Index:
    """The index of posted prompts, read if out of date; a read overtaken by a posting is used but not kept."""
    places = _places.setdefault(db, _Places())
    if places.index is not None:
        return places.index
    generation = places.generation
    rows = await db.fetch_all("SELECT id, message_id, thread_id FROM prompts WHERE message_id IS NOT NULL")
    index = _Index(
        by_message={row["message_id"]: row["id"] for row in rows},
        by_thread={row["thread_id"]: row["id"] for row in rows if row["thread_id"] is not None},
    )
    if generation == places.generation:
        places.index = index
    return index


def _forget_places(db: Database) -> None:
    """Mark the index of posted prompts out of date (a prompt was just posted)."""
    places = _places.setdefault(db, _Places())
    places.generation += 1
    places.index = None


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
    _forget_places(db)


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


def advance_cursor(conn: sqlite3.Connection, guild_id: int, channel_id: int, message_id: int) -> None:
    """Record that every message up to `message_id` in a channel or thread has been handled (in a writer job)."""
    conn.execute(
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
