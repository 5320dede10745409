"""SQL for members' preferences about being told things: direct messages on or off, reminders by channel or DM."""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.db.codec import to_db
from bot.db.connection import Database, Tx


class Notifications(StrEnum):
    """Whether the bot may send the member direct messages."""

    ON = "on"
    OFF = "off"


class ReminderWay(StrEnum):
    """How the member gets session reminders."""

    CHANNEL = "channel"
    DM = "dm"


@dataclass(frozen=True)
class Preferences:
    """A member's preferences in one server (the defaults when they set none)."""

    notifications: Notifications = Notifications.ON
    reminders: ReminderWay = ReminderWay.CHANNEL


_SELECT = "SELECT notifications, reminders FROM member_preferences WHERE guild_id = ? AND user_id = ?"


def _preferences(row: sqlite3.Row | None) -> Preferences:
    if row is None:
        return Preferences()
    return Preferences(Notifications(row["notifications"]), ReminderWay(row["reminders"]))


async def load(db: Database, guild_id: int, user_id: int) -> Preferences:
    """Return a member's preferences (the defaults when none are stored)."""
    return _preferences(await db.fetch_one(_SELECT, (guild_id, user_id)))


def load_in(tx: Tx, guild_id: int, user_id: int) -> Preferences:
    """Return a member's preferences inside a write job."""
    return _preferences(tx.one(_SELECT, (guild_id, user_id)))


def save(tx: Tx, guild_id: int, user_id: int, preferences: Preferences, now: datetime) -> None:
    """Store a member's preferences."""
    tx.execute(
        "INSERT INTO member_preferences (guild_id, user_id, notifications, reminders, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
        "notifications = excluded.notifications, reminders = excluded.reminders, updated_at = excluded.updated_at",
        (guild_id, user_id, preferences.notifications, preferences.reminders, to_db(now)),
    )


async def preferring_dm_reminders(db: Database, guild_id: int, user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who want session reminders by DM and allow direct messages."""
    ids = list(user_ids)
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = await db.fetch_all(
        f"SELECT user_id FROM member_preferences WHERE guild_id = ? AND reminders = 'dm' AND notifications = 'on' "
        f"AND user_id IN ({marks})",
        (guild_id, *ids),
    )
    return {row[0] for row in rows}
