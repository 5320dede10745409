"""SQL for sign-up calls and the municipalities that signed up, each entry with its members' notes."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx
from bot.db.entries import EntryMember, MemberEntry, entries_of

_CALLS = (
    "SELECT c.id, c.guild_id, c.channel_id, c.message_id, c.question, c.closes_at, c.status, c.created_by, "
    "(SELECT count(*) FROM signup_entries e WHERE e.call_id = c.id) AS entry_count FROM signup_calls c"
)
_ENTRIES = (
    "SELECT e.id, e.municipality_code, e.municipality_name, m.user_id, m.note "
    "FROM signup_entries e JOIN signup_members m ON m.entry_id = e.id "
    "WHERE e.call_id = ? ORDER BY e.id, m.created_at, m.user_id"
)


@dataclass(frozen=True)
class SignupCall:
    """A call for municipalities to join an initiative, with how many signed up."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    question: str
    closes_at: datetime | None
    closed: bool
    created_by: int
    entry_count: int


@dataclass(frozen=True)
class SignupEntry(MemberEntry):
    """One municipality's sign-up for a call, with the members who made it (first one first)."""

    municipality_code: str
    municipality_name: str
    members: tuple[EntryMember, ...]


def _call(row: Any) -> SignupCall:
    values = dict(row)
    closes_at, status = values.pop("closes_at"), values.pop("status")
    return SignupCall(**values, closes_at=from_db(closes_at) if closes_at else None, closed=status == "closed")


def _entry(row: Any, members: tuple[EntryMember, ...]) -> SignupEntry:
    return SignupEntry(row["municipality_code"], row["municipality_name"], members)


def insert_call(
    tx: Tx, now: datetime, guild_id: int, channel_id: int, question: str, closes_at: datetime | None, created_by: int
) -> int:
    """Add a call (a draft until its message is recorded); return its id."""
    cursor = tx.execute(
        "INSERT INTO signup_calls (guild_id, channel_id, question, closes_at, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (guild_id, channel_id, question, to_db(closes_at) if closes_at else None, created_by, to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_message(tx: Tx, call_id: int, message_id: int) -> None:
    """Remember the message that shows a call."""
    tx.execute("UPDATE signup_calls SET message_id = ? WHERE id = ?", (message_id, call_id))


def close_call(tx: Tx, call_id: int) -> bool:
    """Close an open call; False if it was closed already."""
    return (
        tx.execute("UPDATE signup_calls SET status = 'closed' WHERE id = ? AND status = 'open'", (call_id,)).rowcount
        == 1
    )


def delete_call(tx: Tx, call_id: int) -> None:
    """Remove a call (its entries follow)."""
    tx.execute("DELETE FROM signup_calls WHERE id = ?", (call_id,))


async def _calls(db: Database, where: str, params: tuple[Any, ...]) -> list[SignupCall]:
    return [_call(row) for row in await db.fetch_all(f"{_CALLS} WHERE {where} ORDER BY c.id", params)]


async def load_call(db: Database, call_id: int) -> SignupCall | None:
    """Return one call, or None."""
    found = await _calls(db, "c.id = ?", (call_id,))
    return found[0] if found else None


async def unposted_calls(db: Database) -> list[SignupCall]:
    """Every call still waiting for its message."""
    return await _calls(db, "c.message_id IS NULL", ())


async def posted_calls(db: Database, guild_id: int) -> list[SignupCall]:
    """The server's open calls that are posted, oldest first."""
    return await _calls(db, "c.guild_id = ? AND c.status = 'open' AND c.message_id IS NOT NULL", (guild_id,))


def add_member(tx: Tx, now: datetime, call_id: int, code: str, name: str, note: str | None, member_id: int) -> bool:
    """Put a member in a municipality's entry of a call, with their own note (a new note replaces theirs).

    Returns True when the municipality's entry is new, False when it was there already.
    """
    cursor = tx.execute(
        "INSERT INTO signup_entries (call_id, municipality_code, municipality_name, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (call_id, municipality_code) DO NOTHING",
        (call_id, code, name, to_db(now)),
    )
    entry = tx.one("SELECT id FROM signup_entries WHERE call_id = ? AND municipality_code = ?", (call_id, code))
    assert entry is not None
    tx.execute(
        "INSERT INTO signup_members (entry_id, user_id, note, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (entry_id, user_id) DO UPDATE SET note = coalesce(excluded.note, note)",
        (entry["id"], member_id, note, to_db(now)),
    )
    return cursor.rowcount == 1


def remove_member(tx: Tx, call_id: int, member_id: int) -> list[str]:
    """Take a member out of their entries of a call (each ends with its last member); the municipalities left."""
    rows = tx.all(
        "SELECT e.id, e.municipality_name FROM signup_entries e JOIN signup_members m ON m.entry_id = e.id "
        "WHERE e.call_id = ? AND m.user_id = ? ORDER BY e.id",
        (call_id, member_id),
    )
    tx.executemany(
        "DELETE FROM signup_members WHERE entry_id = ? AND user_id = ?", [(r["id"], member_id) for r in rows]
    )
    return [str(row["municipality_name"]) for row in rows]


async def call_entries(db: Database, call_id: int) -> list[SignupEntry]:
    """Return a call's entries, in the order they were made."""
    return entries_of(await db.fetch_all(_ENTRIES, (call_id,)), _entry)
