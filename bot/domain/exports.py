"""Data exports: ideas, volunteers, attendance, sessions, session records and sign-ups of a server, as plain rows."""

from typing import Any

from bot.db import Database
from bot.db import exports as store
from bot.errors import UserError

DATASETS = tuple(store.QUERIES)
FORMATS = ("csv", "md", "json")


async def export_rows(db: Database, guild_id: int, what: str) -> list[dict[str, Any]]:
    """Return one dataset as a list of objects, one per row, with the member's Discord id where it concerns one."""
    if what not in DATASETS:
        raise UserError("export.unknown_dataset", what=what)
    return await store.dataset(db, what, guild_id)


async def known_guilds(db: Database) -> list[int]:
    """Return the servers the database holds data of (sessions, profiles or settings)."""
    return await store.known_guilds(db)
