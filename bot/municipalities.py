"""The official list of Dutch municipalities (a replaceable data file) and forgiving search over it."""

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.errors import UserError

_PROVINCE_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True)
class Municipality:
    """One municipality: CBS code (the key), CBS name, province and the name to show."""

    code: str
    name: str
    province: str
    display_name: str


def normalise(text: str) -> str:
    """Fold case, accents, punctuation and the Dutch ij/y spelling variants, so 'Meijerij' ~ 'Meierij'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ij", "i").replace("y", "i").replace("-", " ")
    return " ".join(_NOT_WORD.sub("", plain).split())


class Directory:
    """Searchable municipalities, keyed by CBS code, with a few common aliases ('Den Haag')."""

    def __init__(self, rows: list[tuple[str, str, str]], aliases: dict[str, str]) -> None:
        bare_names = [_PROVINCE_SUFFIX.sub("", name) for _, name, _ in rows]
        self._by_code = {
            code: Municipality(code, name, province, bare if bare_names.count(bare) == 1 else name)
            for (code, name, province), bare in zip(rows, bare_names, strict=True)
        }
        self._search_keys = [(normalise(_PROVINCE_SUFFIX.sub("", m.name)), m) for m in self._by_code.values()] + [
            (normalise(alias), self._by_code[code]) for alias, code in aliases.items()
        ]

    def __len__(self) -> int:
        return len(self._by_code)

    def all(self) -> list[Municipality]:
        """Return every municipality on the list, in the data file's order."""
        return list(self._by_code.values())

    def by_code(self, code: str) -> Municipality | None:
        """Return the municipality with this CBS code, or None."""
        return self._by_code.get(code.upper())

    def search(self, query: str, limit: int = 25) -> list[Municipality]:
        """Return up to `limit` municipalities whose name contains the query, best matches first."""
        needle = normalise(query)
        ranked: dict[str, tuple[int, str, Municipality]] = {}
        for key, municipality in self._search_keys:
            position = key.find(needle)
            if position < 0:
                continue
            rank = 0 if position == 0 else 1 if key[position - 1] == " " else 2
            best = ranked.get(municipality.code)
            if best is None or rank < best[0]:
                ranked[municipality.code] = (rank, normalise(municipality.name), municipality)
        return [m for _, _, m in sorted(ranked.values(), key=lambda item: item[:2])][:limit]

    def suggest(self, query: str, limit: int = 5) -> list[Municipality]:
        """Return names that look like the query, for a 'did you mean' answer."""
        found = self.search(query, limit)
        if found:
            return found
        keys = {key: municipality for key, municipality in self._search_keys}
        close = difflib.get_close_matches(normalise(query), list(keys), n=limit, cutoff=0.6)
        return list(dict.fromkeys(keys[key] for key in close))

    def resolve(self, text: str) -> Municipality:
        """Turn an autocomplete value (a code) or a typed name into a municipality, or refuse helpfully."""
        text = text.strip()
        by_code = self.by_code(text)
        if by_code is not None:
            return by_code
        needle = normalise(text)
        exact = {m.code: m for key, m in self._search_keys if key == needle}
        if len(exact) == 1:
            return next(iter(exact.values()))
        suggestions = ", ".join(m.display_name for m in self.suggest(text))
        raise UserError("profile.unknown_municipality", name=text, suggestions=suggestions or "–")


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def directory() -> Directory:
    """Return the directory built from the packaged data files (read once)."""
    rows = [(row["code"], row["name"], row["province"]) for row in _read_csv("gemeenten.csv")]
    aliases = {row["alias"]: row["code"] for row in _read_csv("gemeente-aliassen.csv")}
    return Directory(rows, aliases)
