"""Cleaning text that members type: invisible characters out, outer space trimmed, lengths checked."""

import re

from bot.errors import UserError

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def visible(text: str) -> str:
    """Drop zero-width and direction-control characters and collapse runs of white space."""
    return " ".join(_INVISIBLE.sub("", text).split())


def clean_text(text: str | None, limit: int, key: str) -> str | None:
    """Strip invisible characters and outer space (keeping line breaks); refuse text over `limit` with `key`."""
    if text is None:
        return None
    cleaned = _INVISIBLE.sub("", text).strip()
    if len(cleaned) > limit:
        raise UserError(key, max=limit, length=len(cleaned))
    return cleaned or None


def required_text(text: str, limit: int, area: str) -> str:
    """Clean text as `clean_text` does, refusing it when empty (`<area>.empty`) or too long (`<area>.too_long`)."""
    cleaned = clean_text(text, limit, f"{area}.too_long")
    if cleaned is None:
        raise UserError(f"{area}.empty")
    return cleaned
