"""SQL for prompts and the read cursors of their channels and threads.

Recording where a prompt was posted touches the `POSTED` topic, so the in-memory index of posted
prompts (which answers "which prompt does this message belong to" without the database) is read
again once that transaction has committed (`Database.on_commit`).
"""

import sqlite3
import weakref
from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

POSTED = "prompts.posted"
"""The commit topic of a prompt's message and thread being recorded."""

_COLUMNS = (
    "id, guild_id, channel_id, message_id, thread_id, question, session_id, closes_at, status, "
    "created_by, closed_at, digest_message_id"
)
_SELECT = f"SELECT {_COLUMNS} FROM prompts"
_BY_ID = f"{_SELECT} WHERE id = ?"


@dataclass(frozen=True)
class Prompt:
    """A question put to the members; ideas are collected while it is open."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    thread_id: int | None
    question: str
    session_id: int | None
    closes_at: datetime | None
    status: str
    created_by: int
    closed_at: datetime | None
    digest_message_id: int | None

    @property
    def posted_id(self) -> int:
        """The id of the prompt message (a prompt is only found by others once it has been posted)."""
        if self.message_id is None:
            raise LookupError(f"prompt {self.id} has not been posted")
        return self.message_id

    @property
    def is_open(self) -> bool:
        """Whether ideas are still collected."""
        return self.status == "open"


def prompt_from_row(row: sqlite3.Row) -> Prompt:
    """Build a Prompt from a row of this module's `_SELECT`."""
    data = dict(row)
    for name in ("closes_at", "closed_at"):
        data[name] = from_db(data[name]) if data[name] else None
    return Prompt(**data)


@dataclass(frozen=True)
class _Index:
    """Where posted prompts are: prompt message id → (prompt id, its channel id), thread id → prompt id."""

    by_message: dict[int, tuple[int, int]]
    by_thread: dict[int, int]


@dataclass
class _Places:
    """The index of posted prompts kept in memory for one `Database` (the bot's only one on its file).

    A prompt's message and thread never change once recorded, so only `attach_message` makes the
    index out of date (a deleted prompt's entry is harmless: its row is looked up again when used).
    """

    generation: int = 0
    index: _Index | None = None

    async def forget(self) -> None:
        """Mark the index out of date (a prompt was just posted)."""
        self.generation += 1
        self.index = None


_places: "weakref.WeakKeyDictionary[Database, _Places]" = weakref.WeakKeyDictionary()


def insert(
    tx: Tx,
    guild_id: int,
    channel_id: int,
    question: str,
    session_id: int | None,
    closes_at: datetime | None,
    interaction_id: int,
    created_by: int,
    now: datetime,
) -> int | None:
    """Add an open prompt; None when this interaction already made one."""
    cursor = tx.execute(
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


async def load(db: Database, prompt_id: int) -> Prompt | None:
    """Return one prompt, or None."""
    row = await db.fetch_one(_BY_ID, (prompt_id,))
    return prompt_from_row(row) if row else None


def load_in(tx: Tx, prompt_id: int) -> Prompt | None:
    """Return one prompt, or None, inside a write job."""
    row = tx.one(_BY_ID, (prompt_id,))
    return prompt_from_row(row) if row else None


def load_by_interaction_in(tx: Tx, interaction_id: int) -> Prompt | None:
    """Return the prompt an interaction created, or None, inside a write job."""
    row = tx.one(f"{_SELECT} WHERE interaction_id = ?", (interaction_id,))
    return prompt_from_row(row) if row else None


async def prompt_for_message(db: Database, reply_to: int | None, channel_id: int) -> int | None:
    """Return the id of the prompt a message in `channel_id` belongs to, or None: the prompt it replies to (only
    in the prompt's own channel), or the one whose thread it is in.

    Answered from memory: the index of posted prompts is read once and again after a prompt is posted.
    """
    index = await _posted_prompts(db)
    replied = index.by_message.get(reply_to) if reply_to is not None else None
    found = [replied[0] if replied and replied[1] == channel_id else None, index.by_thread.get(channel_id)]
    return min((prompt_id for prompt_id in found if prompt_id is not None), default=None)


async def _posted_prompts(db: Database) -> _Index:
    """The index of posted prompts, read if out of date; a read overtaken by a posting is used but not kept."""
    places = _places_of(db)
    if places.index is not None:
        return places.index
    generation = places.generation
    rows = await db.fetch_all("SELECT id, channel_id, message_id, thread_id FROM prompts WHERE message_id IS NOT NULL")
    index = _Index(
        by_message={row["message_id"]: (row["id"], row["channel_id"]) for row in rows},
        by_thread={row["thread_id"]: row["id"] for row in rows if row["thread_id"] is not None},
    )
    if generation == places.generation:
        places.index = index
    return index


def _places_of(db: Database) -> _Places:
    """The index of posted prompts of `db`, forgotten after every commit that posts a prompt."""
    places = _places.get(db)
    if places is None:
        places = _places[db] = _Places()
        db.on_commit(POSTED, places.forget)
    return places


async def _posted_in_guild(db: Database, guild_id: int, more: str, params: tuple[object, ...] = ()) -> list[Prompt]:
    """The server's posted prompts; `more` adds conditions (AND …), the order and a limit, with their `params`."""
    rows = await db.fetch_all(f"{_SELECT} WHERE guild_id = ? AND message_id IS NOT NULL {more}", (guild_id, *params))
    return [prompt_from_row(row) for row in rows]


async def open_in_guild(db: Database, guild_id: int) -> list[Prompt]:
    """Return the server's open prompts that have been posted, newest first."""
    return await _posted_in_guild(db, guild_id, "AND status = 'open' ORDER BY id DESC")


async def for_session(db: Database, guild_id: int, session_id: int) -> list[Prompt]:
    """Return the posted prompts tied to a session, oldest first."""
    return await _posted_in_guild(db, guild_id, "AND session_id = ? ORDER BY id", (session_id,))


async def recent_in_guild(db: Database, guild_id: int, limit: int) -> list[Prompt]:
    """Return the server's posted prompts, open ones first, then the most recent."""
    return await _posted_in_guild(db, guild_id, "ORDER BY status = 'open' DESC, id DESC LIMIT ?", (limit,))


async def unposted(db: Database) -> list[Prompt]:
    """Every prompt still waiting for its message (a stop came between posting and recording it)."""
    return [prompt_from_row(row) for row in await db.fetch_all(f"{_SELECT} WHERE message_id IS NULL ORDER BY id")]


def attach_message(tx: Tx, prompt_id: int, message_id: int, thread_id: int | None) -> None:
    """Record the posted prompt message and its thread (the index of posted prompts is read again after commit)."""
    tx.execute("UPDATE prompts SET message_id = ?, thread_id = ? WHERE id = ?", (message_id, thread_id, prompt_id))
    tx.touch(POSTED)


def delete(tx: Tx, prompt_id: int) -> None:
    """Remove a prompt that could not be posted."""
    tx.execute("DELETE FROM prompts WHERE id = ?", (prompt_id,))


def close(tx: Tx, prompt_id: int, now: datetime) -> bool:
    """Close an open prompt; False when it was closed already."""
    cursor = tx.execute(
        "UPDATE prompts SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
        (to_db(now), prompt_id),
    )
    return cursor.rowcount == 1


@dataclass(frozen=True)
class DigestState:
    """How posting a closed prompt's digest stands: its timer's status, with the last error if any."""

    status: str
    error: str | None


async def digest_states(db: Database, guild_id: int, kind: str) -> dict[int, DigestState]:
    """Return, per prompt of the server that has one, the state of its (latest) digest timer of `kind`."""
    rows = await db.fetch_all(
        "SELECT subject_id, status, last_error FROM timers WHERE guild_id = ? AND kind = ? ORDER BY id",
        (guild_id, kind),
    )
    return {row["subject_id"]: DigestState(row["status"], row["last_error"]) for row in rows}


def set_digest(tx: Tx, prompt_id: int, message_id: int) -> None:
    """Remember the message that carries a closed prompt's digest."""
    tx.execute("UPDATE prompts SET digest_message_id = ? WHERE id = ?", (message_id, prompt_id))


def advance_cursor(tx: Tx, guild_id: int, channel_id: int, message_id: int) -> None:
    """Record that every message up to `message_id` in a channel or thread has been handled."""
    tx.execute(
        "INSERT INTO read_cursors (channel_id, guild_id, last_message_id) VALUES (?, ?, ?) "
        "ON CONFLICT (channel_id) DO UPDATE SET last_message_id = max(last_message_id, excluded.last_message_id)",
        (channel_id, guild_id, message_id),
    )


async def reading_plan(db: Database) -> list[tuple[int, int, int]]:
    """Return (server id, channel or thread id, message id to read history after) for every open prompt's places."""
    rows = await db.fetch_all(
        "WITH places AS ("
        "  SELECT guild_id, channel_id, message_id AS start FROM prompts "
        "  WHERE status = 'open' AND message_id IS NOT NULL "
        "  UNION ALL SELECT guild_id, thread_id, thread_id FROM prompts "
        "  WHERE status = 'open' AND thread_id IS NOT NULL) "
        "SELECT places.guild_id, places.channel_id, max(min(places.start), coalesce(c.last_message_id, 0)) AS after_id "
        "FROM places LEFT JOIN read_cursors AS c ON c.channel_id = places.channel_id "
        "GROUP BY places.guild_id, places.channel_id ORDER BY places.channel_id"
    )
    return [(row["guild_id"], row["channel_id"], row["after_id"]) for row in rows]
