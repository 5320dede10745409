"""SQL for members' profiles (their organisation in a server), and the profile value type."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.connection import Database, Tx
from bot.municipalities import Municipality, directory

_COLUMNS = "SELECT guild_id, user_id, municipality_code, organisation FROM profiles"
_SELECT = f"{_COLUMNS} WHERE guild_id = ? AND user_id = ?"


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


def profile_from_row(row: Any) -> Profile:
    """Build a Profile from a `profiles` row."""
    return Profile(**dict(row))


async def load(db: Database, guild_id: int, user_id: int) -> Profile | None:
    """Return a member's profile, or None."""
    row = await db.fetch_one(_SELECT, (guild_id, user_id))
    return profile_from_row(row) if row else None


async def load_server(db: Database, guild_id: int) -> dict[int, Profile]:
    """Every profile in a server, by member."""
    rows = await db.fetch_all(f"{_COLUMNS} WHERE guild_id = ?", (guild_id,))
    return {row["user_id"]: profile_from_row(row) for row in rows}


def load_in(tx: Tx, guild_id: int, user_id: int) -> Profile | None:
    """Return a member's profile, or None, inside a write job."""
    row = tx.one(_SELECT, (guild_id, user_id))
    return profile_from_row(row) if row else None


def save(tx: Tx, profile: Profile, now: datetime) -> None:
    """Create or replace a member's profile."""
    tx.execute(
        "INSERT INTO profiles (guild_id, user_id, municipality_code, organisation, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
        "municipality_code = excluded.municipality_code, organisation = excluded.organisation, "
        "updated_at = excluded.updated_at",
        (profile.guild_id, profile.user_id, profile.municipality_code, profile.organisation, now.isoformat()),
    )
