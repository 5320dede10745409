"""Member text inside a Markdown document: shown as typed, never as a heading, link, image or HTML."""

import re

_INLINE = str.maketrans({character: "\\" + character for character in "\\`*_[]<>#|~&!"})
_LINE_START = re.compile(r"^(\s*)([-+=>])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_LIKE_A_BLOCK = re.compile(r"\s*(?:[-+=>]|\d+[.)])")
"""What starts a line that could be read as a list, quote or heading underline (checked before the slower rules)."""


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown (CommonMark and GitHub's) would read as markup or raw HTML."""
    escaped = text.translate(_INLINE)
    if "\n" not in escaped and not _LIKE_A_BLOCK.match(escaped):
        return escaped
    escaped = _LINE_START.sub(r"\1\\\2", escaped)
    return _NUMBERED.sub(r"\1\\\2", escaped)
