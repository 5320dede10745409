"""The audit log: who did what, when, to data that is about other people (organiser actions, erasures)."""

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.db import Database
from bot.db import audit as store
from bot.db.codec import from_db

SYSTEM = 0
"""The actor of what the bot does by itself, and of a member whose data was erased."""

HOST_CONFIRM = "host.confirm"
IDEA_STATUS = "idea.status"
SETUP_CHANGE = "setup.change"
DATA_EXPORT = "export.data"
REPORT = "report.session"
MEMBER_DELETE = "privacy.delete"
MEMBER_ERASED = "privacy.member_erased"
RETENTION = "retention.applied"
ACTIONS = (HOST_CONFIRM, IDEA_STATUS, SETUP_CHANGE, DATA_EXPORT, REPORT, MEMBER_DELETE, MEMBER_ERASED, RETENTION)
DETAIL_MAX = 500
LATEST = 20


@dataclass(frozen=True)
class Entry:
    """One audit log entry."""

    id: int
    guild_id: int
    actor_id: int
    action: str
    detail: str
    created_at: datetime


def counts_detail(counts: dict[str, int]) -> str:
    """The non-zero counts as `name=n` words: the detail of an erasure or a retention sweep."""
    return " ".join(f"{name}={count}" for name, count in counts.items() if count)


def entry_from_row(row: object) -> Entry:
    """Build an Entry from an `audit_log` row."""
    data = dict(row)  # type: ignore[call-overload]
    data["created_at"] = from_db(data["created_at"])
    return Entry(**data)


async def record_in(
    conn: aiosqlite.Connection, now: datetime, guild_id: int, actor_id: int, action: str, detail: str = ""
) -> None:
    """Write an entry inside the caller's transaction (`action`: one of ACTIONS)."""
    await store.insert(conn, guild_id, actor_id, action, detail[:DETAIL_MAX], now)


async def record(db: Database, now: datetime, guild_id: int, actor_id: int, action: str, detail: str = "") -> None:
    """Write an entry in its own transaction (`action`: one of ACTIONS)."""
    async with db.transaction() as conn:
        await record_in(conn, now, guild_id, actor_id, action, detail)


async def latest(db: Database, guild_id: int, limit: int = LATEST) -> list[Entry]:
    """Return a server's most recent entries, newest first."""
    return [entry_from_row(row) for row in await store.latest(db, guild_id, limit)]


async def by_actor(db: Database, guild_id: int, actor_id: int) -> list[Entry]:
    """Return what one member did in a server, oldest first (for their own data export)."""
    return [entry_from_row(row) for row in await store.by_actor(db, guild_id, actor_id)]
