"""Per-server settings: language, time zone, organiser role, default reminder offsets and data retention."""

from datetime import datetime
from typing import Any

from bot import timeparse
from bot.db import Database
from bot.db import settings as store
from bot.db.settings import GuildSettings
from bot.errors import UserError
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES

IDEA_MODES = ("anonymise", "erase")
MAX_GRACE_DAYS = 365
MAX_RETENTION_MONTHS = 120


async def get_settings(db: Database, guild_id: int) -> GuildSettings:
    """Return the server's settings, with defaults for what was never set."""
    return await store.load(db, guild_id) or GuildSettings(guild_id)


async def _change(db: Database, guild_id: int, now: datetime, **changes: Any) -> GuildSettings:
    """Store the given settings in one write; return all of the server's settings after it."""
    await db.write(lambda tx: store.update(tx, guild_id, now, **changes))
    return await get_settings(db, guild_id)


async def channel_language(db: Database, guild_id: int) -> str:
    """Return the language for messages the whole channel reads: the server's setting, else Dutch."""
    return (await get_settings(db, guild_id)).language or DEFAULT_LANGUAGE


async def set_language(db: Database, guild_id: int, language: str, now: datetime) -> GuildSettings:
    """Make the bot answer everyone in this server in `language` ('nl' or 'en')."""
    if language not in LANGUAGES:
        raise UserError("setup.bad_language", language=language)
    return await _change(db, guild_id, now, language=language)


async def set_timezone(db: Database, guild_id: int, zone: str, now: datetime) -> GuildSettings:
    """Set the IANA time zone in which the server's dates are read and shown."""
    return await _change(db, guild_id, now, timezone=timeparse.validate_zone(zone))


async def set_organiser_role(
    db: Database, guild_id: int, role_id: int, now: datetime, *, managed: bool, by_manager: bool
) -> GuildSettings:
    """Let members with this role act as organisers (besides those with Manage Server).

    Only a member with Manage Server may choose it (an organiser through the role could otherwise hand the role's
    powers to anyone), and never @everyone (its id is the server's) or a role a bot or integration manages.
    """
    if not by_manager:
        raise UserError("setup.role_needs_manager")
    if role_id == guild_id:
        raise UserError("setup.role_everyone")
    if managed:
        raise UserError("setup.role_managed")
    return await _change(db, guild_id, now, organiser_role_id=role_id)


async def set_reminder_offsets(db: Database, guild_id: int, text: str, now: datetime) -> GuildSettings:
    """Set the default reminders every new session gets, e.g. '7d,1d,2h'."""
    offsets = timeparse.parse_offsets(text)
    canonical = ",".join(timeparse.format_offset(offset) for offset in offsets)
    return await _change(db, guild_id, now, reminder_offsets=canonical)


async def set_retention(
    db: Database,
    guild_id: int,
    now: datetime,
    member_ideas: str | None = None,
    grace_days: int | None = None,
    retention_months: int | None = None,
) -> GuildSettings:
    """Change what erasure does to ideas, the grace period, and the retention period (0 months: keep)."""
    changes: dict[str, str | int | None] = {}
    if member_ideas is not None:
        if member_ideas not in IDEA_MODES:
            raise UserError("retention.bad_mode", mode=member_ideas)
        changes["member_ideas"] = member_ideas
    if grace_days is not None:
        if not 0 <= grace_days <= MAX_GRACE_DAYS:
            raise UserError("retention.bad_grace_days", max=MAX_GRACE_DAYS)
        changes["grace_days"] = grace_days
    if retention_months is not None:
        if not 0 <= retention_months <= MAX_RETENTION_MONTHS:
            raise UserError("retention.bad_months", max=MAX_RETENTION_MONTHS)
        changes["retention_months"] = retention_months or None
    if changes:
        return await _change(db, guild_id, now, **changes)
    return await get_settings(db, guild_id)


def is_organiser(settings: GuildSettings, role_ids: set[int], can_manage_server: bool) -> bool:
    """Tell whether a member may use organiser commands in this server."""
    return can_manage_server or (settings.organiser_role_id is not None and settings.organiser_role_id in role_ids)


async def notice_once(db: Database, guild_id: int, kind: str, now: datetime) -> bool:
    """Tell whether a once-only notice is due for this server (and record that it is given)."""
    return await db.write(lambda tx: store.add_notice(tx, guild_id, kind, now))
