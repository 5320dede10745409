import re
from pathlib import Path

import pytest

from bot import timeparse
from bot.i18n import LANGUAGES, catalogue, command_translations, language_for, placeholders, t

ROOT = Path(__file__).resolve().parents[2]
KEY_IN_CODE = re.compile(r"""(?:UserError|reply|\bt)\(\s*(?:[a-z_]+,\s*)?"([a-z_]+\.[a-z_.]+)""")


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
        assert placeholders(texts["nl"]) == placeholders(texts["en"]), key


def test_every_key_used_in_the_code_is_in_the_catalogue() -> None:
    sources = [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("cogs").rglob("*.py")]
    used = {key for path in sources for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8"))}
    used |= set(timeparse.MESSAGE_KEYS)
    assert used, "the pattern found no keys at all"
    assert sorted(used - set(catalogue())) == []


def test_dutch_command_names_follow_discord_rules() -> None:
    for english, dutch in command_translations().items():
        if re.fullmatch(r"[a-z-]+", english):
            assert re.fullmatch(r"[-_\w]{1,32}", dutch) and dutch == dutch.lower(), english
        else:
            assert 1 <= len(dutch) <= 100, english


@pytest.mark.parametrize(
    ("server", "locale", "expected"),
    [
        ("en", "nl", "en"),
        ("nl", "en-US", "nl"),
        (None, "en-GB", "en"),
        (None, "nl", "nl"),
        (None, "de", "nl"),
    ],
)
def test_language_follows_server_then_member(server: str | None, locale: str, expected: str) -> None:
    assert language_for(server, locale) == expected


def test_placeholders_are_filled() -> None:
    assert t("setup.timezone_set", "en", zone="Europe/Amsterdam").endswith("Europe/Amsterdam.")
