"""SQL for a session's check-in (its message and who checked in) and its record, with the value types read."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

RECORD_FIELDS = ("stands_out", "opportunities", "follow_up", "proposals", "notes")
"""The paragraphs of a session's record, in the order the form asks them."""


@dataclass(frozen=True)
class CheckinMessage:
    """A session's check-in message: a draft until `message_id` is recorded."""

    session_id: int
    guild_id: int
    channel_id: int
    message_id: int | None


@dataclass(frozen=True)
class SessionRecord:
    """The organisers' record of a session: its paragraphs by field name, and who saved it last and when."""

    session_id: int
    paragraphs: dict[str, str | None]
    updated_by: int
    updated_at: datetime


_SELECT_MESSAGES = (
    "SELECT c.session_id, s.guild_id, c.channel_id, c.message_id FROM checkin_messages c "
    "JOIN sessions s ON s.id = c.session_id"
)


def _message(row: Any) -> CheckinMessage:
    return CheckinMessage(row["session_id"], row["guild_id"], row["channel_id"], row["message_id"])


def add_checkin_draft(tx: Tx, session_id: int, channel_id: int, now: datetime) -> None:
    """Store the check-in message as a draft, unless the session has one already."""
    tx.execute(
        "INSERT INTO checkin_messages (session_id, channel_id, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (session_id) DO NOTHING",
        (session_id, channel_id, to_db(now)),
    )


def record_checkin_message(tx: Tx, session_id: int, message_id: int) -> None:
    """Remember the posted check-in message."""
    tx.execute("UPDATE checkin_messages SET message_id = ? WHERE session_id = ?", (message_id, session_id))


def delete_checkin_draft(tx: Tx, session_id: int) -> None:
    """Forget a check-in message that was never posted."""
    tx.execute("DELETE FROM checkin_messages WHERE session_id = ? AND message_id IS NULL", (session_id,))


async def checkin_message(db: Database, session_id: int) -> CheckinMessage | None:
    """Return a session's check-in message (posted or draft), or None."""
    row = await db.fetch_one(f"{_SELECT_MESSAGES} WHERE c.session_id = ?", (session_id,))
    return _message(row) if row else None


async def checkin_drafts(db: Database) -> list[CheckinMessage]:
    """Return every check-in message still without its message."""
    rows = await db.fetch_all(f"{_SELECT_MESSAGES} WHERE c.message_id IS NULL ORDER BY c.session_id")
    return [_message(row) for row in rows]


def add_checkin(tx: Tx, session_id: int, user_id: int, now: datetime) -> bool:
    """Record that a member is there; False when they had checked in already."""
    cursor = tx.execute(
        "INSERT INTO checkins (session_id, user_id, checked_in_at) VALUES (?, ?, ?) "
        "ON CONFLICT (session_id, user_id) DO NOTHING",
        (session_id, user_id, to_db(now)),
    )
    return cursor.rowcount == 1


async def checkin_count(db: Database, session_id: int) -> int:
    """Return how many members checked in to a session."""
    row = await db.fetch_one("SELECT count(*) FROM checkins WHERE session_id = ?", (session_id,))
    return int(row[0]) if row else 0


async def checked_in_ids(db: Database, session_id: int) -> list[int]:
    """Return the ids of the members who checked in to a session, first arrival first."""
    rows = await db.fetch_all(
        "SELECT user_id FROM checkins WHERE session_id = ? ORDER BY checked_in_at, user_id", (session_id,)
    )
    return [int(row[0]) for row in rows]


def save_record(tx: Tx, session_id: int, paragraphs: dict[str, str | None], updated_by: int, now: datetime) -> None:
    """Store a session's record, replacing the one before."""
    columns = ", ".join(RECORD_FIELDS)
    marks = ", ".join("?" for _ in RECORD_FIELDS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in (*RECORD_FIELDS, "updated_by", "updated_at"))
    tx.execute(
        f"INSERT INTO session_records (session_id, {columns}, updated_by, updated_at) VALUES (?, {marks}, ?, ?) "
        f"ON CONFLICT (session_id) DO UPDATE SET {updates}",
        (session_id, *(paragraphs.get(name) for name in RECORD_FIELDS), updated_by, to_db(now)),
    )


async def load_record(db: Database, session_id: int) -> SessionRecord | None:
    """Return a session's record, or None when none was saved."""
    row = await db.fetch_one(
        f"SELECT session_id, {', '.join(RECORD_FIELDS)}, updated_by, updated_at FROM session_records "
        "WHERE session_id = ?",
        (session_id,),
    )
    if row is None:
        return None
    paragraphs = {name: row[name] for name in RECORD_FIELDS}
    return SessionRecord(row["session_id"], paragraphs, row["updated_by"], from_db(row["updated_at"]))
