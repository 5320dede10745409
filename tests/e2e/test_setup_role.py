"""Choosing the organiser role: only members with Manage Server, and never @everyone or a bot's role."""

import sqlite3
from pathlib import Path

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask


def organiser_role(db_path: Path) -> list[tuple[int | None]]:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT organiser_role_id FROM guild_settings").fetchall()


async def test_an_organiser_through_the_role_may_not_choose_the_role(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await ask(server, world, world.manager_id, "setup organiser-role", role=world.organiser_role_id)
    refused = await ask(server, world, world.role_organiser_id, "setup organiser-role", role=world.guild_id)
    assert refused["content"] == t("setup.role_needs_manager", "nl")
    other = server.add_role(world.guild_id, name="Deelnemers")
    refused = await ask(server, world, world.role_organiser_id, "setup organiser-role", role=other.id)
    assert refused["content"] == t("setup.role_needs_manager", "nl")
    assert organiser_role(db_path) == [(world.organiser_role_id,)]
    still = await ask(server, world, world.participant_id, "setup show")
    assert still["content"] == t("auth.not_organiser", "nl")


async def test_everyone_is_refused_even_for_a_manager(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    refused = await ask(server, world, world.manager_id, "setup organiser-role", role=world.guild_id)
    assert refused["content"] == t("setup.role_everyone", "nl")
    assert "@everyone" not in refused["content"]
    assert organiser_role(db_path) == []
    assert (await ask(server, world, world.participant_id, "setup show"))["content"] == t("auth.not_organiser", "nl")


async def test_a_managed_role_is_refused(server: FakeDiscord, world: World, running: RunningBot, db_path: Path) -> None:
    bot_role = server.add_role(world.guild_id, name="Andere bot", managed=True)
    refused = await ask(server, world, world.manager_id, "setup organiser-role", role=bot_role.id)
    assert refused["content"] == t("setup.role_managed", "nl")
    assert organiser_role(db_path) == []


async def test_a_manager_chooses_an_ordinary_role(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    answer = await ask(server, world, world.manager_id, "setup organiser-role", role=world.organiser_role_id)
    assert answer["content"] == t("setup.role_set", "nl", role=f"<@&{world.organiser_role_id}>")
    assert organiser_role(db_path) == [(world.organiser_role_id,)]
    assert (await ask(server, world, world.role_organiser_id, "setup show"))["embeds"]
