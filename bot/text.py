"""Cleaning text that members type: one sanitiser for every path in, outer space trimmed, lengths checked."""

import re

from bot.errors import UserError

_UNWANTED = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (line breaks and tabs are kept)
    "\u00ad"  # soft hyphen
    "\u061c\u180e"  # Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f"  # zero-width characters and direction marks
    "\u202a-\u202e"  # direction embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, direction isolates, deprecated format characters
    "\ufeff\ufff9-\ufffb"  # byte order mark, interlinear annotation
    "\ud800-\udfff"  # lone surrogates (not text; they cannot even be written as UTF-8)
    "\U000e0000-\U000e007f"  # tag characters
    "]"
)
_LINE_ENDINGS = re.compile(r"\r\n?")


def sanitise(text: str) -> str:
    """Text as a member meant it: control, invisible and direction-override characters removed, line ends as \\n."""
    return _UNWANTED.sub("", _LINE_ENDINGS.sub("\n", text))


def visible(text: str) -> str:
    """The sanitised text on one line: runs of white space collapsed."""
    return " ".join(sanitise(text).split())


def clean_text(text: str | None, limit: int, key: str) -> str | None:
    """Sanitise and trim outer space (keeping line breaks); refuse text over `limit` with `key`."""
    if text is None:
        return None
    cleaned = sanitise(text).strip()
    if len(cleaned) > limit:
        raise UserError(key, max=limit, length=len(cleaned))
    return cleaned or None


def required_text(text: str, limit: int, area: str) -> str:
    """Clean text as `clean_text` does, refusing it when empty (`<area>.empty`) or too long (`<area>.too_long`)."""
    cleaned = clean_text(text, limit, f"{area}.too_long")
    if cleaned is None:
        raise UserError(f"{area}.empty")
    return cleaned


def excerpt(text: str, limit: int) -> str:
    """The text on one line (every run of white space one space), cut to `limit` characters ending in '…'."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
