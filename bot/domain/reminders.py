"""Reminders before sessions: wall-clock offsets or fixed moments, each backed by a durable timer."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from bot import timeparse
from bot.db import Database, timers
from bot.db import sessions as store
from bot.domain.timers import Status
from bot.errors import UserError
from bot.timeparse import Offset, WallClock

KIND = "session_reminder"
LATE_AFTER = timedelta(minutes=5)
MESSAGE_MAX = 500
LIST_LIMIT = 25
LIST_HISTORY = timedelta(days=30)


@dataclass(frozen=True)
class Reminder:
    """A reminder and how its timer stands."""

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
    session_title: str | None = None


def reminder_from_row(row: Any) -> Reminder:
    """Build a Reminder from a reminder-with-timer row."""
    keys = row.keys()
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
        row["title"] if "title" in keys else None,
    )


def delivery_status(now: datetime, due: datetime, session_start: datetime) -> Status:
    """Decide a due reminder's fate: on time, late (the bot was away) or missed (the session has begun)."""
    if now >= session_start:
        return Status.MISSED
    return Status.LATE if now - due > LATE_AFTER else Status.DONE


async def _insert(
    conn: aiosqlite.Connection,
    now: datetime,
    guild_id: int,
    session_id: int,
    fire: WallClock,
    offset: Offset | None,
    message: str | None,
    created_by: int | None,
    is_default: bool,
) -> int:
    reminder_id = await store.insert_reminder(
        conn,
        now,
        session_id=session_id,
        offset_minutes=int(offset.delta.total_seconds() // 60) if offset else None,
        fire_local=fire.local.isoformat(timespec="minutes"),
        zone=fire.zone,
        fold=fire.fold,
        message=message,
        is_default=int(is_default),
        created_by=created_by,
    )
    await timers.insert(conn, guild_id, KIND, reminder_id, fire.utc)
    return reminder_id


async def add_default_reminders(
    conn: aiosqlite.Connection, now: datetime, guild_id: int, session_id: int, start: WallClock, offsets: list[Offset]
) -> None:
    """Create the server's default reminders for a new session, skipping those already in the past."""
    for offset in offsets:
        fire = timeparse.apply_offset(start, offset)
        if fire.utc > now:
            await _insert(conn, now, guild_id, session_id, fire, offset, None, None, True)


async def add_reminder(
    db: Database,
    now: datetime,
    *,
    guild_id: int,
    session_id: int,
    start: WallClock,
    when: str,
    message: str | None,
    created_by: int,
) -> Reminder:
    """Add a reminder `when` ('2d', '3h' or a date) before a session, with an optional message."""
    offset: Offset | None
    try:
        offset = timeparse.parse_offset(when)
        fire = timeparse.apply_offset(start, offset)
    except UserError:
        offset, fire = None, timeparse.parse_when(when, tz=start.zone, now=now)
    if fire.utc >= start.utc:
        raise UserError("reminder.after_start")
    if fire.utc <= now:
        raise UserError("reminder.in_past", when=fire.local.strftime(timeparse.WHEN_FORMAT))
    text = (message or "").strip() or None
    if text and len(text) > MESSAGE_MAX:
        raise UserError("reminder.message_too_long", max=MESSAGE_MAX, length=len(text))
    async with db.transaction() as conn:
        reminder_id = await _insert(conn, now, guild_id, session_id, fire, offset, text, created_by, False)
    return await get_reminder(db, guild_id, reminder_id)


async def get_reminder(db: Database, guild_id: int, reminder_id: int) -> Reminder:
    """Return the server's reminder #id, or refuse with 'unknown reminder'."""
    row = await store.load_reminder(db, reminder_id)
    if row is None or row["guild_id"] != guild_id:
        raise UserError("reminder.unknown", id=reminder_id)
    return reminder_from_row(row)


async def cancel_reminder(db: Database, now: datetime, guild_id: int, reminder_id: int) -> Reminder:
    """Cancel a reminder that has not gone out yet."""
    reminder = await get_reminder(db, guild_id, reminder_id)
    if reminder.status is not Status.PENDING:
        raise UserError("reminder.not_pending", id=reminder_id)
    async with db.transaction() as conn:
        await timers.cancel(conn, KIND, reminder_id, now)
    return await get_reminder(db, guild_id, reminder_id)


async def list_reminders(db: Database, guild_id: int, now: datetime) -> list[Reminder]:
    """Return the server's reminders of the last month and all coming ones, earliest first."""
    rows = await store.guild_reminders(db, guild_id, now - LIST_HISTORY, LIST_LIMIT)
    return [reminder_from_row(row) for row in rows]


async def session_reminders(db: Database, session_id: int) -> list[Reminder]:
    """Return a session's reminders, earliest first."""
    return [reminder_from_row(row) for row in await store.session_reminders(db, session_id)]


async def _pending(conn: aiosqlite.Connection, session_id: int) -> list[tuple[int, int | None, str, int]]:
    async with conn.execute(
        "SELECT r.id, r.offset_minutes, r.fire_local, r.fold FROM reminders r JOIN timers t "
        "ON t.kind = ? AND t.subject_id = r.id WHERE r.session_id = ? AND t.status = 'pending'",
        (KIND, session_id),
    ) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]  # type: ignore[misc]


async def follow_new_start(conn: aiosqlite.Connection, now: datetime, session_id: int, start: WallClock) -> None:
    """Move a session's pending reminders with its new start; cancel those that no longer fit before it."""
    for reminder_id, offset_minutes, fire_local, fold in await _pending(conn, session_id):
        if offset_minutes is not None:
            fire = timeparse.apply_offset(start, Offset.from_minutes(offset_minutes))
        else:
            fire = WallClock.at(datetime.fromisoformat(fire_local), start.zone, fold)
        if now < fire.utc < start.utc:
            await store.move_reminder(conn, reminder_id, fire.local.isoformat(timespec="minutes"), fire.fold)
            await timers.move(conn, KIND, reminder_id, fire.utc)
        else:
            await timers.cancel(conn, KIND, reminder_id, now)


async def cancel_pending(conn: aiosqlite.Connection, now: datetime, session_id: int) -> None:
    """Cancel every reminder of a session that has not gone out yet."""
    for reminder_id, *_ in await _pending(conn, session_id):
        await timers.cancel(conn, KIND, reminder_id, now)
