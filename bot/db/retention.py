"""SQL for the retention period: anonymising or erasing ideas and attendance older than a moment.

Anonymised ideas get author_id 0 (0 = a member who is gone); anonymised answers and supports keep
counting with a negative placeholder (minus their row id) instead of the member's id.
"""

import sqlite3
from datetime import datetime

import aiosqlite

from bot.db.codec import to_db
from bot.db.connection import Database

_OLD_IDEAS = "SELECT id FROM ideas WHERE guild_id = :guild AND created_at < :cutoff"
_OLD_SESSIONS = "SELECT id FROM sessions WHERE guild_id = :guild AND starts_at < :cutoff"

STATEMENTS = {
    "anonymise": {
        "ideas": "UPDATE ideas SET author_id = 0 WHERE guild_id = :guild AND created_at < :cutoff AND author_id != 0",
        "supports": f"UPDATE idea_support SET user_id = -rowid WHERE user_id > 0 AND idea_id IN ({_OLD_IDEAS})",
        "rsvps": f"UPDATE rsvps SET user_id = -rowid WHERE user_id > 0 AND session_id IN ({_OLD_SESSIONS})",
    },
    "erase": {
        "ideas": "DELETE FROM ideas WHERE guild_id = :guild AND created_at < :cutoff",
        "rsvps": f"DELETE FROM rsvps WHERE session_id IN ({_OLD_SESSIONS})",
    },
}


async def guilds_with_retention(db: Database) -> list[sqlite3.Row]:
    """Return (guild_id, member_ideas, retention_months) of every server with a retention period."""
    return await db.fetch_all(
        "SELECT guild_id, member_ideas, retention_months FROM guild_settings WHERE retention_months IS NOT NULL"
    )


async def apply(conn: aiosqlite.Connection, guild_id: int, mode: str, cutoff: datetime) -> dict[str, int]:
    """Anonymise or erase ideas and attendance from before `cutoff` inside the caller's transaction."""
    params = {"guild": guild_id, "cutoff": to_db(cutoff)}
    counts = {}
    for name, sql in STATEMENTS[mode].items():
        cursor = await conn.execute(sql, params)
        counts[name] = cursor.rowcount
    return counts
