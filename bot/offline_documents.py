"""`python -m bot report|export`: the report and exports written to files, straight from the database."""

import sys
from pathlib import Path
from typing import BinaryIO

from bot.clock import Clock
from bot.db import Database
from bot.documents.report_files import report_files
from bot.domain.exports import export_document, known_guilds
from bot.domain.report import build_report
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.files import UnsafePath, open_private
from bot.i18n import t

_UNSAFE = "not written: {path} is a symbolic link; remove it or choose another --out"


async def _guild(db: Database, guild_id: int | None) -> int:
    if guild_id is not None:
        return guild_id
    guilds = await known_guilds(db)
    if len(guilds) != 1:
        raise SystemExit(f"choose a server with --guild (the database holds: {', '.join(map(str, guilds)) or 'none'})")
    return guilds[0]


def _open_private_in(path: Path) -> BinaryIO:
    """Open a file to write in its folder (made if needed), owner-only and never through a planted link."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return open_private(path)
    except UnsafePath:
        raise SystemExit(_UNSAFE.format(path=path)) from None


def write_files(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Write named files, owner-only and never through a planted link, into a folder (made if needed)."""
    written = []
    for name, data in files:
        with _open_private_in(out / name) as file:
            file.write(data)
        written.append(out / name)
    return written


async def write_report(
    db: Database,
    clock: Clock,
    session_id: int,
    guild_id: int | None,
    out: Path,
    language: str | None,
    fmt: str = "both",
) -> list[Path]:
    """Write the report of a session into `out`: Markdown (with its chart, when there is one) and/or Word."""
    guild = await _guild(db, guild_id)
    language = language or await channel_language(db, guild)
    try:
        report = await build_report(db, guild, session_id, clock.now())
    except UserError as error:
        raise SystemExit(t(error.key, language, **error.params)) from None
    return write_files(out, report_files(report, language, fmt))


async def write_export(db: Database, what: str, fmt: str, guild_id: int | None, out: Path) -> list[Path]:
    """Stream one dataset in one format into a file in `out` (uncompressed: files are not limited like attachments)."""
    guild = await _guild(db, guild_id)
    language = await channel_language(db, guild)
    path = out / f"leerkring-{what}.{fmt}"
    with _open_private_in(path) as file:
        rows = await export_document(db, guild, what, fmt, language, file)
    print(f"{rows} rows", file=sys.stderr)
    return [path]
