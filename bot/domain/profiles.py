"""Members' profiles: the municipality (from the official list) or other organisation they belong to."""

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.db import Database
from bot.db import profiles as store
from bot.errors import UserError
from bot.municipalities import Municipality, directory
from bot.text import visible

ORGANISATION_MIN = 2
ORGANISATION_MAX = 100


@dataclass(frozen=True)
class Profile:
    """What a member told us about their organisation; `municipality_code` None for other organisations."""

    guild_id: int
    user_id: int
    organisation: str
    municipality_code: str | None

    @property
    def municipality(self) -> Municipality | None:
        """The municipality on the current list, or None (other organisation, or merged away)."""
        return directory().by_code(self.municipality_code) if self.municipality_code else None


async def get_profile(db: Database, guild_id: int, user_id: int) -> Profile | None:
    """Return the member's profile, or None when they have not set one."""
    return _profile_from_row(await store.load(db, guild_id, user_id))


def profile_in(conn: sqlite3.Connection, guild_id: int, user_id: int) -> Profile | None:
    """Return the member's profile, or None, inside a `Database.run_in_writer` job."""
    return _profile_from_row(store.load_in(conn, guild_id, user_id))


def _profile_from_row(row: sqlite3.Row | None) -> Profile | None:
    return Profile(**dict(row)) if row else None


async def set_municipality(db: Database, guild_id: int, user_id: int, text: str, now: datetime) -> Profile:
    """Record that the member works for the municipality named (or coded) in `text`."""
    return await _save_municipality(db, guild_id, user_id, directory().resolve(text), now)


async def set_organisation(db: Database, guild_id: int, user_id: int, text: str, now: datetime) -> Profile:
    """Record a free-text organisation; the exact name of a municipality is stored as that municipality."""
    name = visible(text)
    if not ORGANISATION_MIN <= len(name) <= ORGANISATION_MAX:
        raise UserError("profile.organisation_length", min=ORGANISATION_MIN, max=ORGANISATION_MAX)
    try:
        municipality = directory().resolve(name)
    except UserError:
        await store.save(db, guild_id, user_id, None, name, now)
        return Profile(guild_id, user_id, name, None)
    return await _save_municipality(db, guild_id, user_id, municipality, now)


async def _save_municipality(
    db: Database, guild_id: int, user_id: int, municipality: Municipality, now: datetime
) -> Profile:
    await store.save(db, guild_id, user_id, municipality.code, municipality.name, now)
    return Profile(guild_id, user_id, municipality.name, municipality.code)
