"""SQL for the audit log of organiser actions that touch other people's data, and its entry value type."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

_SELECT = "SELECT id, guild_id, actor_id, action, detail, created_at FROM audit_log"


@dataclass(frozen=True)
class Entry:
    """One audit log entry."""

    id: int
    guild_id: int
    actor_id: int
    action: str
    detail: str
    created_at: datetime


def entry_from_row(row: Any) -> Entry:
    """Build an Entry from an `audit_log` row."""
    data = dict(row)
    data["created_at"] = from_db(data["created_at"])
    return Entry(**data)


def insert(tx: Tx, guild_id: int, actor_id: int, action: str, detail: str, now: datetime) -> None:
    """Add an entry."""
    tx.execute(
        "INSERT INTO audit_log (guild_id, actor_id, action, detail, created_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, actor_id, action, detail, to_db(now)),
    )


async def latest(db: Database, guild_id: int, limit: int) -> list[Entry]:
    """Return a server's most recent entries, newest first."""
    rows = await db.fetch_all(f"{_SELECT} WHERE guild_id = ? ORDER BY id DESC LIMIT ?", (guild_id, limit))
    return [entry_from_row(row) for row in rows]
