"""Rows already in memory as an export's row stream, and exports of them, for tests of the documents."""

import io
from typing import Any

import openpyxl

from bot.documents.export_files import ATTACHMENT_LIMIT, Chunk, ExportFiles, RowSink, RowStream, export_files


def in_memory(rows: list[dict[str, Any]], chunk_rows: int = 7) -> RowStream:
    """A row stream over `rows`, handed on a few at a time (so that chunk boundaries are crossed)."""

    async def stream(consume: RowSink) -> int:
        for start in range(0, len(rows), chunk_rows):
            taken = rows[start : start + chunk_rows]
            consume(Chunk(tuple(taken[0]), [tuple(row.values()) for row in taken]))
        return len(rows)

    return stream


async def exported(
    rows: list[dict[str, Any]], fmt: str, language: str, name: str, title: str, limit: int = ATTACHMENT_LIMIT
) -> ExportFiles:
    """`rows` exported as attachments."""
    return await export_files(in_memory(rows), fmt, language, name, title, limit)


async def document(rows: list[dict[str, Any]], fmt: str, language: str = "nl", title: str = "Ideeën") -> bytes:
    """`rows` as one document."""
    [(_, data)] = (await exported(rows, fmt, language, "ideas", title)).files
    return data


def xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    """The rows of a workbook's only sheet, read back with openpyxl, as objects keyed by the header row."""
    [sheet] = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]
