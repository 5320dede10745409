"""Sessions of the learning circle: planning, editing, cancelling and RSVPs, with their reminders kept in step."""

from datetime import datetime, timedelta
from typing import Any

from bot import timeparse
from bot.db import Database, Tx
from bot.db import sessions as store
from bot.db.sessions import Session
from bot.domain import checkins, places, reminders
from bot.domain.places import Answer, Counts, Source
from bot.domain.settings import get_settings
from bot.errors import UserError
from bot.text import clean_text

TITLE_MAX = 100
LOCATION_MAX = 100
DESCRIPTION_MAX = 1000
DEFAULT_DURATION = timedelta(hours=2)
DURATION_MAX = timedelta(hours=12)
LIST_LIMIT = 25


def parse_duration(text: str | None) -> timedelta:
    """Read a duration such as '2h' or '1u30m'; default two hours; at most twelve."""
    if text is None or not text.strip():
        return DEFAULT_DURATION
    try:
        duration = timeparse.parse_offset(text).delta
    except UserError:
        raise UserError("session.bad_duration", text=text) from None
    if duration > DURATION_MAX:
        raise UserError("session.bad_duration", text=text)
    return duration


async def get_session(db: Database, guild_id: int, session_id: int) -> Session:
    """Return the server's session #id, or refuse with 'unknown session'."""
    session = await store.load_session(db, session_id)
    if session is None or session.guild_id != guild_id:
        raise UserError("session.unknown", id=session_id)
    return session


async def discard_session(db: Database, session_id: int) -> None:
    """Undo a session whose announcement could not be posted, so nothing is left half-written."""
    await db.write(lambda tx: store.delete_session(tx, session_id))


async def get_open_session(db: Database, guild_id: int, session_id: int) -> Session:
    """Return a session that is still planned (not cancelled), or refuse."""
    session = await get_session(db, guild_id, session_id)
    if session.cancelled:
        raise UserError("session.cancelled", id=session_id, title=session.title)
    return session


async def upcoming(db: Database, guild_id: int, now: datetime, limit: int = LIST_LIMIT) -> list[Session]:
    """Return the server's planned sessions that have not begun, soonest first."""
    return await store.upcoming_sessions(db, guild_id, now, limit)


async def recent(db: Database, guild_id: int, limit: int = LIST_LIMIT) -> list[Session]:
    """Return the server's sessions, past and future, latest first (for reports)."""
    return await store.recent_sessions(db, guild_id, limit)


async def previous(db: Database, session: Session) -> Session | None:
    """The server's planned session that started last before this one, or None."""
    return await store.previous_session(db, session.guild_id, session.start.utc)


async def create_session(
    db: Database,
    now: datetime,
    *,
    guild_id: int,
    created_by: int,
    channel_id: int,
    title: str,
    starts: str,
    duration: str | None = None,
    location: str | None = None,
    description: str | None = None,
    capacity: int | None = None,
) -> Session:
    """Store a session as a draft; `publish_session` makes it planned once its announcement is out."""
    settings = await get_settings(db, guild_id)
    clean_title = clean_text(title, TITLE_MAX, "session.title_too_long")
    if clean_title is None:
        raise UserError("session.title_empty")
    start = timeparse.parse_when(starts, tz=settings.timezone, now=now)
    fields = {
        "guild_id": guild_id,
        "title": clean_title,
        **store.start_columns(start),
        "duration_minutes": int(parse_duration(duration).total_seconds() // 60),
        "location": clean_text(location, LOCATION_MAX, "session.location_too_long"),
        "description": clean_text(description, DESCRIPTION_MAX, "session.description_too_long"),
        "channel_id": channel_id,
        "created_by": created_by,
        "capacity": places.parse_capacity(capacity),
    }
    session_id = await db.write(lambda tx: store.insert_session(tx, now, **fields))
    return await get_session(db, guild_id, session_id)


async def publish_session(db: Database, now: datetime, session: Session, announcement_message_id: int) -> Session:
    """Record the announcement of a draft and make it planned, with the server's default reminders and its check-in."""
    offsets = timeparse.parse_offsets((await get_settings(db, session.guild_id)).reminder_offsets)

    def publish(tx: Tx) -> None:
        store.publish_session(tx, session.id, announcement_message_id)
        reminders.add_default_reminders(tx, now, session.guild_id, session.id, session.start, offsets)
        checkins.schedule(tx, session.guild_id, session.id, session.start)

    await db.write(publish)
    return await get_session(db, session.guild_id, session.id)


async def drafts(db: Database) -> list[Session]:
    """Return sessions left as drafts (a stop between posting and recording the announcement)."""
    return await store.draft_sessions(db)


async def edit_session(
    db: Database,
    now: datetime,
    *,
    guild_id: int,
    session_id: int,
    title: str | None = None,
    starts: str | None = None,
    duration: str | None = None,
    location: str | None = None,
    description: str | None = None,
    capacity: int | None = None,
) -> Session:
    """Change a session; a new start moves its pending reminders (or cancels those now in the past).

    A capacity (0: no limit) that leaves room moves the waiting list up; a smaller one keeps everyone coming.
    """
    session = await get_open_session(db, guild_id, session_id)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = clean_text(title, TITLE_MAX, "session.title_too_long") or session.title
    if duration is not None:
        changes["duration_minutes"] = int(parse_duration(duration).total_seconds() // 60)
    if location is not None:
        changes["location"] = clean_text(location, LOCATION_MAX, "session.location_too_long")
    if description is not None:
        changes["description"] = clean_text(description, DESCRIPTION_MAX, "session.description_too_long")
    new_start = None
    if starts is not None:
        new_start = timeparse.parse_when(starts, tz=session.start.zone, now=now)
        changes.update(store.start_columns(new_start))
    if capacity is not None:
        changes["capacity"] = places.parse_capacity(capacity)
    if not changes:
        raise UserError("session.nothing_to_edit")

    def edit(tx: Tx) -> None:
        store.update_session(tx, session_id, now, **changes)
        if new_start is not None:
            reminders.follow_new_start(tx, now, session_id, new_start)
            checkins.follow_new_start(tx, session_id, new_start)
        if capacity is not None:
            places.fill_freed_places(tx, now, session_id)

    await db.write(edit)
    return await get_session(db, guild_id, session_id)


async def cancel_session(db: Database, now: datetime, guild_id: int, session_id: int) -> Session:
    """Cancel a session and every reminder that has not gone out yet."""
    await get_open_session(db, guild_id, session_id)

    def cancel(tx: Tx) -> None:
        store.update_session(tx, session_id, now, status="cancelled")
        reminders.cancel_pending(tx, now, session_id)
        checkins.cancel(tx, now, session_id)

    await db.write(cancel)
    return await get_session(db, guild_id, session_id)


async def record_scheduled_event(db: Database, session_id: int, event_id: int | None) -> None:
    """Remember (or forget, with None) the Discord scheduled event mirroring a session."""
    await db.write(lambda tx: store.link_session(tx, session_id, scheduled_event_id=event_id))


async def rsvp(
    db: Database,
    now: datetime,
    guild_id: int,
    session_id: int,
    user_id: int,
    attending: bool,
    source: Source = Source.MEMBER,
) -> Answer:
    """Record a member's answer to a session: a place, the waiting list, or not coming (freeing a place)."""
    session = await get_open_session(db, guild_id, session_id)
    if now >= session.end_utc:
        raise UserError("session.over", title=session.title)
    return await db.write(lambda tx: places.answer_in(tx, now, session_id, user_id, attending, source))


async def withdraw_interest(
    db: Database, now: datetime, guild_id: int, session_id: int, user_id: int
) -> list[int] | None:
    """A member removed "Interested" on the session's Discord event: only an RSVP that came from it goes.

    Returns who moved up into a freed place, or None when the member had no RSVP from the event.
    """
    session = await get_session(db, guild_id, session_id)
    if not answers_open(session, now):
        return None
    return await db.write(lambda tx: places.withdraw_interest_in(tx, now, session_id, user_id))


async def session_of_event(db: Database, guild_id: int, event_id: int) -> Session | None:
    """Return the session a Discord scheduled event mirrors, or None (an event the bot did not make)."""
    return await store.session_of_event(db, guild_id, event_id)


def answers_open(session: Session, now: datetime) -> bool:
    """Whether a session still takes answers: planned (not cancelled) and not over."""
    return not session.cancelled and now < session.end_utc


async def follow_event_interest(db: Database, now: datetime, session: Session, interested: set[int]) -> bool:
    """Make the RSVPs from the session's Discord event match who is interested now (after a stop); False: no change."""
    if not answers_open(session, now):
        return False
    return await db.write(lambda tx: places.follow_interest_in(tx, now, session.id, interested))


async def rsvp_counts(db: Database, session_id: int) -> Counts:
    """Return how a session's places stand: coming, not coming, waiting, capacity."""
    return await places.counts(db, session_id)


async def waiting_list(db: Database, session_id: int) -> list[int]:
    """Return who is on a session's waiting list, next first."""
    return await places.waiting_list(db, session_id)


async def attendees(db: Database, session_id: int) -> list[int]:
    """Return the ids of members who answered 'coming'."""
    return await store.attendee_ids(db, session_id)
