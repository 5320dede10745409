"""SQL for sessions, RSVPs and session reminders, and the value types their rows are read into."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.db.codec import to_db
from bot.db.connection import Database, Tx
from bot.db.timers import Status
from bot.timeparse import Offset, WallClock

SESSION_COLUMNS = (
    "id, guild_id, title, starts_local, zone, fold, starts_at, duration_minutes, location, description, "
    "channel_id, announcement_message_id, scheduled_event_id, status, sequence, created_by, host_code, host_name, "
    "capacity"
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
    "capacity",
)
LINKS = ("announcement_message_id", "scheduled_event_id")
REMINDER_COLUMNS = (
    "r.id, r.session_id, r.offset_minutes, r.fire_local, r.zone, r.fold, r.message, r.is_default, "
    "t.status, t.due_at, t.attempts, t.result, t.last_error, s.title"
)
_SELECT_SESSIONS = f"SELECT {SESSION_COLUMNS} FROM sessions"
_SELECT_REMINDERS = (
    f"SELECT {REMINDER_COLUMNS} FROM reminders r "
    "JOIN timers t ON t.kind = 'session_reminder' AND t.subject_id = r.id "
    "JOIN sessions s ON s.id = r.session_id"
)


@dataclass(frozen=True)
class Session:
    """A planned (or cancelled) meeting, its start as the organiser chose it on the wall clock."""

    id: int
    guild_id: int
    title: str
    start: WallClock
    duration: timedelta
    location: str | None
    description: str | None
    channel_id: int
    announcement_message_id: int | None
    scheduled_event_id: int | None
    cancelled: bool
    sequence: int
    created_by: int
    host_code: str | None = None
    host_name: str | None = None
    capacity: int | None = None

    @property
    def end_utc(self) -> datetime:
        """When the session ends, in UTC."""
        return self.start.utc + self.duration


@dataclass(frozen=True)
class Reminder:
    """A reminder, how its timer stands, and the title of its session."""

    id: int
    session_id: int
    offset: Offset | None
    fire: WallClock
    message: str | None
    is_default: bool
    status: Status
    attempts: int
    message_id: int | None
    last_error: str | None
    session_title: str


def _local_column(moment: WallClock) -> str:
    """A wall-clock moment as stored: local time to the minute (its zone and fold are columns of their own)."""
    return moment.local.isoformat(timespec="minutes")


def start_columns(start: WallClock) -> dict[str, Any]:
    """The `sessions` columns that store a session's start."""
    return {"starts_local": _local_column(start), "zone": start.zone, "fold": start.fold, "starts_at": to_db(start.utc)}


def session_from_row(row: Any) -> Session:
    """Build a Session from a `sessions` row."""
    start = WallClock.at(datetime.fromisoformat(row["starts_local"]), row["zone"], row["fold"])
    return Session(
        row["id"],
        row["guild_id"],
        row["title"],
        start,
        timedelta(minutes=row["duration_minutes"]),
        row["location"],
        row["description"],
        row["channel_id"],
        row["announcement_message_id"],
        row["scheduled_event_id"],
        row["status"] == "cancelled",
        row["sequence"],
        row["created_by"],
        row["host_code"],
        row["host_name"],
        row["capacity"],
    )


def reminder_from_row(row: Any) -> Reminder:
    """Build a Reminder from a row of `_SELECT_REMINDERS` (a reminder with its timer and session title)."""
    offset = Offset.from_minutes(row["offset_minutes"]) if row["offset_minutes"] is not None else None
    return Reminder(
        row["id"],
        row["session_id"],
        offset,
        WallClock.at(datetime.fromisoformat(row["fire_local"]), row["zone"], row["fold"]),
        row["message"],
        bool(row["is_default"]),
        Status(row["status"]),
        row["attempts"],
        int(row["result"]) if row["result"] else None,
        row["last_error"],
        row["title"],
    )


def insert_session(tx: Tx, now: datetime, **fields: Any) -> int:
    """Add a session; return its id."""
    names = [*fields, "created_at", "updated_at"]
    cursor = tx.execute(
        f"INSERT INTO sessions ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        (*fields.values(), to_db(now), to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_session(tx: Tx, session_id: int, now: datetime, **fields: Any) -> None:
    """Change some of a session's columns and bump its calendar sequence number."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    tx.execute(
        f"UPDATE sessions SET {assignments}, sequence = sequence + 1, updated_at = ? WHERE id = ?",
        (*fields.values(), to_db(now), session_id),
    )


def mark_changed(tx: Tx, session_id: int, now: datetime) -> None:
    """Something the session's calendar event shows changed (its shared material): new sequence, updated now."""
    tx.execute("UPDATE sessions SET sequence = sequence + 1, updated_at = ? WHERE id = ?", (to_db(now), session_id))


def link_session(tx: Tx, session_id: int, **links: int | None) -> None:
    """Record the Discord objects that show a session (announcement message, scheduled event)."""
    unknown = set(links) - set(LINKS)
    if unknown or not links:
        raise ValueError(f"not link columns: {sorted(unknown) or 'none given'}")
    assignments = ", ".join(f"{name} = ?" for name in links)
    tx.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*links.values(), session_id))


def publish_session(tx: Tx, session_id: int, announcement_message_id: int) -> None:
    """Turn a draft into a planned session with its announcement."""
    tx.execute(
        "UPDATE sessions SET status = 'planned', announcement_message_id = ? WHERE id = ? AND status = 'draft'",
        (announcement_message_id, session_id),
    )


def delete_session(tx: Tx, session_id: int) -> None:
    """Remove a session with its reminders, their timers and its RSVPs (undoing a failed creation)."""
    tx.execute(
        "DELETE FROM timers WHERE kind = 'session_reminder' AND subject_id IN "
        "(SELECT id FROM reminders WHERE session_id = ?)",
        (session_id,),
    )
    tx.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


async def draft_sessions(db: Database) -> list[Session]:
    """Return every session still in draft."""
    rows = await db.fetch_all(f"{_SELECT_SESSIONS} WHERE status = 'draft' ORDER BY id")
    return [session_from_row(row) for row in rows]


async def load_session(db: Database, session_id: int) -> Session | None:
    """Return one session, or None."""
    row = await db.fetch_one(f"{_SELECT_SESSIONS} WHERE id = ?", (session_id,))
    return session_from_row(row) if row else None


async def session_of_event(db: Database, guild_id: int, event_id: int) -> Session | None:
    """Return the server's session that a Discord scheduled event mirrors, or None."""
    row = await db.fetch_one(f"{_SELECT_SESSIONS} WHERE guild_id = ? AND scheduled_event_id = ?", (guild_id, event_id))
    return session_from_row(row) if row else None


async def upcoming_sessions(db: Database, guild_id: int, now: datetime, limit: int) -> list[Session]:
    """Return the server's planned sessions that have not begun yet, soonest first."""
    rows = await db.fetch_all(
        f"{_SELECT_SESSIONS} WHERE guild_id = ? AND status = 'planned' AND starts_at > ? "
        "ORDER BY starts_at, id LIMIT ?",
        (guild_id, to_db(now), limit),
    )
    return [session_from_row(row) for row in rows]


async def previous_session(db: Database, guild_id: int, before: datetime) -> Session | None:
    """The server's latest planned (not cancelled) session that started before `before`, or None."""
    row = await db.fetch_one(
        f"{_SELECT_SESSIONS} WHERE guild_id = ? AND status = 'planned' AND starts_at < ? "
        "ORDER BY starts_at DESC, id DESC LIMIT 1",
        (guild_id, to_db(before)),
    )
    return session_from_row(row) if row else None


async def recent_sessions(db: Database, guild_id: int, limit: int) -> list[Session]:
    """Return the server's sessions, past and future, latest start first."""
    rows = await db.fetch_all(
        f"{_SELECT_SESSIONS} WHERE guild_id = ? ORDER BY starts_at DESC, id DESC LIMIT ?", (guild_id, limit)
    )
    return [session_from_row(row) for row in rows]


async def attendee_ids(db: Database, session_id: int) -> list[int]:
    """Return the ids of members who answered 'coming' to a session, in the order they answered."""
    rows = await db.fetch_all(
        "SELECT user_id FROM rsvps WHERE session_id = ? AND state = 'coming' ORDER BY updated_at, user_id",
        (session_id,),
    )
    return [row["user_id"] for row in rows]


def insert_reminder(
    tx: Tx,
    now: datetime,
    session_id: int,
    fire: WallClock,
    offset: Offset | None,
    message: str | None,
    created_by: int | None,
    is_default: bool,
) -> int:
    """Add a reminder row (its timer is added by the caller); return its id."""
    cursor = tx.execute(
        "INSERT INTO reminders (session_id, offset_minutes, fire_local, zone, fold, message, is_default, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session_id,
            int(offset.delta.total_seconds() // 60) if offset else None,
            _local_column(fire),
            fire.zone,
            fire.fold,
            message,
            int(is_default),
            created_by,
            to_db(now),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def move_reminder(tx: Tx, reminder_id: int, fire: WallClock) -> None:
    """Give a reminder a new wall-clock moment (its timer is moved by the caller)."""
    tx.execute(
        "UPDATE reminders SET fire_local = ?, fold = ? WHERE id = ?", (_local_column(fire), fire.fold, reminder_id)
    )


async def session_reminders(db: Database, session_id: int) -> list[Reminder]:
    """Return a session's reminders with their timer status, earliest first."""
    rows = await db.fetch_all(f"{_SELECT_REMINDERS} WHERE r.session_id = ? ORDER BY t.due_at, r.id", (session_id,))
    return [reminder_from_row(row) for row in rows]


def pending_reminders_in(tx: Tx, session_id: int) -> list[Reminder]:
    """Return a session's reminders whose timer has not run yet, inside a write job."""
    rows = tx.all(f"{_SELECT_REMINDERS} WHERE r.session_id = ? AND t.status = 'pending' ORDER BY r.id", (session_id,))
    return [reminder_from_row(row) for row in rows]


async def guild_reminders(db: Database, guild_id: int, since: datetime, limit: int) -> list[Reminder]:
    """Return the server's reminders due since `since` (and all later ones), earliest first."""
    rows = await db.fetch_all(
        f"{_SELECT_REMINDERS} WHERE s.guild_id = ? AND t.due_at >= ? ORDER BY t.due_at, r.id LIMIT ?",
        (guild_id, to_db(since), limit),
    )
    return [reminder_from_row(row) for row in rows]


async def load_reminder(db: Database, guild_id: int, reminder_id: int) -> Reminder | None:
    """Return one of the server's reminders with its timer status, or None."""
    row = await db.fetch_one(f"{_SELECT_REMINDERS} WHERE r.id = ? AND s.guild_id = ?", (reminder_id, guild_id))
    return reminder_from_row(row) if row else None
