"""Members' profiles: the municipality (from the official list) or other organisation they belong to, and their
preferences about direct messages and reminders."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import TypeVar

from bot.db import Database, Tx, preferences
from bot.db import profiles as store
from bot.db.preferences import Notifications, Preferences, ReminderWay
from bot.db.profiles import Profile
from bot.errors import UserError
from bot.municipalities import Municipality, directory
from bot.text import visible

Choice = TypeVar("Choice", bound=Enum)

ORGANISATION_MIN = 2
ORGANISATION_MAX = 100


async def get_profile(db: Database, guild_id: int, user_id: int) -> Profile | None:
    """Return the member's profile, or None when they have not set one."""
    return await store.load(db, guild_id, user_id)


async def server_profiles(db: Database, guild_id: int) -> dict[int, Profile]:
    """Every member's profile in a server, by member (one read, for counting many members at once)."""
    return await store.load_server(db, guild_id)


def profile_in(tx: Tx, guild_id: int, user_id: int) -> Profile | None:
    """Return the member's profile, or None, inside a write job."""
    return store.load_in(tx, guild_id, user_id)


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
        return await _save(db, Profile(guild_id, user_id, name, None), now)
    return await _save_municipality(db, guild_id, user_id, municipality, now)


async def _save_municipality(
    db: Database, guild_id: int, user_id: int, municipality: Municipality, now: datetime
) -> Profile:
    return await _save(db, Profile(guild_id, user_id, municipality.name, municipality.code), now)


async def _save(db: Database, profile: Profile, now: datetime) -> Profile:
    """Store a member's profile in one write and return it."""
    await db.write(lambda tx: store.save(tx, profile, now))
    return profile


async def get_preferences(db: Database, guild_id: int, user_id: int) -> Preferences:
    """Return the member's preferences about direct messages and reminders (defaults when never set)."""
    return await preferences.load(db, guild_id, user_id)


async def set_notifications(db: Database, guild_id: int, user_id: int, setting: str, now: datetime) -> Preferences:
    """Allow (`on`) or stop (`off`) the bot's direct messages to the member."""
    wanted = _setting(Notifications, setting)
    return await _change_preferences(db, guild_id, user_id, now, lambda current: replace(current, notifications=wanted))


async def set_reminder_way(db: Database, guild_id: int, user_id: int, setting: str, now: datetime) -> Preferences:
    """Have session reminders come as a mention in the channel (`channel`) or as a direct message (`dm`)."""
    wanted = _setting(ReminderWay, setting)
    return await _change_preferences(db, guild_id, user_id, now, lambda current: replace(current, reminders=wanted))


def _setting(choices: type[Choice], setting: str) -> Choice:
    try:
        return choices(setting)
    except ValueError:
        raise UserError("profile.bad_setting", setting=setting) from None


async def _change_preferences(
    db: Database, guild_id: int, user_id: int, now: datetime, change: Callable[[Preferences], Preferences]
) -> Preferences:
    def save(tx: Tx) -> Preferences:
        changed = change(preferences.load_in(tx, guild_id, user_id))
        preferences.save(tx, guild_id, user_id, changed, now)
        return changed

    return await db.write(save)
