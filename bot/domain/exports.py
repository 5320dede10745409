"""Data exports: ideas, volunteers, attendance, sessions, session records and sign-ups of a server.

Rows are streamed from the database into the document a chunk at a time, never held whole in memory.
"""

from typing import IO, Any

from bot.db import Database
from bot.db import exports as store
from bot.documents.export_files import (
    ATTACHMENT_LIMIT,
    Chunk,
    ExportFiles,
    RowSink,
    RowStream,
    export_files,
    write_document,
)
from bot.errors import UserError

DATASETS = tuple(store.QUERIES)
FORMATS = ("csv", "md", "json", "xlsx")


def _known(what: str) -> str:
    if what not in DATASETS:
        raise UserError("export.unknown_dataset", what=what)
    return what


def dataset_rows(db: Database, guild_id: int, what: str) -> RowStream:
    """The rows of one dataset as a stream (each use reads the database again)."""
    _known(what)

    async def stream(consume: RowSink) -> int:
        return await store.stream_dataset(db, what, guild_id, lambda columns, rows: consume(Chunk(columns, rows)))

    return stream


async def export_rows(db: Database, guild_id: int, what: str) -> list[dict[str, Any]]:
    """Return one dataset as a list of objects, one per row, with the member's Discord id where it concerns one."""
    return await store.dataset(db, _known(what), guild_id)


async def export_attachments(
    db: Database, guild_id: int, what: str, fmt: str, language: str, title: str, limit: int = ATTACHMENT_LIMIT
) -> ExportFiles:
    """One dataset in one format as attachments: one file, a zip, or split zips, each within `limit`."""
    return await export_files(dataset_rows(db, guild_id, what), fmt, language, f"leerkring-{what}", title, limit)


async def export_document(db: Database, guild_id: int, what: str, fmt: str, language: str, out: IO[bytes]) -> int:
    """Write one dataset in one format into `out` as one document (no attachment limit); the number of rows."""
    return await write_document(dataset_rows(db, guild_id, what), fmt, language, f"Leerkring: {what}", out)


async def known_guilds(db: Database) -> list[int]:
    """Return the servers the database holds data of (sessions, profiles or settings)."""
    return await store.known_guilds(db)
