"""Host-municipality calls: which municipalities volunteer to host which sessions, and the confirmed host."""

import re
from datetime import datetime

from bot import timeparse
from bot.db import Database, Tx
from bot.db import hosts as store
from bot.db.hosts import HostCall, Volunteer
from bot.domain import sessions
from bot.domain.deadlines import Deadline
from bot.domain.sessions import Session
from bot.domain.settings import get_settings
from bot.errors import UserError
from bot.municipalities import Municipality
from bot.text import clean_text

MAX_SESSIONS = 25
NOTE_MAX = 300
CLOSE_KIND = "host_call_close"
WARNING_KIND = "host_call_warning"
DEADLINE = Deadline(WARNING_KIND, CLOSE_KIND)
_ID = re.compile(r"#?(\d{1,18})")


def parse_session_ids(text: str) -> list[int]:
    """Read '1, 2, #3' as [1, 2, 3] (duplicates dropped, order kept)."""
    parts = [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]
    matches = [_ID.fullmatch(part) for part in parts]
    if not parts or not all(matches):
        raise UserError("hosts.bad_sessions", text=text)
    return list(dict.fromkeys(int(match[1]) for match in matches if match))


def location_of(municipality_name: str) -> str:
    """The location a confirmed host gives a session that had none: 'Gemeente Zeist'."""
    return f"Gemeente {municipality_name}"


async def open_call(
    db: Database,
    now: datetime,
    *,
    guild_id: int,
    channel_id: int,
    created_by: int,
    sessions_text: str,
    closes: str | None,
) -> HostCall:
    """Open a call for the given upcoming sessions, closing at `closes` (before the first of them)."""
    session_ids = parse_session_ids(sessions_text)
    if len(session_ids) > MAX_SESSIONS:
        raise UserError("hosts.too_many_sessions", max=MAX_SESSIONS)
    covered = [await sessions.get_open_session(db, guild_id, session_id) for session_id in session_ids]
    started = next((s for s in covered if s.start.utc <= now), None)
    if started:
        raise UserError("hosts.session_started", id=started.id, title=started.title)
    closes_at = None
    if closes:
        closes_at = timeparse.parse_when(closes, tz=(await get_settings(db, guild_id)).timezone, now=now).utc
        first = min(covered, key=lambda s: s.start.utc)
        if closes_at >= first.start.utc:
            raise UserError("hosts.closes_after_session", id=first.id, title=first.title)

    def insert(tx: Tx) -> int:
        call_id = store.insert_call(tx, now, guild_id, channel_id, closes_at, created_by, session_ids)
        if closes_at:
            DEADLINE.schedule(tx, guild_id, call_id, now, closes_at)
        return call_id

    return await get_call(db, guild_id, await db.write(insert))


async def get_call(db: Database, guild_id: int, call_id: int) -> HostCall:
    """Return the server's call #id, or refuse."""
    call = await store.load_call(db, call_id)
    if call is None or call.guild_id != guild_id:
        raise UserError("hosts.unknown_call", id=call_id)
    return call


async def record_message(db: Database, call_id: int, message_id: int) -> None:
    """Remember the message that shows a call."""
    await db.write(lambda tx: store.set_message(tx, call_id, message_id))


async def draft_calls(db: Database) -> list[HostCall]:
    """Return calls stored but not yet posted (left by a stop between posting and recording)."""
    return await store.unposted_calls(db)


async def discard_call(db: Database, call_id: int, now: datetime) -> None:
    """Remove a call that could not be posted, with its deadline timers."""

    def remove(tx: Tx) -> None:
        DEADLINE.cancel(tx, call_id, now)
        store.delete_call(tx, call_id)

    await db.write(remove)


async def call_sessions(db: Database, call: HostCall) -> list[Session]:
    """Return a call's sessions (cancelled ones included, for the notice), in the organiser's order."""
    return [await sessions.get_session(db, call.guild_id, sid) for sid in await store.call_session_ids(db, call.id)]


async def open_sessions(db: Database, call: HostCall) -> list[Session]:
    """Return the sessions of a call one can still volunteer for."""
    return [session for session in await call_sessions(db, call) if not session.cancelled]


async def entries(db: Database, call_id: int) -> list[Volunteer]:
    """Return every entry of a call, in the order they were made."""
    return await store.call_volunteers(db, call_id)


async def volunteer(
    db: Database,
    now: datetime,
    call: HostCall,
    municipality: Municipality,
    session_ids: list[int],
    note: str | None,
    member_id: int,
) -> list[tuple[Session, bool]]:
    """Enter a municipality for sessions of an open call; per session, whether the entry is new."""
    if call.closed:
        raise UserError("hosts.call_closed")
    available = {session.id: session for session in await open_sessions(db, call)}
    chosen = [available[sid] for sid in session_ids if sid in available]
    if not chosen:
        raise UserError("hosts.no_session_chosen")
    text = clean_text(note, NOTE_MAX, "hosts.note_too_long")

    def enter(tx: Tx) -> list[bool]:
        return [
            store.add_volunteer(tx, now, call.id, s.id, municipality.code, municipality.display_name, text, member_id)
            for s in chosen
        ]

    return list(zip(chosen, await db.write(enter), strict=True))


async def withdraw(
    db: Database, call: HostCall, municipality_code: str, session_ids: list[int], member_id: int
) -> list[int]:
    """Take the member out of their municipality's entries for sessions of an open call; the sessions withdrawn from.

    Only the member's own part goes (with their note); an entry ends when its last member withdraws.
    """
    if call.closed:
        raise UserError("hosts.call_closed")
    return await db.write(
        lambda tx: [
            sid for sid in session_ids if store.remove_volunteer(tx, call.id, sid, municipality_code, member_id)
        ]
    )


async def close_call(db: Database, call_id: int) -> bool:
    """Close a call (idempotent); False if it was closed already."""
    return await db.write(lambda tx: store.close_call(tx, call_id))


async def open_call_ids_with(db: Database, session_id: int) -> list[int]:
    """Return the open calls that include a session."""
    return await store.open_calls_with_session(db, session_id)


async def latest_call_with(db: Database, session_id: int) -> HostCall | None:
    """Return the most recent call that includes a session."""
    return await store.latest_call_with_session(db, session_id)


async def session_volunteers(db: Database, session_id: int) -> list[Volunteer]:
    """Return every municipality that volunteered for a session, over all calls (one line per municipality)."""
    seen: dict[str, Volunteer] = {}
    for entry in await store.session_volunteers(db, session_id):
        seen.setdefault(entry.municipality_code, entry)
    return list(seen.values())


async def last_hosted(db: Database, guild_id: int, codes: list[str], now: datetime) -> dict[str, datetime]:
    """Return, per municipality code, when it last hosted a session of this server."""
    return await store.last_hosted(db, guild_id, codes, now)


async def confirm_host(
    db: Database, now: datetime, guild_id: int, session_id: int, municipality: Municipality
) -> Session:
    """Make a municipality the session's host; a location that was only the previous host's is replaced."""
    session = await sessions.get_open_session(db, guild_id, session_id)
    keep_location = session.location and not (session.host_name and session.location == location_of(session.host_name))
    location = session.location if keep_location else location_of(municipality.display_name)
    await db.write(
        lambda tx: store.set_host(tx, now, session_id, municipality.code, municipality.display_name, location)
    )
    return await sessions.get_session(db, guild_id, session_id)


async def volunteered_for(db: Database, session_id: int, code: str) -> bool:
    """Tell whether a municipality volunteered for a session in any call."""
    return any(v.municipality_code == code for v in await session_volunteers(db, session_id))
