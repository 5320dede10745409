"""A session's own record: its check-in message and who checked in, and the organisers' paragraphs about it.

The check-in's timer is in `bot.domain.checkins`; a member checks in once, while the check-in is open.
"""

from datetime import datetime

from bot.db import Database, Tx
from bot.db import records as store
from bot.db.records import RECORD_FIELDS, CheckinMessage, SessionRecord
from bot.domain import audit, checkins
from bot.domain.sessions import Session, get_open_session, get_session
from bot.errors import UserError
from bot.text import clean_text

PARAGRAPH_MAX = 4000
FIELDS = RECORD_FIELDS


async def prepare_checkin(db: Database, now: datetime, session: Session) -> CheckinMessage:
    """The session's check-in message, stored as a draft first if it has none yet."""
    await db.write(lambda tx: store.add_checkin_draft(tx, session.id, session.channel_id, now))
    found = await store.checkin_message(db, session.id)
    assert found is not None
    return found


async def checkin_message(db: Database, session_id: int) -> CheckinMessage | None:
    """Return a session's check-in message, or None."""
    return await store.checkin_message(db, session_id)


async def checkin_drafts(db: Database) -> list[CheckinMessage]:
    """Return check-in messages left as drafts (a stop between posting and recording)."""
    return await store.checkin_drafts(db)


async def record_checkin_message(db: Database, session_id: int, message_id: int) -> None:
    """Remember the posted check-in message of a session."""
    await db.write(lambda tx: store.record_checkin_message(tx, session_id, message_id))


async def discard_checkin_draft(db: Database, session_id: int) -> None:
    """Forget a check-in message nobody saw."""
    await db.write(lambda tx: store.delete_checkin_draft(tx, session_id))


async def check_in(db: Database, now: datetime, guild_id: int, session_id: int, user_id: int) -> tuple[Session, bool]:
    """Record that a member is at a session; with False when they had already checked in. Refused when not open."""
    session = await get_open_session(db, guild_id, session_id)
    if now < session.start.utc:
        raise UserError("checkin.not_open", title=session.title)
    if now >= checkins.closes(session):
        raise UserError("checkin.closed", title=session.title)
    return session, await db.write(lambda tx: store.add_checkin(tx, session_id, user_id, now))


async def checkin_count(db: Database, session_id: int) -> int:
    """Return how many members checked in to a session."""
    return await store.checkin_count(db, session_id)


async def checked_in(db: Database, session_id: int) -> list[int]:
    """Return the ids of the members who checked in to a session."""
    return await store.checked_in_ids(db, session_id)


async def get_record(db: Database, guild_id: int, session_id: int) -> SessionRecord | None:
    """Return the server's session's record, None when none was saved; refuse an unknown session."""
    await get_session(db, guild_id, session_id)
    return await store.load_record(db, session_id)


def clean_paragraphs(values: dict[str, str]) -> dict[str, str | None]:
    """The record's paragraphs as typed, sanitised; a paragraph over the limit is refused, naming it."""
    return {name: clean_text(values.get(name), PARAGRAPH_MAX, f"record.{name}_too_long") for name in FIELDS}


async def save_record(
    db: Database, now: datetime, guild_id: int, session_id: int, user_id: int, values: dict[str, str]
) -> SessionRecord:
    """Store the session's record (replacing the one before), with who saved it, and log it in the audit log."""
    await get_session(db, guild_id, session_id)
    paragraphs = clean_paragraphs(values)

    def save(tx: Tx) -> None:
        store.save_record(tx, session_id, paragraphs, user_id, now)
        audit.record_in(tx, now, guild_id, user_id, audit.SESSION_RECORD, f"#{session_id}")

    await db.write(save)
    saved = await store.load_record(db, session_id)
    assert saved is not None
    return saved
