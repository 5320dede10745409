"""SQL for host calls, the sessions they cover and the volunteering municipalities."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx
from bot.db.entries import EntryMember, MemberEntry, entries_of

_CALL_COLUMNS = ("id", "guild_id", "channel_id", "message_id", "closes_at", "status", "created_by")
_CALLS = f"SELECT {', '.join(_CALL_COLUMNS)} FROM host_calls"
_CALLS_WITH_SESSION = (
    f"SELECT {', '.join('c.' + column for column in _CALL_COLUMNS)} FROM host_calls c "
    "JOIN host_call_sessions s ON s.call_id = c.id WHERE s.session_id = ?"
)
_VOLUNTEERS = (
    "SELECT v.id, v.call_id, v.session_id, v.municipality_code, v.municipality_name, m.user_id, m.note "
    "FROM host_volunteers v JOIN host_volunteer_members m ON m.volunteer_id = v.id"
)
_VOLUNTEER_ORDER = "ORDER BY v.id, m.created_at, m.user_id"


@dataclass(frozen=True)
class HostCall:
    """A call for host municipalities."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    closes_at: datetime | None
    closed: bool
    created_by: int


@dataclass(frozen=True)
class Volunteer(MemberEntry):
    """One municipality's entry for one session of a call, with the members who made it (first one first)."""

    id: int
    call_id: int
    session_id: int
    municipality_code: str
    municipality_name: str
    members: tuple[EntryMember, ...]


def _call(row: Any) -> HostCall:
    return HostCall(
        row["id"],
        row["guild_id"],
        row["channel_id"],
        row["message_id"],
        from_db(row["closes_at"]) if row["closes_at"] else None,
        row["status"] == "closed",
        row["created_by"],
    )


def _volunteer(row: Any, members: tuple[EntryMember, ...]) -> Volunteer:
    return Volunteer(
        row["id"], row["call_id"], row["session_id"], row["municipality_code"], row["municipality_name"], members
    )


def _volunteers(rows: list[Any]) -> list[Volunteer]:
    """Entries from rows of `_VOLUNTEERS` (one row per member, an entry's rows together)."""
    return entries_of(rows, _volunteer)


def insert_call(
    tx: Tx,
    now: datetime,
    guild_id: int,
    channel_id: int,
    closes_at: datetime | None,
    created_by: int,
    session_ids: list[int],
) -> int:
    """Add a call with its sessions (in the given order); return its id."""
    cursor = tx.execute(
        "INSERT INTO host_calls (guild_id, channel_id, closes_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, channel_id, to_db(closes_at) if closes_at else None, created_by, to_db(now)),
    )
    call_id = cursor.lastrowid
    assert call_id is not None
    tx.executemany(
        "INSERT INTO host_call_sessions (call_id, session_id, position) VALUES (?, ?, ?)",
        [(call_id, session_id, position) for position, session_id in enumerate(session_ids)],
    )
    return call_id


def set_message(tx: Tx, call_id: int, message_id: int) -> None:
    """Remember the message that shows a call."""
    tx.execute("UPDATE host_calls SET message_id = ? WHERE id = ?", (message_id, call_id))


def delete_call(tx: Tx, call_id: int) -> None:
    """Remove a call (its sessions and entries follow)."""
    tx.execute("DELETE FROM host_calls WHERE id = ?", (call_id,))


def close_call(tx: Tx, call_id: int) -> bool:
    """Close an open call; False if it was closed already."""
    cursor = tx.execute("UPDATE host_calls SET status = 'closed' WHERE id = ? AND status = 'open'", (call_id,))
    return cursor.rowcount == 1


async def load_call(db: Database, call_id: int) -> HostCall | None:
    """Return one call, or None."""
    row = await db.fetch_one(f"{_CALLS} WHERE id = ?", (call_id,))
    return _call(row) if row else None


async def unposted_calls(db: Database) -> list[HostCall]:
    """Every call still waiting for its message."""
    return [_call(row) for row in await db.fetch_all(f"{_CALLS} WHERE message_id IS NULL ORDER BY id")]


async def call_session_ids(db: Database, call_id: int) -> list[int]:
    """Return the ids of a call's sessions in the order the organiser gave them."""
    rows = await db.fetch_all(
        "SELECT session_id FROM host_call_sessions WHERE call_id = ? ORDER BY position", (call_id,)
    )
    return [row[0] for row in rows]


async def open_calls_with_session(db: Database, session_id: int) -> list[int]:
    """Return the ids of open calls that include a session."""
    rows = await db.fetch_all(f"{_CALLS_WITH_SESSION} AND c.status = 'open' ORDER BY c.id", (session_id,))
    return [row["id"] for row in rows]


async def latest_call_with_session(db: Database, session_id: int) -> HostCall | None:
    """Return the most recent call (open or closed) that includes a session, or None."""
    row = await db.fetch_one(f"{_CALLS_WITH_SESSION} ORDER BY c.id DESC LIMIT 1", (session_id,))
    return _call(row) if row else None


def add_volunteer(
    tx: Tx,
    now: datetime,
    call_id: int,
    session_id: int,
    code: str,
    name: str,
    note: str | None,
    member_id: int,
) -> bool:
    """Put a member in a municipality's entry for a session of a call, with their own note (a new note replaces theirs).

    Returns True when the municipality's entry is new, False when it was there already.
    """
    cursor = tx.execute(
        "INSERT INTO host_volunteers (call_id, session_id, municipality_code, municipality_name, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id, session_id, municipality_code) DO NOTHING",
        (call_id, session_id, code, name, to_db(now)),
    )
    created = cursor.rowcount == 1
    entry = tx.one(
        "SELECT id FROM host_volunteers WHERE call_id = ? AND session_id = ? AND municipality_code = ?",
        (call_id, session_id, code),
    )
    assert entry is not None
    tx.execute(
        "INSERT INTO host_volunteer_members (volunteer_id, user_id, note, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (volunteer_id, user_id) DO UPDATE SET note = coalesce(excluded.note, note)",
        (entry["id"], member_id, note, to_db(now)),
    )
    return created


def remove_volunteer(tx: Tx, call_id: int, session_id: int, code: str, member_id: int) -> bool:
    """Take a member out of a municipality's entry (which ends with its last member); False if they were not in it."""
    cursor = tx.execute(
        "DELETE FROM host_volunteer_members WHERE user_id = ? AND volunteer_id = (SELECT id FROM host_volunteers "
        "WHERE call_id = ? AND session_id = ? AND municipality_code = ?)",
        (member_id, call_id, session_id, code),
    )
    return cursor.rowcount == 1


async def call_volunteers(db: Database, call_id: int) -> list[Volunteer]:
    """Return a call's entries, in the order they were made."""
    return _volunteers(await db.fetch_all(f"{_VOLUNTEERS} WHERE v.call_id = ? {_VOLUNTEER_ORDER}", (call_id,)))


async def session_volunteers(db: Database, session_id: int) -> list[Volunteer]:
    """Return every entry for a session over all calls, in the order they were made."""
    return _volunteers(await db.fetch_all(f"{_VOLUNTEERS} WHERE v.session_id = ? {_VOLUNTEER_ORDER}", (session_id,)))


async def last_hosted(db: Database, guild_id: int, codes: list[str], now: datetime) -> dict[str, datetime]:
    """Return, per municipality code, the start of the latest past session of this server it hosted."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = await db.fetch_all(
        f"SELECT host_code, max(starts_at) FROM sessions WHERE guild_id = ? AND status = 'planned' "
        f"AND starts_at <= ? AND host_code IN ({marks}) GROUP BY host_code",
        (guild_id, to_db(now), *codes),
    )
    return {row[0]: from_db(row[1]) for row in rows}


def set_host(tx: Tx, now: datetime, session_id: int, code: str, name: str, location: str | None) -> None:
    """Record a session's confirmed host and its location (a change like any edit: new sequence, updated now)."""
    tx.execute(
        "UPDATE sessions SET host_code = ?, host_name = ?, location = ?, sequence = sequence + 1, updated_at = ? "
        "WHERE id = ?",
        (code, name, location, to_db(now), session_id),
    )
