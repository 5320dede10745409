"""SQL for the retention period: anonymising or erasing ideas and attendance older than a moment.

Anonymised ideas get author_id 0 (0 = a member who is gone); anonymised answers and supports keep
counting with a negative placeholder (minus their row id) instead of the member's id.
"""

from dataclasses import dataclass
from datetime import datetime

from bot.db import timers
from bot.db.codec import to_db
from bot.db.connection import Database, Tx

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


@dataclass(frozen=True)
class Retention:
    """A server's retention period, and what happens to its members' ideas (`anonymise` or `erase`)."""

    guild_id: int
    member_ideas: str
    retention_months: int


async def guilds_with_retention(db: Database) -> list[Retention]:
    """Return the retention setting of every server with a retention period."""
    rows = await db.fetch_all(
        "SELECT guild_id, member_ideas, retention_months FROM guild_settings WHERE retention_months IS NOT NULL"
    )
    return [Retention(row["guild_id"], row["member_ideas"], row["retention_months"]) for row in rows]


def apply(tx: Tx, guild_id: int, mode: str, cutoff: datetime) -> dict[str, int]:
    """Anonymise or erase ideas and attendance from before `cutoff`; return rows changed per kind."""
    params = {"guild": guild_id, "cutoff": to_db(cutoff)}
    return {name: tx.execute(sql, params).rowcount for name, sql in STATEMENTS[mode].items()}


def plan_sweep(tx: Tx, guild_id: int, kind: str, subject_id: int, due_at: datetime) -> bool:
    """Add the sweep timer (kind, subject_id) unless it exists already (in any state); whether it was added."""
    if timers.exists(tx, kind, subject_id):
        return False
    timers.insert(tx, guild_id, kind, subject_id, due_at)
    return True
