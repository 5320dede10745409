"""Export rows as CSV (Excel-friendly), Markdown, JSON or Excel files, written a chunk of rows at a time.

The rows come from a `RowStream` (the dataset's query, feeding chunks to a sink as it reads them), so neither the
rows nor the uncompressed document are ever whole in memory: documents are spooled to a temporary file, then
compressed or split to fit an attachment limit.
"""

import asyncio
import codecs
import csv
import io
import json
import math
import re
import shutil
import zipfile
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import IO, Any, Protocol

import xlsxwriter

from bot.documents.markdown_text import table_cells
from bot.errors import UserError
from bot.files import spooled

ATTACHMENT_LIMIT = 8 * 1024 * 1024
MAX_FILES = 10
CSV_DELIMITER = {"nl": ";", "en": ","}
ZIP_LEVEL = 1
"""Deflate's fastest level: exports are repetitive text, so it still compresses about tenfold."""


@dataclass(frozen=True)
class Chunk:
    """Some of a dataset's rows, in order: the column names, and each row's values in that order."""

    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]

    def part(self, start: int, stop: int) -> "Chunk":
        """The rows from `start` up to `stop`."""
        return Chunk(self.columns, self.rows[start:stop])


RowSink = Callable[[Chunk], None]
RowStream = Callable[[RowSink], Awaitable[int]]
"""Reads a dataset, handing its rows to the sink a chunk at a time, in order; returns how many rows there were."""


@dataclass(frozen=True)
class ExportFiles:
    """The files to attach, whether they were compressed or split to fit, and how many rows they hold."""

    files: list[tuple[str, bytes]]
    compressed: bool
    rows: int


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection)."""
_FORMULA_AFTER_BREAK = re.compile(r"\n[=+\-@\t\r]")
"""A cell starting a formula, in a column's text cells joined each after a line break."""
_PLAIN_KINDS = frozenset({int, float, type(None)})
"""Cells the csv module writes as they are, safely."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def spreadsheet_safe(value: Any) -> str:
    """A cell as text that a spreadsheet shows as typed: text that would start a formula gets a leading quote."""
    text = _cell(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_cell(value: Any) -> Any:
    """`spreadsheet_safe` for the csv module, which writes numbers and None (as empty) itself, faster."""
    kind = value.__class__
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None or kind is int or kind is float:
        return value
    return spreadsheet_safe(value)


def _csv_column(column: tuple[Any, ...]) -> Iterable[Any]:
    """A column's cells made `spreadsheet_safe`: checked as one string first, cell by cell only if one may need it."""
    kinds = set(map(type, column))
    if kinds <= _PLAIN_KINDS:
        return column
    if kinds <= {str, type(None)} and not _FORMULA_AFTER_BREAK.search("\n" + "\n".join(filter(None, column))):
        return column
    return map(_csv_cell, column)


def _transposed(columns: Iterable[Iterable[Any]]) -> Iterator[tuple[Any, ...]]:
    """Rows from columns (or columns from rows)."""
    return zip(*columns, strict=True)


class Document(Protocol):
    """A document being written: rows go in a chunk at a time, `close` finishes it."""

    def write(self, chunk: Chunk) -> None:
        """Add a chunk's rows (its columns are the header, written before the first)."""

    def close(self) -> None:
        """Write what ends the document (the output stays open)."""


class CsvDocument:
    """CSV with a header row; UTF-8 with BOM and the list separator Excel expects in that language."""

    def __init__(self, out: IO[bytes], language: str) -> None:
        self._out = out
        self._delimiter = CSV_DELIMITER[language]
        self._started = False
        out.write(codecs.BOM_UTF8)

    def write(self, chunk: Chunk) -> None:
        """Add rows, member text neutralised so that no cell becomes a formula."""
        if not chunk.rows:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self._delimiter, lineterminator="\r\n")
        if not self._started:
            writer.writerow(chunk.columns)
            self._started = True
        writer.writerows(_transposed(map(_csv_column, _transposed(chunk.rows))))
        self._out.write(buffer.getvalue().encode("utf-8"))

    def close(self) -> None:
        """Nothing ends a CSV file."""


def _markdown_column(column: tuple[Any, ...]) -> list[str]:
    """A column's cells escaped, each kept on one line (a line break becomes `<br>`)."""
    kinds = set(map(type, column))
    texts: Iterable[str] = column if kinds == {str} else map(str, column) if kinds == {int} else map(_cell, column)
    return table_cells(texts)


class MarkdownDocument:
    """A Markdown table under a heading; member text escaped and kept inside its cell."""

    def __init__(self, out: IO[bytes], title: str) -> None:
        self._out = out
        self._started = False
        out.write(f"# {title}\n\n".encode())

    def write(self, chunk: Chunk) -> None:
        """Add table rows (the header before the first)."""
        if not chunk.rows:
            return
        header = ""
        if not self._started:
            header = "| " + " | ".join(chunk.columns) + " |\n|" + "---|" * len(chunk.columns) + "\n"
            self._started = True
        cells = [_markdown_column(column) for column in _transposed(chunk.rows)]
        body = "| " + " |\n| ".join(map(" | ".join, _transposed(cells))) + " |\n"
        self._out.write((header + body).encode("utf-8"))

    def close(self) -> None:
        """Nothing ends a Markdown table."""


_JSON = json.JSONEncoder(ensure_ascii=False)
_BETWEEN_OBJECTS = "}, {"
"""What separates two flat objects in an encoded list (found only there unless a text holds it too)."""


class JsonDocument:
    """A JSON list of objects, one object per line."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._started = False

    def write(self, chunk: Chunk) -> None:
        """Add objects to the list."""
        if not chunk.rows:
            return
        objects = list(map(dict, map(zip, repeat(chunk.columns), chunk.rows)))
        items = _JSON.encode(objects)[1:-1]
        if items.count(_BETWEEN_OBJECTS) == len(objects) - 1:
            items = items.replace(_BETWEEN_OBJECTS, "},\n{")
        else:  # a text holds what separates two objects: encode them one by one
            items = ",\n".join(map(_JSON.encode, objects))
        self._out.write(((",\n" if self._started else "[\n") + items).encode("utf-8"))
        self._started = True

    def close(self) -> None:
        """Close the list."""
        self._out.write(b"\n]" if self._started else b"[]")


SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


class XlsxDocument:
    """An Excel workbook of one sheet, written row by row (xlsxwriter's constant-memory mode).

    Text is written as text cells (`write_string`), so member text is shown as typed and never becomes a formula
    or a link, whatever it starts with; Discord ids are text already, so they keep every digit.
    """

    def __init__(self, out: IO[bytes], title: str) -> None:
        self._book = xlsxwriter.Workbook(out, {"constant_memory": True})
        name = SHEET_NAME_FORBIDDEN.sub("", title).strip()[:SHEET_NAME_LENGTH]
        self._sheet = self._book.add_worksheet(name or None)
        self._bold = self._book.add_format({"bold": True})
        self._row = 0

    def write(self, chunk: Chunk) -> None:
        """Add rows (the header, bold and frozen, before the first)."""
        if chunk.rows and self._row == 0:
            for column, key in enumerate(chunk.columns):
                self._sheet.write_string(0, column, key, self._bold)
            self._sheet.freeze_panes(1, 0)
            self._row = 1
        for row in chunk.rows:
            for column, value in enumerate(row):
                self._write_cell(column, value)
            self._row += 1

    def _write_cell(self, column: int, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            self._sheet.write_boolean(self._row, column, value)
        elif isinstance(value, int | float):
            self._sheet.write_number(self._row, column, value)
        else:
            self._sheet.write_string(self._row, column, str(value))

    def close(self) -> None:
        """Assemble the workbook into the output."""
        self._book.close()


def open_document(fmt: str, out: IO[bytes], language: str, title: str) -> Document:
    """A document in one of the formats (csv, md, json, xlsx) written into `out`."""
    if fmt == "csv":
        return CsvDocument(out, language)
    if fmt == "md":
        return MarkdownDocument(out, title)
    if fmt == "xlsx":
        return XlsxDocument(out, title)
    return JsonDocument(out)


def _zip_from(name: str, source: IO[bytes]) -> bytes:
    """A zip holding `source` (read from its start) as `name`."""
    source.seek(0)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive,
        archive.open(name, "w", force_zip64=True) as entry,
    ):
        shutil.copyfileobj(source, entry)
    return buffer.getvalue()


def _zip(name: str, data: bytes) -> bytes:
    return _zip_from(name, io.BytesIO(data))


def fit_attachment(name: str, data: bytes, limit: int = ATTACHMENT_LIMIT) -> tuple[str, bytes]:
    """The file as it is when it fits an attachment, else zipped (a text report compresses about tenfold)."""
    return (name, data) if len(data) <= limit else (f"{name}.zip", _zip(name, data))


class _Parts:
    """A sink that writes rows into numbered documents of `size` rows each, every one zipped when it is complete."""

    def __init__(self, size: int, fmt: str, language: str, name: str, title: str) -> None:
        self._size, self._fmt, self._language, self._name, self._title = size, fmt, language, name, title
        self.files: list[tuple[str, bytes]] = []
        self._current: tuple[IO[bytes], Document] | None = None
        self._filled = 0

    def write(self, chunk: Chunk) -> None:
        """Add rows, finishing a part each time one is full."""
        start = 0
        while start < len(chunk.rows):
            if self._current is None:
                spool = spooled()
                self._current = spool, open_document(self._fmt, spool, self._language, self._title)
                self._filled = 0
            taken = chunk.part(start, start + self._size - self._filled)
            start += len(taken.rows)
            self._current[1].write(taken)
            self._filled += len(taken.rows)
            if self._filled == self._size:
                self.close()

    def close(self) -> None:
        """Finish the part being written, if any."""
        if self._current is None:
            return
        spool, document = self._current
        self._current = None
        document.close()
        number = len(self.files) + 1
        self.files.append((f"{self._name}-{number}.zip", _zip_from(f"{self._name}-{number}.{self._fmt}", spool)))
        spool.close()


async def write_document(rows: RowStream, fmt: str, language: str, title: str, out: IO[bytes]) -> int:
    """Stream a dataset into one document in `out`; the number of rows."""
    document = open_document(fmt, out, language, title)
    count = await rows(document.write)
    await asyncio.to_thread(document.close)
    return count


async def export_files(
    rows: RowStream, fmt: str, language: str, name: str, title: str, limit: int = ATTACHMENT_LIMIT
) -> ExportFiles:
    """One file when it fits; else one zip; else the rows split over several zips, each within `limit`.

    A split reads the dataset again (routing rows into parts by their position), so memory stays one chunk of
    rows and one part's zip, however large the dataset.
    """
    filename = f"{name}.{fmt}"
    with spooled() as spool:
        count = await write_document(rows, fmt, language, title, spool)
        if spool.seek(0, io.SEEK_END) <= limit:
            spool.seek(0)
            return ExportFiles([(filename, spool.read())], compressed=False, rows=count)
        zipped = await asyncio.to_thread(_zip_from, filename, spool)
    if len(zipped) <= limit:
        return ExportFiles([(f"{name}.zip", zipped)], compressed=True, rows=count)
    for parts in range(max(2, math.ceil(len(zipped) / limit)), MAX_FILES + 1):
        split = _Parts(math.ceil(count / parts), fmt, language, name, title)
        await rows(split.write)
        await asyncio.to_thread(split.close)
        if all(len(content) <= limit for _, content in split.files):
            return ExportFiles(split.files, compressed=True, rows=count)
    raise UserError("export.too_large", files=MAX_FILES)
