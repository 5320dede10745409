import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain.profiles import Profile, get_profile, set_municipality, set_organisation
from bot.errors import UserError

GUILD, USER = 1001, 42


async def test_municipality_by_code_or_name(db: Database, clock: ManualClock) -> None:
    assert await set_municipality(db, GUILD, USER, "GM1948", clock.now()) == Profile(
        GUILD, USER, "Meierijstad", "GM1948"
    )
    await set_municipality(db, GUILD, USER, "rijswijk", clock.now())
    profile = await get_profile(db, GUILD, USER)
    assert profile == Profile(GUILD, USER, "Rijswijk (ZH.)", "GM0603")
    assert profile.municipality.display_name == "Rijswijk"  # type: ignore[union-attr]


async def test_profiles_are_per_server(db: Database, clock: ManualClock) -> None:
    await set_municipality(db, GUILD, USER, "Zeist", clock.now())
    assert await get_profile(db, GUILD + 1, USER) is None


async def test_unknown_municipality_is_refused_and_nothing_written(db: Database, clock: ManualClock) -> None:
    with pytest.raises(UserError) as refused:
        await set_municipality(db, GUILD, USER, "Gotham", clock.now())
    assert refused.value.key == "profile.unknown_municipality"
    assert await get_profile(db, GUILD, USER) is None


async def test_free_text_organisation(db: Database, clock: ManualClock) -> None:
    profile = await set_organisation(db, GUILD, USER, "  VNG\u200b  Democratie   in actie ", clock.now())
    assert profile == Profile(GUILD, USER, "VNG Democratie in actie", None)
    assert await get_profile(db, GUILD, USER) == profile


async def test_organisation_that_is_a_municipality_is_stored_as_one(db: Database, clock: ManualClock) -> None:
    profile = await set_organisation(db, GUILD, USER, "Lochem", clock.now())
    assert profile.municipality_code == "GM0262"


@pytest.mark.parametrize("text", ["", " ", "\u200b\u200b", "x", "y" * 101])
async def test_organisation_length_is_checked(db: Database, clock: ManualClock, text: str) -> None:
    with pytest.raises(UserError) as refused:
        await set_organisation(db, GUILD, USER, text, clock.now())
    assert refused.value.params == {"min": 2, "max": 100}
