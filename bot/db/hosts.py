"""SQL for host calls, the sessions they cover and the volunteering municipalities."""

import sqlite3
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

CALL_COLUMNS = "id, guild_id, channel_id, message_id, closes_at, status, created_by"
VOLUNTEER_COLUMNS = "id, call_id, session_id, municipality_code, municipality_name, note, volunteered_by"


async def insert_call(
    conn: aiosqlite.Connection,
    now: datetime,
    guild_id: int,
    channel_id: int,
    closes_at: datetime | None,
    created_by: int,
    session_ids: list[int],
) -> int:
    """Add a call with its sessions (in the given order) inside the caller's transaction; return its id."""
    cursor = await conn.execute(
        "INSERT INTO host_calls (guild_id, channel_id, closes_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        (guild_id, channel_id, to_db(closes_at) if closes_at else None, created_by, to_db(now)),
    )
    assert cursor.lastrowid is not None
    await conn.executemany(
        "INSERT INTO host_call_sessions (call_id, session_id, position) VALUES (?, ?, ?)",
        [(cursor.lastrowid, session_id, position) for position, session_id in enumerate(session_ids)],
    )
    return cursor.lastrowid


async def set_message(db: Database, call_id: int, message_id: int) -> None:
    """Remember the message that shows a call."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE host_calls SET message_id = ? WHERE id = ?", (message_id, call_id))


async def close_call(conn: aiosqlite.Connection, call_id: int) -> bool:
    """Close an open call; False if it was closed already."""
    cursor = await conn.execute("UPDATE host_calls SET status = 'closed' WHERE id = ? AND status = 'open'", (call_id,))
    return cursor.rowcount == 1


async def load_call(db: Database, call_id: int) -> sqlite3.Row | None:
    """Return one call, or None."""
    return await db.fetch_one(f"SELECT {CALL_COLUMNS} FROM host_calls WHERE id = ?", (call_id,))


async def call_session_ids(db: Database, call_id: int) -> list[int]:
    """Return the ids of a call's sessions in the order the organiser gave them."""
    rows = await db.fetch_all(
        "SELECT session_id FROM host_call_sessions WHERE call_id = ? ORDER BY position", (call_id,)
    )
    return [row[0] for row in rows]


async def open_calls_with_session(db: Database, session_id: int) -> list[int]:
    """Return the ids of open calls that include a session."""
    rows = await db.fetch_all(
        "SELECT c.id FROM host_calls c JOIN host_call_sessions s ON s.call_id = c.id "
        "WHERE s.session_id = ? AND c.status = 'open' ORDER BY c.id",
        (session_id,),
    )
    return [row[0] for row in rows]


async def latest_call_with_session(db: Database, session_id: int) -> sqlite3.Row | None:
    """Return the most recent call (open or closed) that includes a session, or None."""
    return await db.fetch_one(
        f"SELECT {', '.join('c.' + c for c in CALL_COLUMNS.split(', '))} FROM host_calls c "
        "JOIN host_call_sessions s ON s.call_id = c.id WHERE s.session_id = ? ORDER BY c.id DESC LIMIT 1",
        (session_id,),
    )


async def add_volunteer(
    conn: aiosqlite.Connection,
    now: datetime,
    call_id: int,
    session_id: int,
    code: str,
    name: str,
    note: str | None,
    member_id: int,
) -> bool:
    """Enter a municipality for a session of a call; when it is there already, add the note to its note.

    Returns True when a new entry was made, False when the municipality was already entered.
    """
    cursor = await conn.execute(
        "INSERT INTO host_volunteers (call_id, session_id, municipality_code, municipality_name, note, "
        "volunteered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (call_id, session_id, municipality_code) DO NOTHING",
        (call_id, session_id, code, name, note, member_id, to_db(now)),
    )
    if cursor.rowcount == 1:
        return True
    if note:
        await conn.execute(
            "UPDATE host_volunteers SET note = CASE WHEN note IS NULL OR note = '' THEN ? "
            "WHEN instr(note, ?) > 0 THEN note ELSE note || ' · ' || ? END "
            "WHERE call_id = ? AND session_id = ? AND municipality_code = ?",
            (note, note, note, call_id, session_id, code),
        )
    return False


async def remove_volunteer(conn: aiosqlite.Connection, call_id: int, session_id: int, code: str) -> bool:
    """Withdraw a municipality from a session of a call; False if it was not entered."""
    cursor = await conn.execute(
        "DELETE FROM host_volunteers WHERE call_id = ? AND session_id = ? AND municipality_code = ?",
        (call_id, session_id, code),
    )
    return cursor.rowcount == 1


async def call_volunteers(db: Database, call_id: int) -> list[sqlite3.Row]:
    """Return a call's entries, in the order they were made."""
    return await db.fetch_all(
        f"SELECT {VOLUNTEER_COLUMNS} FROM host_volunteers WHERE call_id = ? ORDER BY id", (call_id,)
    )


async def session_volunteers(db: Database, session_id: int) -> list[sqlite3.Row]:
    """Return every entry for a session over all calls, in the order they were made."""
    return await db.fetch_all(
        f"SELECT {VOLUNTEER_COLUMNS} FROM host_volunteers WHERE session_id = ? ORDER BY id", (session_id,)
    )


async def last_hosted(db: Database, guild_id: int, codes: list[str], now: datetime) -> dict[str, str]:
    """Return, per municipality code, the start (UTC text) of the latest past session of this server it hosted."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = await db.fetch_all(
        f"SELECT host_code, max(starts_at) FROM sessions WHERE guild_id = ? AND status = 'planned' "
        f"AND starts_at <= ? AND host_code IN ({marks}) GROUP BY host_code",
        (guild_id, to_db(now), *codes),
    )
    return {row[0]: row[1] for row in rows}


async def set_host(conn: aiosqlite.Connection, session_id: int, code: str, name: str, location: str | None) -> None:
    """Record a session's confirmed host and its location."""
    await conn.execute(
        "UPDATE sessions SET host_code = ?, host_name = ?, location = ?, sequence = sequence + 1 WHERE id = ?",
        (code, name, location, session_id),
    )
