"""The report as a Markdown document: the neutral form's sections written out, every run's text escaped."""

import re

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
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if not core:
        return text.replace("\n", " ")
    marks = ("**" if bold else "") + ("*" if italic else "")
    escaped = _LINE_BREAKS.sub(lambda _: "\\\n" + indent, escape_markdown(core))
    return f"{lead}{marks}{escaped}{marks[::-1]}{trail}"


def _address(text: str) -> str:
    """A web address as an autolink showing itself; escaped text if it could not be one."""
    return escape_markdown(text) if _NOT_IN_AUTOLINK.search(text) else f"<{text}>"


def inline(runs: Runs, indent: str = "") -> str:
    """Runs as one line of Markdown (a typed line break a hard break), continued lines indented by `indent`."""
    return "".join(_address(run.text) if run.link else _run(run.text, run.bold, run.italic, indent) for run in runs)


def _item(marker: str, item: Item) -> list[str]:
    indent = " " * len(marker)
    lines = [marker + inline(item.runs, indent)]
    lines += [f"{indent}- {inline(below, indent + '  ')}" for below in item.below]
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [inline(block.runs)]
    if isinstance(block, Bullets):
        return [line for item in block.items for line in _item("- ", item)]
    if isinstance(block, Numbered):
        return [line for number, item in enumerate(block.items, 1) for line in _item(f"{number}. ", item)]
    if isinstance(block, Figure):
        return [f"![{escape_markdown(block.description)}]({block.name})"]
    return [f"{'#' * block.level} {escape_markdown(one_line(block.text))}"]


def report_markdown(document: ReportDocument) -> str:
    """Write the whole report: the title, then each section's heading and blocks, a blank line between."""
    lines = [f"# {escape_markdown(one_line(document.title))}", ""]
    for section in document.sections:
        if section.heading:
            lines += [f"## {escape_markdown(one_line(section.heading))}", ""]
        for block in section.blocks:
            lines += [*_block(block), ""]
    return "\n".join(lines)
