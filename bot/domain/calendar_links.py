"""A server's calendar feed address: a long random token, kept only as its SHA-256 digest.

A request's token is looked up by its digest, so how long the lookup takes depends on the digest (which
an attacker cannot steer towards a stored one) and never on how much of a real token was guessed; the
stored digest is then compared once more in constant time.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db import Database, Tx
from bot.db import calendar_feed as store
from bot.db.calendar_feed import Feed
from bot.domain import audit

TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
"""What `secrets.token_urlsafe(TOKEN_BYTES)` makes: 43 URL-safe characters."""
FEED_HISTORY = timedelta(days=90)
"""How far back the feed goes: upcoming sessions and those of the last 90 days."""


@dataclass(frozen=True)
class NewLink:
    """A token just made (shown once), and whether it replaced an earlier one."""

    token: str
    rotated: bool


def digest(token: str) -> bytes:
    """The SHA-256 digest under which a token is stored."""
    return hashlib.sha256(token.encode("ascii")).digest()


async def make_link(db: Database, guild_id: int, actor_id: int, now: datetime, rotate: bool) -> NewLink | None:
    """Make the server's token (a new one replacing the old when `rotate`); None when one exists and not `rotate`."""
    token = secrets.token_urlsafe(TOKEN_BYTES)

    def job(tx: Tx) -> NewLink | None:
        rotated = store.has_token(tx, guild_id)
        if rotated and not rotate:
            return None
        store.replace_token(tx, guild_id, digest(token), now)
        audit.record_in(tx, now, guild_id, actor_id, audit.CALENDAR_LINK, "rotated" if rotated else "made")
        return NewLink(token, rotated)

    return await db.write(job)


async def guild_of(db: Database, token: str) -> int | None:
    """The server whose current token this is; None for an unknown, malformed or replaced token."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    wanted = digest(token)
    found = await store.token_owner(db, wanted)
    if found is None or not hmac.compare_digest(found[1], wanted):
        return None
    return found[0]


async def feed(db: Database, guild_id: int, now: datetime) -> Feed:
    """The sessions a server's feed shows: upcoming ones and those of the last 90 days."""
    return await store.feed(db, guild_id, now - FEED_HISTORY)
