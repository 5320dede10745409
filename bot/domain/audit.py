"""The audit log: who did what, when, to data that is about other people (organiser actions, erasures)."""

from datetime import datetime

from bot.db import Database, Tx
from bot.db import audit as store
from bot.db.audit import Entry

SYSTEM = 0
"""The actor of what the bot does by itself, and of a member whose data was erased."""

HOST_CONFIRM = "host.confirm"
IDEA_STATUS = "idea.status"
IDEA_THEME = "idea.theme"
IDEA_MERGE = "idea.merge"
SETUP_CHANGE = "setup.change"
DATA_EXPORT = "export.data"
REPORT = "report.session"
MEMBER_DELETE = "privacy.delete"
MEMBER_ERASED = "privacy.member_erased"
RETENTION = "retention.applied"
SESSION_RECORD = "session.record"
CALENDAR_LINK = "calendar.link"
ACTIONS = (
    HOST_CONFIRM,
    IDEA_STATUS,
    IDEA_THEME,
    IDEA_MERGE,
    SETUP_CHANGE,
    DATA_EXPORT,
    REPORT,
    MEMBER_DELETE,
    MEMBER_ERASED,
    RETENTION,
    SESSION_RECORD,
    CALENDAR_LINK,
)
DETAIL_MAX = 500
LATEST = 20


def counts_detail(counts: dict[str, int]) -> str:
    """The non-zero counts as `name=n` words: the detail of an erasure or a retention sweep."""
    return " ".join(f"{name}={count}" for name, count in counts.items() if count)


def record_in(tx: Tx, now: datetime, guild_id: int, actor_id: int, action: str, detail: str = "") -> None:
    """Write an entry inside the caller's write job (`action`: one of ACTIONS)."""
    store.insert(tx, guild_id, actor_id, action, detail[:DETAIL_MAX], now)


async def record(db: Database, now: datetime, guild_id: int, actor_id: int, action: str, detail: str = "") -> None:
    """Write an entry in its own transaction (`action`: one of ACTIONS)."""
    await db.write(lambda tx: record_in(tx, now, guild_id, actor_id, action, detail))


async def latest(db: Database, guild_id: int, limit: int = LATEST) -> list[Entry]:
    """Return a server's most recent entries, newest first."""
    return await store.latest(db, guild_id, limit)
