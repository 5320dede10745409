"""Reminders before sessions: wall-clock offsets or fixed moments, each backed by a durable timer."""

from datetime import datetime, timedelta

from bot import timeparse
from bot.db import Database, Tx, preferences, timers
from bot.db import sessions as store
from bot.db.sessions import Reminder
from bot.domain import notices
from bot.domain.notices import Tally
from bot.domain.timers import Status, punctuality
from bot.errors import UserError
from bot.text import clean_text
from bot.timeparse import Offset, WallClock

KIND = "session_reminder"
NOTICE = "session_reminder"
"""The outbox kind of a reminder by DM (params: reminder_id, late); its batch is delivered by the reminder's timer."""
MESSAGE_MAX = 500
LIST_LIMIT = 25
LIST_HISTORY = timedelta(days=30)


def delivery_status(now: datetime, due: datetime, session_start: datetime) -> Status:
    """Decide a due reminder's fate: on time, late (the bot was away) or missed (the session has begun)."""
    if now >= session_start:
        return Status.MISSED
    return punctuality(now, due)


def _insert(
    tx: Tx,
    now: datetime,
    guild_id: int,
    session_id: int,
    fire: WallClock,
    offset: Offset | None,
    message: str | None,
    created_by: int | None,
    is_default: bool,
) -> int:
    reminder_id = store.insert_reminder(tx, now, session_id, fire, offset, message, created_by, is_default)
    timers.insert(tx, guild_id, KIND, reminder_id, fire.utc)
    return reminder_id


def add_default_reminders(
    tx: Tx, now: datetime, guild_id: int, session_id: int, start: WallClock, offsets: list[Offset]
) -> None:
    """Create the server's default reminders for a new session, skipping those already in the past."""
    for offset in offsets:
        fire = timeparse.apply_offset(start, offset)
        if fire.utc > now:
            _insert(tx, now, guild_id, session_id, fire, offset, None, None, True)


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
    text = clean_text(message, MESSAGE_MAX, "reminder.message_too_long")
    reminder_id = await db.write(
        lambda tx: _insert(tx, now, guild_id, session_id, fire, offset, text, created_by, False)
    )
    return await get_reminder(db, guild_id, reminder_id)


async def get_reminder(db: Database, guild_id: int, reminder_id: int) -> Reminder:
    """Return the server's reminder #id, or refuse with 'unknown reminder'."""
    reminder = await store.load_reminder(db, guild_id, reminder_id)
    if reminder is None:
        raise UserError("reminder.unknown", id=reminder_id)
    return reminder


async def cancel_reminder(db: Database, now: datetime, guild_id: int, reminder_id: int) -> Reminder:
    """Cancel a reminder that has not gone out yet."""
    reminder = await get_reminder(db, guild_id, reminder_id)
    if reminder.status is not Status.PENDING:
        raise UserError("reminder.not_pending", id=reminder_id)
    await db.write(lambda tx: timers.cancel(tx, KIND, reminder_id, now))
    return await get_reminder(db, guild_id, reminder_id)


async def list_reminders(db: Database, guild_id: int, now: datetime) -> list[Reminder]:
    """Return the server's reminders of the last month and all coming ones, earliest first."""
    return await store.guild_reminders(db, guild_id, now - LIST_HISTORY, LIST_LIMIT)


async def session_reminders(db: Database, session_id: int) -> list[Reminder]:
    """Return a session's reminders, earliest first."""
    return await store.session_reminders(db, session_id)


def follow_new_start(tx: Tx, now: datetime, session_id: int, start: WallClock) -> None:
    """Move a session's pending reminders with its new start; cancel those that no longer fit before it."""
    for reminder in store.pending_reminders_in(tx, session_id):
        if reminder.offset is not None:
            fire = timeparse.apply_offset(start, reminder.offset)
        else:
            fire = WallClock.at(reminder.fire.local, start.zone, reminder.fire.fold)
        if now < fire.utc < start.utc:
            store.move_reminder(tx, reminder.id, fire)
            timers.move(tx, KIND, reminder.id, fire.utc)
        else:
            timers.cancel(tx, KIND, reminder.id, now)


def cancel_pending(tx: Tx, now: datetime, session_id: int) -> None:
    """Cancel every reminder of a session that has not gone out yet."""
    for reminder in store.pending_reminders_in(tx, session_id):
        timers.cancel(tx, KIND, reminder.id, now)


def notice_origin(reminder_id: int) -> str:
    """The origin of a reminder's batch of DMs: one batch per reminder, so one DM per member per reminder."""
    return f"reminder:{reminder_id}"


async def open_dm_batch(
    db: Database, now: datetime, guild_id: int, reminder_id: int, channel_id: int, attendees: list[int], late: bool
) -> int:
    """The batch of a due reminder: DMs for the attendees who want reminders that way, the channel message as its line.

    Opened once per reminder; a run after an interruption finds the same batch with the same members.
    """
    by_dm = await preferences.preferring_dm_reminders(db, guild_id, attendees)
    return await db.write(
        lambda tx: notices.open_batch(
            tx,
            now,
            origin=notice_origin(reminder_id),
            guild_id=guild_id,
            user_ids=[member for member in attendees if member in by_dm],
            kind=NOTICE,
            params={"reminder_id": reminder_id, "late": late},
            channel_id=channel_id,
            announce=True,
        )
    )


async def delivery_tallies(db: Database, reminders: list[Reminder]) -> dict[int, Tally]:
    """How the sent reminders reached their members: DMs and mentions in the channel, by reminder id."""
    found = await notices.tallies(db, [notice_origin(reminder.id) for reminder in reminders])
    return {reminder.id: found[origin] for reminder in reminders if (origin := notice_origin(reminder.id)) in found}
