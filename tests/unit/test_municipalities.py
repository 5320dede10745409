import pytest

from bot.errors import UserError
from bot.municipalities import directory, normalise


def names(query: str) -> list[str]:
    return [m.name for m in directory().search(query)]


def test_official_list_is_complete() -> None:
    assert len(directory()) == 342
    assert directory().by_code("GM1948").name == "Meierijstad"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("meijerij", "Meierijstad"),
        ("Meijerijstad", "Meierijstad"),
        ("rijswijk", "Rijswijk (ZH.)"),
        ("RIJSWIJK", "Rijswijk (ZH.)"),
        ("hengelo", "Hengelo (O.)"),
        ("sudwest", "Súdwest-Fryslân"),
        ("hertogenbosch", "'s-Hertogenbosch"),
        ("Den Haag", "'s-Gravenhage"),
        ("etten-leur", "Etten-Leur"),
        ("etten leur", "Etten-Leur"),
        ("bilt", "De Bilt"),
    ],
)
def test_search_forgives_case_accents_spelling_and_suffixes(query: str, expected: str) -> None:
    assert names(query)[0] == expected


def test_search_ranks_prefix_matches_first_and_caps_at_25() -> None:
    assert names("bergen")[:3] == ["Bergen (L.)", "Bergen (NH.)", "Bergen op Zoom"]
    assert "Haaksbergen" in names("bergen")
    assert len(directory().search("e")) == 25


def test_display_name_drops_the_province_suffix_only_where_unambiguous() -> None:
    shown = {m.name: m.display_name for m in directory().search("bergen") + directory().search("rijswijk")}
    assert shown["Rijswijk (ZH.)"] == "Rijswijk"
    assert shown["Bergen (L.)"] == "Bergen (L.)"


def test_resolve_accepts_codes_and_exact_names() -> None:
    assert directory().resolve("GM0355").name == "Zeist"
    assert directory().resolve(" meijerijstad ").code == "GM1948"
    assert directory().resolve("Rijswijk").code == "GM0603"


def test_resolve_refuses_unknown_and_ambiguous_names_with_suggestions() -> None:
    with pytest.raises(UserError) as unknown:
        directory().resolve("Zijst")
    assert unknown.value.key == "profile.unknown_municipality"
    assert "Zeist" in unknown.value.params["suggestions"]
    with pytest.raises(UserError) as ambiguous:
        directory().resolve("Bergen")
    assert "Bergen (NH.)" in ambiguous.value.params["suggestions"]


def test_normalise() -> None:
    assert normalise("Súdwest-Fryslân") == "sudwest frislan"
    assert normalise("  'S-Hertogenbosch ") == "s hertogenbosch"
