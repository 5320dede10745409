"""Themes through the real client: set, offered as you type, filtered and grouped in /idea list, shown, cleared."""

from pathlib import Path

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask
from tests.e2e.test_ideas import open_prompt, stored


async def test_an_organiser_puts_ideas_under_themes_that_lists_filter_and_group_by(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await open_prompt(server, world)
    await ask(server, world, world.participant_id, "idea add", text="Tiny houses op braakliggend terrein")
    await ask(server, world, world.participant_id, "idea add", text="Een jongerenraad met eigen budget")
    await ask(server, world, world.participant_id, "idea add", text="Bankjes bij de bushalte")

    put = await ask(server, world, world.manager_id, "idea theme", id=1, theme="Wonen")
    assert put["content"] == t("idea.theme_set", "nl", id=1, theme="Wonen")
    await ask(server, world, world.manager_id, "idea theme", id=2, theme="Inspraak jongeren")
    same = await ask(server, world, world.manager_id, "idea theme", id=3, theme="wonen")
    assert same["content"] == t("idea.theme_set", "nl", id=3, theme="Wonen"), "the server's spelling"

    offered = await server.autocomplete(
        world.guild_id, world.channel_id, world.manager_id, "idea theme", {"id": 2, "theme": "won"}, focused="theme"
    )
    assert [choice["value"] for choice in offered] == ["Wonen"]

    listed = (await ask(server, world, world.participant_id, "idea list"))["embeds"][0]["description"]
    assert listed.index("Thema: Inspraak jongeren") < listed.index("#2") < listed.index("Thema: Wonen")
    assert listed.index("Thema: Wonen") < listed.index("#1") and listed.index("Thema: Wonen") < listed.index("#3")
    filtered = (await ask(server, world, world.participant_id, "idea list", theme="WONEN"))["embeds"][0]
    assert filtered["title"] == t("idea.list_title_theme", "nl", theme="Wonen")
    assert "#1" in filtered["description"] and "#3" in filtered["description"]
    assert "#2" not in filtered["description"]

    shown = (await ask(server, world, world.participant_id, "idea show", id=1))["embeds"][0]
    assert {f["name"]: f["value"] for f in shown["fields"]}["Thema"] == "Wonen"

    cleared = await ask(server, world, world.manager_id, "idea theme", id=3)
    assert cleared["content"] == t("idea.theme_cleared", "nl", id=3)
    assert stored(db_path, "SELECT id, theme FROM ideas ORDER BY id") == [
        (1, "Wonen"),
        (2, "Inspraak jongeren"),
        (3, None),
    ]


async def test_bad_theme_input_changes_nothing(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await open_prompt(server, world)
    await ask(server, world, world.participant_id, "idea add", text="Een idee")
    too_long = await ask(server, world, world.manager_id, "idea theme", id=1, theme="x" * 51)
    assert too_long["content"] == t("idea.theme_too_long", "nl", max=50, length=51)
    unknown = await ask(server, world, world.manager_id, "idea theme", id=42, theme="Wonen")
    assert unknown["content"] == t("idea.unknown", "nl", id=42)
    participant = await ask(server, world, world.participant_id, "idea theme", id=1, theme="Wonen")
    assert participant["content"] == t("auth.not_organiser", "nl")
    no_such = await ask(server, world, world.participant_id, "idea list", theme="Klimaat")
    assert no_such["content"] == t("idea.unknown_theme", "nl", theme="Klimaat")
    assert stored(db_path, "SELECT theme FROM ideas") == [(None,)]
