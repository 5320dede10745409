import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain.settings import (
    GuildSettings,
    channel_language,
    get_settings,
    is_organiser,
    set_language,
    set_organiser_role,
    set_reminder_offsets,
    set_timezone,
)
from bot.errors import UserError

GUILD = 1001


async def test_unset_server_gets_defaults(db: Database) -> None:
    assert await get_settings(db, GUILD) == GuildSettings(GUILD, None, "Europe/Amsterdam", None, "7d,1d")


async def test_each_setting_is_kept_without_touching_the_others(db: Database, clock: ManualClock) -> None:
    await set_language(db, GUILD, "en", clock.now())
    await set_timezone(db, GUILD, "europe/brussels", clock.now())
    await set_organiser_role(db, GUILD, 555, clock.now(), managed=False, by_manager=True)
    await set_reminder_offsets(db, GUILD, "1d, 7d ,2h", clock.now())
    assert await get_settings(db, GUILD) == GuildSettings(GUILD, "en", "Europe/Brussels", 555, "7d,1d,2h")
    assert await get_settings(db, GUILD + 1) == GuildSettings(GUILD + 1)


async def test_bad_values_are_refused_and_nothing_is_written(db: Database, clock: ManualClock) -> None:
    with pytest.raises(UserError) as language:
        await set_language(db, GUILD, "de", clock.now())
    assert language.value.key == "setup.bad_language"
    with pytest.raises(UserError) as zone:
        await set_timezone(db, GUILD, "Mars/Olympus", clock.now())
    assert zone.value.key == "time.bad_zone"
    with pytest.raises(UserError):
        await set_reminder_offsets(db, GUILD, "soon", clock.now())
    assert await db.fetch_one("SELECT * FROM guild_settings") is None


def test_organisers_are_managers_or_role_holders() -> None:
    with_role = GuildSettings(GUILD, organiser_role_id=7)
    assert is_organiser(GuildSettings(GUILD), set(), can_manage_server=True)
    assert is_organiser(with_role, {3, 7}, can_manage_server=False)
    assert not is_organiser(with_role, {3}, can_manage_server=False)
    assert not is_organiser(GuildSettings(GUILD), {7}, can_manage_server=False)


async def test_channel_messages_are_dutch_unless_the_server_chose_english(db: Database, clock: ManualClock) -> None:
    assert await channel_language(db, GUILD) == "nl"
    await set_language(db, GUILD, "en", clock.now())
    assert await channel_language(db, GUILD) == "en"
