"""Recognising catalogue texts in what the bot sent: which message (key) and with which parameters."""

import re
import string
from functools import cache
from typing import Any

from bot.i18n import LANGUAGES, catalogue


@cache
def patterns(key: str) -> tuple[re.Pattern[str], ...]:
    """One regex per language for catalogue message `key`; placeholders become named groups."""
    compiled = []
    for language in LANGUAGES:
        parts = []
        for literal, name, _spec, _conversion in string.Formatter().parse(catalogue()[key][language]):
            parts.append(re.escape(literal))
            if name:
                parts.append(f"(?P<{name}>.*?)" if f"(?P<{name}>" not in "".join(parts) else ".*?")
        compiled.append(re.compile("".join(parts) + r"(?:\n.*)?\Z", re.DOTALL))
    return tuple(compiled)


def parse(key: str, text: str | None) -> dict[str, Any] | None:
    """The parameters if `text` is catalogue message `key` (in any language, maybe with extra lines), else None."""
    if text is None:
        return None
    for pattern in patterns(key):
        found = pattern.match(text)
        if found:
            return found.groupdict()
    return None


def is_catalogue_text(text: str) -> bool:
    """Whether `text` is some catalogue message, in either language (refusals are never free-form)."""
    return any(parse(key, text) is not None for key in catalogue())


def texts(key: str, **params: Any) -> set[str]:
    """The message in every language."""
    return {catalogue()[key][language].format(**params) for language in LANGUAGES}
