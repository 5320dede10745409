import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import UserError
from bot.text import clean_text, sanitise, visible

UNWANTED = [
    "\x00",  # NUL
    "\x07",  # bell
    "\x1b",  # escape
    "\x7f",  # delete
    "\x85",  # C1 next line
    "\u00ad",  # soft hyphen
    "\u061c",  # Arabic letter mark
    "\u200b",  # zero-width space
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2067",  # right-to-left isolate
    "\u2068",  # first strong isolate
    "\u2069",  # pop directional isolate
    "\ufeff",  # byte order mark
    "\U000e0041",  # tag letter A
    "\ud800",  # a lone surrogate
]


@pytest.mark.parametrize("char", UNWANTED)
def test_control_invisible_and_direction_characters_are_removed(char: str) -> None:
    assert sanitise(f"Buurt{char}budget") == "Buurtbudget"


def test_line_breaks_and_tabs_are_kept_and_line_ends_are_one_kind() -> None:
    assert sanitise("een\r\ntwee\rdrie\nvier\tvijf") == "een\ntwee\ndrie\nvier\tvijf"


def test_visible_is_one_line() -> None:
    assert visible(" Meierij\u200bstad \n  Zeist ") == "Meierijstad Zeist"


def test_the_limit_counts_what_is_left() -> None:
    assert clean_text("\u202e" * 10 + "ok", 2, "x.too_long") == "ok"
    with pytest.raises(UserError) as refused:
        clean_text("abc", 2, "x.too_long")
    assert refused.value.params == {"max": 2, "length": 3}


@given(st.text())
def test_sanitised_text_has_no_unwanted_character_and_sanitising_again_changes_nothing(text: str) -> None:
    cleaned = sanitise(text)
    assert sanitise(cleaned) == cleaned
    assert "\r" not in cleaned
    for char in cleaned:
        category = unicodedata.category(char)
        assert category != "Cs", "no lone surrogate"
        assert category != "Cc" or char in "\n\t", repr(char)
        assert char not in "".join(UNWANTED), repr(char)
    cleaned.encode("utf-8")
