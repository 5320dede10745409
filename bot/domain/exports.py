"""Data exports: ideas, volunteers, attendance and sessions of a server, as plain rows."""

from typing import Any

from bot.db import Database
from bot.db import exports as store
from bot.errors import UserError

DATASETS = tuple(store.QUERIES)
FORMATS = ("csv", "md", "json")
MEMBER_ID_COLUMNS = frozenset({"author_id", "volunteered_by", "user_id"})
BOOLEAN_COLUMNS = frozenset({"attending", "confirmed_host"})


def _value(column: str, value: Any) -> Any:
    """Discord ids as text (they exceed what JavaScript numbers hold), none for erased members; flags as booleans."""
    if column in MEMBER_ID_COLUMNS:
        return str(value) if value is not None and value > 0 else None
    if column in BOOLEAN_COLUMNS:
        return bool(value)
    return value


async def export_rows(db: Database, guild_id: int, what: str) -> list[dict[str, Any]]:
    """Return one dataset as a list of objects, one per row, with the member's Discord id where it concerns one."""
    if what not in DATASETS:
        raise UserError("export.unknown_dataset", what=what)
    rows = await store.dataset(db, what, guild_id)
    return [{column: _value(column, value) for column, value in dict(row).items()} for row in rows]
