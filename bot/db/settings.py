"""SQL for the per-server settings and once-only notices, and the settings value type."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.connection import Database, Tx

# The schema's column defaults, for a server that never changed a setting.
DEFAULT_TIMEZONE = "Europe/Amsterdam"
DEFAULT_REMINDER_OFFSETS = "7d,1d"
DEFAULT_GRACE_DAYS = 30

COLUMNS = (
    "language",
    "timezone",
    "organiser_role_id",
    "reminder_offsets",
    "member_ideas",
    "grace_days",
    "retention_months",
)


@dataclass(frozen=True)
class GuildSettings:
    """A server's settings; `language` None means: answer each member in their own Discord language."""

    guild_id: int
    language: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    organiser_role_id: int | None = None
    reminder_offsets: str = DEFAULT_REMINDER_OFFSETS
    member_ideas: str = "anonymise"
    grace_days: int = DEFAULT_GRACE_DAYS
    retention_months: int | None = None


def settings_from_row(row: Any) -> GuildSettings:
    """Build GuildSettings from a `guild_settings` row."""
    return GuildSettings(**dict(row))


async def load(db: Database, guild_id: int) -> GuildSettings | None:
    """Return the server's settings, or None when nothing was ever set."""
    row = await db.fetch_one(
        f"SELECT guild_id, {', '.join(COLUMNS)} FROM guild_settings WHERE guild_id = ?",
        (guild_id,),
    )
    return settings_from_row(row) if row else None


def update(tx: Tx, guild_id: int, now: datetime, **changes: Any) -> None:
    """Set the given columns for a server in one statement, creating its row with defaults if needed."""
    unknown = set(changes) - set(COLUMNS)
    if unknown or not changes:
        raise ValueError(f"not settings columns: {sorted(unknown) or 'none given'}")
    names = list(changes)
    assignments = ", ".join(f"{name} = excluded.{name}" for name in names)
    tx.execute(
        f"INSERT INTO guild_settings (guild_id, updated_at, {', '.join(names)}) "
        f"VALUES (?, ?, {', '.join('?' for _ in names)}) "
        f"ON CONFLICT (guild_id) DO UPDATE SET updated_at = excluded.updated_at, {assignments}",
        (guild_id, now.isoformat(), *changes.values()),
    )


def add_notice(tx: Tx, guild_id: int, kind: str, now: datetime) -> bool:
    """Record a once-only notice for a server; False when it was given before."""
    cursor = tx.execute(
        "INSERT INTO guild_notices (guild_id, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (guild_id, kind, now.isoformat()),
    )
    return cursor.rowcount == 1
