"""SQL for shared material: links and the bot's own messages that carry shared files, optionally per session."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

_SELECT = (
    "SELECT r.id, r.guild_id, r.session_id, s.title AS session_title, r.title, r.description, r.url, r.host, "
    "r.filename, r.channel_id, r.message_id, r.shared_by, r.created_at "
    "FROM resources r LEFT JOIN sessions s ON s.id = r.session_id"
)
_SHOWN = "(r.url IS NOT NULL OR r.message_id IS NOT NULL)"
"""Links, and files whose message is out (a file without its message is a draft nobody has seen)."""


@dataclass(frozen=True)
class Resource:
    """One piece of shared material: a link (url, host) or a file (the bot's message that carries it)."""

    id: int
    guild_id: int
    session_id: int | None
    session_title: str | None
    title: str
    description: str | None
    url: str | None
    host: str | None
    filename: str | None
    channel_id: int | None
    message_id: int | None
    shared_by: int
    created_at: datetime

    @property
    def is_file(self) -> bool:
        """Whether this is a file (kept as the bot's message), not a link."""
        return self.filename is not None

    @property
    def link(self) -> str | None:
        """Where it is: the link itself, or the link to the bot's message with the file (None for a draft)."""
        if self.url is not None:
            return self.url
        if self.channel_id is None or self.message_id is None:
            return None
        return f"https://discord.com/channels/{self.guild_id}/{self.channel_id}/{self.message_id}"


def _resource(row: Any) -> Resource:
    values = dict(row)
    return Resource(**values | {"created_at": from_db(values["created_at"])})


def insert_resource(
    tx: Tx,
    now: datetime,
    guild_id: int,
    session_id: int | None,
    title: str,
    description: str | None,
    shared_by: int,
    **where: Any,
) -> int:
    """Add material: a link (`url`, `host`) or a file draft (`filename`, `channel_id`); return its id."""
    columns = {
        "guild_id": guild_id,
        "session_id": session_id,
        "title": title,
        "description": description,
        "shared_by": shared_by,
        "created_at": to_db(now),
        **where,
    }
    cursor = tx.execute(
        f"INSERT INTO resources ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        tuple(columns.values()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_message(tx: Tx, resource_id: int, message_id: int) -> None:
    """Remember the bot's message that carries a shared file: it is no longer a draft."""
    tx.execute("UPDATE resources SET message_id = ? WHERE id = ?", (message_id, resource_id))


def delete_resource(tx: Tx, resource_id: int) -> None:
    """Remove material (a removed one, or a file draft nobody saw)."""
    tx.execute("DELETE FROM resources WHERE id = ?", (resource_id,))


def shown_in(tx: Tx, guild_id: int, resource_id: int) -> Resource | None:
    """Inside a write: the server's material #id as members see it (no drafts), or None."""
    row = tx.one(f"{_SELECT} WHERE r.id = ? AND r.guild_id = ? AND {_SHOWN}", (resource_id, guild_id))
    return _resource(row) if row else None


async def load(db: Database, resource_id: int) -> Resource | None:
    """Return material #id, drafts included, or None."""
    row = await db.fetch_one(f"{_SELECT} WHERE r.id = ?", (resource_id,))
    return _resource(row) if row else None


async def drafts(db: Database) -> list[Resource]:
    """Every file still waiting for its message."""
    rows = await db.fetch_all(f"{_SELECT} WHERE r.url IS NULL AND r.message_id IS NULL ORDER BY r.id")
    return [_resource(row) for row in rows]


def _scope(guild_id: int, session_id: int | None) -> tuple[str, tuple[Any, ...]]:
    if session_id is None:
        return f"r.guild_id = ? AND {_SHOWN}", (guild_id,)
    return f"r.guild_id = ? AND r.session_id = ? AND {_SHOWN}", (guild_id, session_id)


async def count(db: Database, guild_id: int, session_id: int | None) -> int:
    """How much material the server (or one of its sessions) has."""
    where, params = _scope(guild_id, session_id)
    row = await db.fetch_one(f"SELECT count(*) FROM resources r WHERE {where}", params)
    return int(row[0]) if row else 0


async def page(db: Database, guild_id: int, session_id: int | None, limit: int, offset: int) -> list[Resource]:
    """One page of the server's (or a session's) material, newest first."""
    where, params = _scope(guild_id, session_id)
    rows = await db.fetch_all(f"{_SELECT} WHERE {where} ORDER BY r.id DESC LIMIT ? OFFSET ?", (*params, limit, offset))
    return [_resource(row) for row in rows]


async def of_sessions(db: Database, session_ids: Sequence[int]) -> dict[int, list[Resource]]:
    """The material of each of these sessions, in the order it was shared (sessions without any left out)."""
    if not session_ids:
        return {}
    marks = ", ".join("?" for _ in session_ids)
    rows = await db.fetch_all(f"{_SELECT} WHERE r.session_id IN ({marks}) AND {_SHOWN} ORDER BY r.id", session_ids)
    found: dict[int, list[Resource]] = {}
    for resource in map(_resource, rows):
        assert resource.session_id is not None
        found.setdefault(resource.session_id, []).append(resource)
    return found
