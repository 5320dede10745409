"""Member text inside a Markdown document: shown as typed, never as a heading, link, image or HTML."""

import re
from collections.abc import Iterable

_INLINE = str.maketrans({character: "\\" + character for character in "\\`*_[]<>#|~&!"})
_LINE_START = re.compile(r"^(\s*)([-+=>])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_LIKE_A_BLOCK = re.compile(r"\s*(?:[-+=>]|\d+[.)])")
"""What starts a line that could be read as a list, quote or heading underline (checked before the slower rules)."""
_SEPARATOR = "\x00"
_CELL_LIKE_A_BLOCK = re.compile(r"\x00\s*(?:[-+=>]|\d+[.)])")
"""In cells each after a NUL, escaped inline: one that starts like a block (the NUL first: a quick search)."""


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown (CommonMark and GitHub's) would read as markup or raw HTML."""
    escaped = text.translate(_INLINE)
    if "\n" not in escaped and not _LIKE_A_BLOCK.match(escaped):
        return escaped
    escaped = _LINE_START.sub(r"\1\\\2", escaped)
    return _NUMBERED.sub(r"\1\\\2", escaped)


def table_cells(texts: Iterable[str]) -> list[str]:
    """Each text escaped (`escape_markdown`) and kept on one line of a table cell: a line break becomes `<br>`.

    Texts without line breaks or a block-like start (the usual case) are escaped together, in one pass.
    """
    cells = list(texts)
    joined = _SEPARATOR.join(cells)
    if joined.count(_SEPARATOR) == len(cells) - 1:
        escaped = joined.translate(_INLINE)
        if "\n" not in escaped and "\r" not in escaped and not _CELL_LIKE_A_BLOCK.search(_SEPARATOR + escaped):
            return escaped.split(_SEPARATOR)
    return [escape_markdown(cell).replace("\r", "").replace("\n", "<br>") for cell in cells]
