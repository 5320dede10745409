"""The first slice end to end: command sync, settings and profiles, through the real discord.py client."""

import sqlite3
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.i18n import command_translations, t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask, config_for, start_bot


def walk(command: dict[str, Any]) -> list[dict[str, Any]]:
    """The command and every option, sub-command and choice below it."""
    found = [command]
    for option in command.get("options", []):
        found += walk(option)
    return found + list(command.get("choices", []))


async def test_commands_are_synced_with_dutch_localisations(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    commands = server.synced_commands(world.guild_id)
    assert {command["name"] for command in commands} >= {"setup", "profile"}
    translations = command_translations()
    for command in commands:
        for part in walk(command):
            assert part["name_localizations"]["nl"] == translations[part["name"]], part["name"]
            if "description" in part:
                assert part["description_localizations"]["nl"] == translations[part["description"]]
    setup = next(command for command in commands if command["name"] == "setup")
    assert setup["name_localizations"] == {"nl": "instellingen"}


async def test_municipality_autocomplete_offers_official_names(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    found = await server.autocomplete(
        world.guild_id,
        world.channel_id,
        world.participant_id,
        "profile municipality",
        options={"name": "meijerij"},
        focused="name",
    )
    assert found == [{"name": "Meierijstad", "value": "GM1948"}]
    everything = await server.autocomplete(
        world.guild_id,
        world.channel_id,
        world.participant_id,
        "profile municipality",
        options={"name": ""},
        focused="name",
    )
    assert len(everything) == 25
    assert everything[0]["name"] == "Aa en Hunze"


async def test_member_sets_and_shows_their_profile(server: FakeDiscord, world: World, running: RunningBot) -> None:
    assert (await ask(server, world, world.participant_id, "profile show"))["content"] == t("profile.none", "nl")
    answer = await ask(server, world, world.participant_id, "profile municipality", name="GM0603")
    assert answer["content"] == t("profile.municipality_set", "nl", name="Rijswijk")
    shown = await ask(server, world, world.participant_id, "profile show")
    assert shown["content"] == t("profile.show_municipality", "nl", name="Rijswijk")


async def test_typed_municipality_is_resolved_or_refused_with_suggestions(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    typed = await ask(server, world, world.participant_id, "profile municipality", name="meijerijstad")
    assert typed["content"] == t("profile.municipality_set", "nl", name="Meierijstad")
    refused = await ask(server, world, world.participant_id, "profile municipality", name="Zijst")
    assert refused["content"] == t("profile.unknown_municipality", "nl", name="Zijst", suggestions="Zeist")
    shown = await ask(server, world, world.participant_id, "profile show")
    assert shown["content"] == t("profile.show_municipality", "nl", name="Meierijstad")


async def test_other_organisation_and_its_length_limit(server: FakeDiscord, world: World, running: RunningBot) -> None:
    answer = await ask(server, world, world.english_participant_id, "profile organisation", name="VNG")
    assert answer["content"] == t("profile.organisation_set", "en", name="VNG")
    too_long = await ask(server, world, world.english_participant_id, "profile organisation", name="x" * 101)
    assert too_long["content"] == t("profile.organisation_length", "en", min=2, max=100)


async def test_participant_is_refused_on_setup_and_nothing_changes(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    for command, options in [("setup show", {}), ("setup language", {"language": "en"})]:
        answer = await ask(server, world, world.participant_id, command, **options)
        assert answer["content"] == t("auth.not_organiser", "nl")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM guild_settings").fetchone() == (0,)


async def test_manager_changes_settings_and_answers_follow_the_language(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    assert (await ask(server, world, world.manager_id, "setup language", language="en"))["content"] == t(
        "setup.language_set", "en"
    )
    dutch_member = await ask(server, world, world.participant_id, "profile show")
    assert dutch_member["content"] == t("profile.none", "en")
    bad_zone = await ask(server, world, world.manager_id, "setup timezone", tz="Mars/Olympus")
    assert bad_zone["content"] == t("time.bad_zone", "en", zone="Mars/Olympus")
    zone = await ask(server, world, world.manager_id, "setup timezone", tz="europe/brussels")
    assert zone["content"] == t("setup.timezone_set", "en", zone="Europe/Brussels")
    offsets = await ask(server, world, world.manager_id, "setup reminders", offsets="2u, 7d")
    assert offsets["content"] == t("setup.reminders_set", "en", offsets="7d,2h")


async def test_configured_role_makes_an_organiser(server: FakeDiscord, world: World, running: RunningBot) -> None:
    refused = await ask(server, world, world.role_organiser_id, "setup show")
    assert refused["content"] == t("auth.not_organiser", "nl")
    await ask(server, world, world.manager_id, "setup organiser-role", role=str(world.organiser_role_id))
    shown = await ask(server, world, world.role_organiser_id, "setup show")
    fields = {field["name"]: field["value"] for field in shown["embeds"][0]["fields"]}
    assert fields[t("setup.field_organiser_role", "nl")] == f"<@&{world.organiser_role_id}>"


async def test_timezone_autocomplete(server: FakeDiscord, world: World, running: RunningBot) -> None:
    found = await server.autocomplete(
        world.guild_id,
        world.channel_id,
        world.manager_id,
        "setup timezone",
        options={"tz": "amster"},
        focused="tz",
    )
    assert found[0] == {"name": "Europe/Amsterdam", "value": "Europe/Amsterdam"}


async def test_second_start_on_the_same_database_keeps_settings_and_profiles(
    server: FakeDiscord, world: World, db_path: Path, clock: ManualClock
) -> None:
    first = await start_bot(config_for(server, db_path, world.guild_id), clock)
    await ask(server, world, world.manager_id, "setup language", language="en")
    await ask(server, world, world.manager_id, "setup reminders", offsets="3d")
    await ask(server, world, world.participant_id, "profile municipality", name="GM0355")
    assert await first.shutdown() == 0

    second = await start_bot(config_for(server, db_path, world.guild_id), clock)
    try:
        shown = await ask(server, world, world.manager_id, "setup show")
        fields = {field["name"]: field["value"] for field in shown["embeds"][0]["fields"]}
        assert fields[t("setup.field_language", "en")] == t("language.en", "en")
        assert fields[t("setup.field_reminders", "en")] == "3d"
        profile = await ask(server, world, world.participant_id, "profile show")
        assert profile["content"] == t("profile.show_municipality", "en", name="Zeist")
    finally:
        assert await second.shutdown() == 0
