"""The report as a Markdown document: the neutral form's sections written out, every run's text escaped."""

import io
import re
from collections.abc import Iterator
from typing import TextIO

from bot.documents.markdown_text import escape_markdown
from bot.documents.report_blocks import (
    Block,
    Bullets,
    Figure,
    Item,
    Numbered,
    Paragraph,
    ReportDocument,
    Runs,
    one_line,
)

_LINE_BREAKS = re.compile(r"\s*\n\s*")
_NOT_IN_AUTOLINK = re.compile(r"[\s<>]|^(?!https?://)")


def _run(text: str, bold: bool, italic: bool, indent: str) -> str:
    core = text.strip()
    if not core:
        return text.replace("\n", " ")
    escaped = escape_markdown(core)
    if "\n" in escaped:
        escaped = _LINE_BREAKS.sub(lambda _: "\\\n" + indent, escaped)
    if bold or italic:
        marks = ("**" if bold else "") + ("*" if italic else "")
        escaped = f"{marks}{escaped}{marks[::-1]}"
    if len(core) == len(text):
        return escaped
    return f"{text[: len(text) - len(text.lstrip())]}{escaped}{text[len(text.rstrip()) :]}"


def _address(text: str) -> str:
    """A web address as an autolink showing itself; escaped text if it could not be one."""
    return escape_markdown(text) if _NOT_IN_AUTOLINK.search(text) else f"<{text}>"


def inline(runs: Runs, indent: str = "") -> str:
    """Runs as one line of Markdown (a typed line break a hard break), continued lines indented by `indent`."""
    return "".join(_address(run.text) if run.link else _run(run.text, run.bold, run.italic, indent) for run in runs)


def _item(marker: str, item: Item) -> Iterator[str]:
    indent = " " * len(marker)
    yield marker + inline(item.runs, indent)
    for below in item.below:
        yield f"{indent}- {inline(below, indent + '  ')}"


def _block(block: Block) -> Iterator[str]:
    """A block's lines, made one at a time (a long list's items as the list is gone through)."""
    if isinstance(block, Paragraph):
        yield inline(block.runs)
    elif isinstance(block, Bullets):
        for item in block.items:
            yield from _item("- ", item)
    elif isinstance(block, Numbered):
        for number, item in enumerate(block.items, 1):
            yield from _item(f"{number}. ", item)
    elif isinstance(block, Figure):
        yield f"![{escape_markdown(block.description)}]({block.name})"
    else:
        yield f"{'#' * block.level} {escape_markdown(one_line(block.text))}"


def _lines(document: ReportDocument) -> Iterator[str]:
    yield f"# {escape_markdown(one_line(document.title))}"
    for section in document.sections:
        if section.heading:
            yield f"\n## {escape_markdown(one_line(section.heading))}"
        for block in section.blocks:
            yield ""
            yield from _block(block)


def write_markdown(document: ReportDocument, out: TextIO) -> None:
    """Write the whole report into `out` as it is made: the title, then each section's heading and blocks, a blank
    line between."""
    for line in _lines(document):
        out.write(line)
        out.write("\n")


def report_markdown(document: ReportDocument) -> str:
    """The whole report as one Markdown text."""
    text = io.StringIO()
    write_markdown(document, text)
    return text.getvalue()
