"""The catalogue of user-facing text in Dutch and English, and the choice of language."""

import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    entries: dict[str, dict[str, str]] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if all(isinstance(text, str) for text in value.values()):
            entries[key] = value
        else:
            entries.update(_flatten(value, f"{key}."))
    return entries


def _load_folder(folder: str) -> dict[str, Any]:
    """Merge every TOML file in a folder of `bot/locales`; a key may repeat only with the same value."""
    merged: dict[str, Any] = {}
    files = sorted(resources.files("bot.locales").joinpath(folder).iterdir(), key=lambda file: file.name)
    for file in files:
        if not file.name.endswith(".toml"):
            continue
        table = tomllib.loads(file.read_text(encoding="utf-8"))
        clashes = sorted(key for key in set(table) & set(merged) if table[key] != merged[key])
        if clashes:
            raise ValueError(f"{folder}/{file.name} gives {clashes} another meaning")
        merged.update(table)
    return merged


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Return every message, keyed 'area.name', each with a Dutch and an English text."""
    return _flatten(_load_folder("messages"))


@cache
def command_translations() -> dict[str, str]:
    """Return the Dutch text of every command, option and choice name and description, by English text."""
    return dict(_load_folder("commands"))


def t(key: str, language: str, **params: Any) -> str:
    """Return the message `key` in `language`, with its {placeholders} filled in."""
    entry = catalogue()[key]
    return entry.get(language, entry[DEFAULT_LANGUAGE]).format(**params)


def placeholders(text: str) -> set[str]:
    """Return the names of the {placeholders} in a message text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def language_for(server_language: str | None, user_locale: str | None) -> str:
    """Pick the answer language: the server's setting, else the user's Discord locale, else Dutch."""
    if server_language in LANGUAGES:
        return server_language
    if user_locale and user_locale.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE
