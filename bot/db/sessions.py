"""SQL for sessions, RSVPs and session reminders."""

import sqlite3
from datetime import datetime
from typing import Any

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

SESSION_COLUMNS = (
    "id, guild_id, title, starts_local, zone, fold, starts_at, duration_minutes, location, description, "
    "channel_id, announcement_message_id, scheduled_event_id, status, sequence, created_by, host_code, host_name"
)
EDITABLE = (
    "title",
    "starts_local",
    "zone",
    "fold",
    "starts_at",
    "duration_minutes",
    "location",
    "description",
    "status",
)
LINKS = ("announcement_message_id", "scheduled_event_id")
REMINDER_COLUMNS = (
    "r.id, r.session_id, r.offset_minutes, r.fire_local, r.zone, r.fold, r.message, r.is_default, "
    "t.status, t.due_at, t.attempts, t.result, t.last_error"
)
_REMINDER_JOIN = "FROM reminders r JOIN timers t ON t.kind = 'session_reminder' AND t.subject_id = r.id"


async def insert_session(conn: aiosqlite.Connection, now: datetime, **fields: Any) -> int:
    """Add a session inside the caller's transaction; return its id."""
    names = [*fields, "created_at", "updated_at"]
    cursor = await conn.execute(
        f"INSERT INTO sessions ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        (*fields.values(), to_db(now), to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def update_session(conn: aiosqlite.Connection, session_id: int, now: datetime, **fields: Any) -> None:
    """Change some of a session's columns and bump its calendar sequence number."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    await conn.execute(
        f"UPDATE sessions SET {assignments}, sequence = sequence + 1, updated_at = ? WHERE id = ?",
        (*fields.values(), to_db(now), session_id),
    )


async def link_session(conn: aiosqlite.Connection, session_id: int, **links: int | None) -> None:
    """Record the Discord objects that show a session (announcement message, scheduled event)."""
    unknown = set(links) - set(LINKS)
    if unknown or not links:
        raise ValueError(f"not link columns: {sorted(unknown) or 'none given'}")
    assignments = ", ".join(f"{name} = ?" for name in links)
    await conn.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*links.values(), session_id))


async def publish_session(conn: aiosqlite.Connection, session_id: int, announcement_message_id: int) -> None:
    """Turn a draft into a planned session with its announcement."""
    await conn.execute(
        "UPDATE sessions SET status = 'planned', announcement_message_id = ? WHERE id = ? AND status = 'draft'",
        (announcement_message_id, session_id),
    )


async def draft_sessions(db: Database) -> list[sqlite3.Row]:
    """Return every session still in draft."""
    return await db.fetch_all(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE status = 'draft' ORDER BY id")


async def load_session(db: Database, session_id: int) -> sqlite3.Row | None:
    """Return one session row, or None."""
    return await db.fetch_one(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))


async def upcoming_sessions(db: Database, guild_id: int, now: datetime, limit: int) -> list[sqlite3.Row]:
    """Return the server's planned sessions that have not begun yet, soonest first."""
    return await db.fetch_all(
        f"SELECT {SESSION_COLUMNS} FROM sessions WHERE guild_id = ? AND status = 'planned' AND starts_at > ? "
        "ORDER BY starts_at, id LIMIT ?",
        (guild_id, to_db(now), limit),
    )


async def recent_sessions(db: Database, guild_id: int, limit: int) -> list[sqlite3.Row]:
    """Return the server's sessions, past and future, latest start first."""
    return await db.fetch_all(
        f"SELECT {SESSION_COLUMNS} FROM sessions WHERE guild_id = ? ORDER BY starts_at DESC, id DESC LIMIT ?",
        (guild_id, limit),
    )


async def set_rsvp(conn: aiosqlite.Connection, session_id: int, user_id: int, attending: bool, now: datetime) -> bool:
    """Record a member's answer; return False when it was already exactly that."""
    cursor = await conn.execute(
        "INSERT INTO rsvps (session_id, user_id, attending, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (session_id, user_id) DO UPDATE SET attending = excluded.attending, "
        "updated_at = excluded.updated_at WHERE rsvps.attending != excluded.attending",
        (session_id, user_id, int(attending), to_db(now)),
    )
    return cursor.rowcount == 1


async def rsvp_counts(db: Database, session_id: int) -> tuple[int, int]:
    """Return how many answered coming and not coming."""
    row = await db.fetch_one(
        "SELECT coalesce(sum(attending), 0), coalesce(sum(1 - attending), 0) FROM rsvps WHERE session_id = ?",
        (session_id,),
    )
    return (row[0], row[1]) if row else (0, 0)


async def attendee_ids(db: Database, session_id: int) -> list[int]:
    """Return the ids of members who answered 'coming' to a session, in the order they answered."""
    rows = await db.fetch_all(
        "SELECT user_id FROM rsvps WHERE session_id = ? AND attending = 1 ORDER BY updated_at, user_id",
        (session_id,),
    )
    return [row["user_id"] for row in rows]


async def insert_reminder(conn: aiosqlite.Connection, now: datetime, **fields: Any) -> int:
    """Add a reminder row inside the caller's transaction; return its id."""
    names = [*fields, "created_at"]
    cursor = await conn.execute(
        f"INSERT INTO reminders ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        (*fields.values(), to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def move_reminder(conn: aiosqlite.Connection, reminder_id: int, fire_local: str, fold: int) -> None:
    """Give a reminder a new wall-clock moment (its timer is moved by the caller)."""
    await conn.execute("UPDATE reminders SET fire_local = ?, fold = ? WHERE id = ?", (fire_local, fold, reminder_id))


async def session_reminders(db: Database, session_id: int) -> list[sqlite3.Row]:
    """Return a session's reminders with their timer status, earliest first."""
    return await db.fetch_all(
        f"SELECT {REMINDER_COLUMNS} {_REMINDER_JOIN} WHERE r.session_id = ? ORDER BY t.due_at, r.id", (session_id,)
    )


async def guild_reminders(db: Database, guild_id: int, since: datetime, limit: int) -> list[sqlite3.Row]:
    """Return the server's reminders due since `since` (and all later ones), earliest first."""
    return await db.fetch_all(
        f"SELECT {REMINDER_COLUMNS}, s.title {_REMINDER_JOIN} JOIN sessions s ON s.id = r.session_id "
        "WHERE s.guild_id = ? AND t.due_at >= ? ORDER BY t.due_at, r.id LIMIT ?",
        (guild_id, to_db(since), limit),
    )


async def load_reminder(db: Database, reminder_id: int) -> sqlite3.Row | None:
    """Return one reminder with its timer status and its session's server, or None."""
    return await db.fetch_one(
        f"SELECT {REMINDER_COLUMNS}, s.guild_id {_REMINDER_JOIN} JOIN sessions s ON s.id = r.session_id WHERE r.id = ?",
        (reminder_id,),
    )


async def delete_session(conn: aiosqlite.Connection, session_id: int) -> None:
    """Remove a session with its reminders, their timers and its RSVPs (undoing a failed creation)."""
    await conn.execute(
        "DELETE FROM timers WHERE kind = 'session_reminder' AND subject_id IN "
        "(SELECT id FROM reminders WHERE session_id = ?)",
        (session_id,),
    )
    await conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
