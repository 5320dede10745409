"""Ideas that resemble each other: text normalised (case, accents, punctuation, Dutch stop words), then compared
with rapidfuzz's token-set ratio against the server's open ideas.

The threshold was chosen on the labelled Dutch idea pairs in tests/unit/test_duplicates.py (near-duplicates
and different ideas on the same theme), which also measures precision and recall at it.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

THRESHOLD = 83.0
"""The lowest token-set ratio (0–100) at which two normalised idea texts count as alike."""
OFFERED = 3
"""How many alike ideas a member is shown at most."""


def _stop_words() -> frozenset[str]:
    text = resources.files("bot.data").joinpath("stopwoorden.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


STOP_WORDS = _stop_words()
"""Dutch words that carry no topic (bot/data/stopwoorden.txt): left out before comparing."""

_WORD = re.compile(r"[^\W_]+")


MATCH_CHARS = 1000
"""Only the start of a long idea is compared (fuzzy matching says little about pages of text, and costs more)."""


@lru_cache(maxsize=32768)
def normalise(text: str) -> str:
    """The words of a text that carry its topic: case-folded, without accents or punctuation; stop words and
    single characters ('deelauto's' → 'deelauto') left out.

    Cached: the server's open ideas are normalised once, not on every new idea.
    """
    bare = text.casefold()
    if not bare.isascii():
        bare = "".join(char for char in unicodedata.normalize("NFKD", bare) if not unicodedata.combining(char))
    return " ".join(word for word in _WORD.findall(bare) if len(word) > 1 and word not in STOP_WORDS)


def _compared(text: str) -> str:
    return normalise(text[:MATCH_CHARS])


def likeness(first: str, second: str) -> float:
    """How alike two idea texts are (0–100), as the guard compares them."""
    return fuzz.token_set_ratio(_compared(first), _compared(second))


@dataclass(frozen=True)
class Match:
    """An open idea that resembles the text: its number and how alike they are (0–100)."""

    idea_id: int
    score: float


def closest(text: str, open_ideas: Iterable[tuple[int, str]], limit: int = OFFERED) -> list[Match]:
    """The open ideas (number, text) at least THRESHOLD alike to `text`, most alike first, at most `limit`."""
    query = _compared(text)
    if not query:
        return []
    choices = {idea_id: _compared(idea_text) for idea_id, idea_text in open_ideas}
    found = process.extract(
        query, choices, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=THRESHOLD, limit=limit
    )
    return [Match(idea_id, score) for _, score, idea_id in found]
