"""Export rows as CSV (Excel-friendly), Markdown or JSON files, compressed or split to fit an attachment limit."""

import csv
import io
import json
import math
import zipfile
from dataclasses import dataclass
from typing import Any

from bot.documents.markdown_text import escape_markdown
from bot.errors import UserError

ATTACHMENT_LIMIT = 8 * 1024 * 1024
MAX_FILES = 10
CSV_DELIMITER = {"nl": ";", "en": ","}


@dataclass(frozen=True)
class ExportFiles:
    """The files to attach, and whether they were compressed or split to fit."""

    files: list[tuple[str, bytes]]
    compressed: bool


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection)."""


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


def to_csv(rows: list[dict[str, Any]], language: str) -> bytes:
    """CSV with a header row; UTF-8 with BOM and the list separator Excel expects in that language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER[language], lineterminator="\r\n")
    if rows:
        writer.writerow(rows[0].keys())
        writer.writerows([spreadsheet_safe(value) for value in row.values()] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_markdown(rows: list[dict[str, Any]], title: str) -> bytes:
    """A Markdown table under a heading."""
    lines = [f"# {title}", ""]
    if rows:
        header = list(rows[0])
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += [
            "| "
            + " | ".join(escape_markdown(_cell(v)).replace("\r", "").replace("\n", "<br>") for v in row.values())
            + " |"
            for row in rows
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_json(rows: list[dict[str, Any]]) -> bytes:
    """A JSON list of objects, one per row."""
    return json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")


def render(rows: list[dict[str, Any]], fmt: str, language: str, title: str) -> bytes:
    """Write rows in one of the formats: csv, md or json."""
    if fmt == "csv":
        return to_csv(rows, language)
    if fmt == "md":
        return to_markdown(rows, title)
    return to_json(rows)


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def fit_attachment(name: str, data: bytes, limit: int = ATTACHMENT_LIMIT) -> tuple[str, bytes]:
    """The file as it is when it fits an attachment, else zipped (a text report compresses about tenfold)."""
    return (name, data) if len(data) <= limit else (f"{name}.zip", _zip(name, data))


def export_files(
    rows: list[dict[str, Any]], fmt: str, language: str, name: str, title: str, limit: int = ATTACHMENT_LIMIT
) -> ExportFiles:
    """One file when it fits; else one zip; else the rows split over several zips, each within `limit`."""
    filename = f"{name}.{fmt}"
    data = render(rows, fmt, language, title)
    if len(data) <= limit:
        return ExportFiles([(filename, data)], compressed=False)
    zipped = _zip(filename, data)
    parts = math.ceil(len(zipped) / limit)
    while parts <= MAX_FILES:
        size = math.ceil(len(rows) / parts)
        files = [
            (
                f"{name}-{number}.zip" if parts > 1 else f"{name}.zip",
                _zip(
                    f"{name}-{number}.{fmt}" if parts > 1 else filename,
                    render(rows[start : start + size], fmt, language, title),
                ),
            )
            for number, start in enumerate(range(0, len(rows), size), start=1)
        ]
        if all(len(content) <= limit for _, content in files):
            return ExportFiles(files, compressed=True)
        parts += 1
    raise UserError("export.too_large", files=MAX_FILES)
