"""SQL for erasures waiting out their grace period, and for erasing everything a server left behind."""

from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import to_db
from bot.db.connection import Database, Tx
from bot.db.personal_data import MEMBERS_WITH_DATA
from bot.db.timers import TIMERS

WHOLE_GUILD = 0
"""The user_id of a pending erasure of a whole server."""


@dataclass(frozen=True)
class PendingErasure:
    """An erasure waiting for its grace period: of one member, or (user_id WHOLE_GUILD) of the whole server."""

    id: int
    guild_id: int
    user_id: int


def add_pending(tx: Tx, guild_id: int, user_id: int, now: datetime) -> int | None:
    """Record a pending erasure; return its id, or None when one is pending already."""
    cursor = tx.execute(
        "INSERT INTO pending_erasures (guild_id, user_id, requested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (guild_id, user_id, to_db(now)),
    )
    return cursor.lastrowid if cursor.rowcount == 1 else None


def remove_pending(tx: Tx, guild_id: int, user_id: int) -> int | None:
    """Drop a pending erasure; return its id, or None when there was none."""
    row = tx.one("DELETE FROM pending_erasures WHERE guild_id = ? AND user_id = ? RETURNING id", (guild_id, user_id))
    return row[0] if row else None


async def load_pending(db: Database, erasure_id: int) -> PendingErasure | None:
    """Return a pending erasure, or None when it ran or was called off."""
    row = await db.fetch_one("SELECT id, guild_id, user_id FROM pending_erasures WHERE id = ?", (erasure_id,))
    return PendingErasure(row["id"], row["guild_id"], row["user_id"]) if row else None


async def pending_guilds(db: Database) -> set[int]:
    """Return the servers whose erasure is pending."""
    rows = await db.fetch_all("SELECT guild_id FROM pending_erasures WHERE user_id = ?", (WHOLE_GUILD,))
    return {row[0] for row in rows}


async def pending_members(db: Database, guild_id: int) -> set[int]:
    """Return the members of a server whose erasure is pending."""
    rows = await db.fetch_all(
        "SELECT user_id FROM pending_erasures WHERE guild_id = ? AND user_id != ?", (guild_id, WHOLE_GUILD)
    )
    return {row[0] for row in rows}


_GUILD_TABLES = (
    "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'guild_id' "
    "WHERE m.type = 'table' ORDER BY m.name"
)


def _guild_tables(tx: Tx) -> list[str]:
    return [row[0] for row in tx.all(_GUILD_TABLES)]


async def guilds_with_data(db: Database) -> set[int]:
    """Return every server the database holds anything of (timers aside)."""

    def read(tx: Tx) -> set[int]:
        tables = [table for table in _guild_tables(tx) if table != "timers"]
        return {row[0] for row in tx.all(" UNION ".join(f"SELECT guild_id FROM {table}" for table in tables))}

    return await db.read(read)


def erase_guild(tx: Tx, guild_id: int, keep_timer_id: int) -> int:
    """Delete every row of a server, bar the running timer; return how many.

    Every table with a guild_id column is emptied of the server; their child tables follow by cascade.
    """
    erased = 0
    for table in _guild_tables(tx):
        extra = " AND id != ?" if table == "timers" else ""
        cursor = tx.execute(
            f"DELETE FROM {table} WHERE guild_id = ?{extra}", (guild_id, keep_timer_id) if extra else (guild_id,)
        )
        erased += cursor.rowcount
    tx.touch(TIMERS)
    return erased


async def members_with_data(db: Database, guild_id: int) -> set[int]:
    """Return the members of a server the database holds data of, and whose erasure is not yet planned."""
    rows = await db.fetch_all(MEMBERS_WITH_DATA, {"guild": guild_id})
    return {row[0] for row in rows if row[0] > 0}
