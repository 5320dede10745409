"""The report's files in the formats asked for: Markdown (with the chart and map beside it) and/or Word (inside)."""

import io

from bot.documents.network_map import network_map_png
from bot.documents.report_blocks import ReportDocument
from bot.documents.report_chart import report_chart
from bot.documents.report_docx import report_docx
from bot.documents.report_markdown import write_markdown
from bot.documents.report_sections import file_stem, map_name, report_document
from bot.domain.report import Report

REPORT_FORMATS = ("md", "docx", "both")
"""What `/report` and `python -m bot report` can write: Markdown, Word, or both (the default)."""


def _markdown(document: ReportDocument) -> bytes:
    """The report's Markdown, encoded as it is written (the text is never held whole as well)."""
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    write_markdown(document, text)
    text.flush()
    return buffer.getvalue()


def report_files(report: Report, language: str, fmt: str = "both") -> list[tuple[str, bytes]]:
    """The report's files by name: the .md with its chart and map for 'md', the .docx for 'docx', all for 'both'."""
    document = report_document(report, language)
    stem = file_stem(report, language)
    chart = report_chart(report, language)
    images = {f"{stem}.png": chart} if chart else {}
    if report.network is not None:
        images[map_name(report, language)] = network_map_png(report.network, language)
    files: list[tuple[str, bytes]] = []
    if fmt in ("md", "both"):
        files.append((f"{stem}.md", _markdown(document)))
        files.extend(images.items())
    if fmt in ("docx", "both"):
        files.append((f"{stem}.docx", report_docx(document, images)))
    return files
