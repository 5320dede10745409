"""Sign-up calls: which municipalities join an initiative, each member of an entry with their own note."""

from datetime import datetime

from bot import timeparse
from bot.db import Database, Tx
from bot.db import signups as store
from bot.db.signups import SignupCall, SignupEntry
from bot.domain.deadlines import Deadline
from bot.domain.settings import get_settings
from bot.errors import UserError
from bot.municipalities import Municipality
from bot.text import clean_text, required_text

__all__ = ["SignupCall", "SignupEntry"]

QUESTION_MAX = 250
"""A question fits an embed title (256 characters)."""
NOTE_MAX = 300
DEADLINE = Deadline(warning_kind="signup_warning", close_kind="signup_close")


async def open_call(
    db: Database, now: datetime, guild_id: int, channel_id: int, created_by: int, question: str, closes: str | None
) -> SignupCall:
    """Store a call (a draft until its message is posted), with its warning and closing timers."""
    text = required_text(question, QUESTION_MAX, "signup")
    zone = (await get_settings(db, guild_id)).timezone
    closes_at = timeparse.parse_when(closes, tz=zone, now=now).utc if closes else None

    def insert(tx: Tx) -> int:
        call_id = store.insert_call(tx, now, guild_id, channel_id, text, closes_at, created_by)
        if closes_at:
            DEADLINE.schedule(tx, guild_id, call_id, now, closes_at)
        return call_id

    return await get_call(db, guild_id, await db.write(insert))


async def get_call(db: Database, guild_id: int, call_id: int) -> SignupCall:
    """Return the server's call #id, or refuse."""
    found = await store.load_call(db, call_id)
    if found and found.guild_id == guild_id:
        return found
    raise UserError("signups.unknown_call", id=call_id)


async def get_open_call(db: Database, guild_id: int, call_id: int) -> SignupCall:
    """Return the server's call #id while it is open; a closed one is refused politely."""
    call = await get_call(db, guild_id, call_id)
    if call.closed:
        raise UserError("signups.call_closed")
    return call


async def open_calls(db: Database, guild_id: int) -> list[SignupCall]:
    """The server's open calls, oldest first, with their counts."""
    return await store.posted_calls(db, guild_id)


async def entries(db: Database, call_id: int) -> list[SignupEntry]:
    """Every municipality signed up for a call, in the order they signed up."""
    return await store.call_entries(db, call_id)


async def join(
    db: Database, now: datetime, call: SignupCall, municipality: Municipality, note: str | None, member_id: int
) -> bool:
    """Sign the member's municipality up for an open call, with their own note; whether the entry is new."""
    if call.closed:
        raise UserError("signups.call_closed")
    text = clean_text(note, NOTE_MAX, "signups.note_too_long")
    return await db.write(
        lambda tx: store.add_member(tx, now, call.id, municipality.code, municipality.display_name, text, member_id)
    )


async def withdraw(db: Database, call: SignupCall, member_id: int) -> list[str]:
    """Take the member's own part (and note) out of an open call; the municipalities they withdrew from.

    A municipality's entry ends when its last member withdraws; colleagues' parts stay.
    """
    if call.closed:
        raise UserError("signups.call_closed")
    return await db.write(lambda tx: store.remove_member(tx, call.id, member_id))


async def close_call(db: Database, guild_id: int, call_id: int, now: datetime) -> bool:
    """Close a call (idempotent) and drop its pending timers; False if it was closed already."""
    await get_call(db, guild_id, call_id)

    def close(tx: Tx) -> bool:
        DEADLINE.cancel(tx, call_id, now)
        return store.close_call(tx, call_id)

    return await db.write(close)


async def draft_calls(db: Database) -> list[SignupCall]:
    """Calls stored but not yet posted (left by a stop between posting and recording)."""
    return await store.unposted_calls(db)


async def discard_call(db: Database, call_id: int, now: datetime) -> None:
    """Remove a call that could not be posted, with its timers."""

    def remove(tx: Tx) -> None:
        DEADLINE.cancel(tx, call_id, now)
        store.delete_call(tx, call_id)

    await db.write(remove)


async def record_message(db: Database, call_id: int, message_id: int) -> None:
    """Remember the message that shows a call: it is no longer a draft."""
    await db.write(lambda tx: store.set_message(tx, call_id, message_id))
