"""Member text in the bot's embeds shows as typed: never a heading, a masked link, an image or bold of its own."""

import discord

from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, add_idea, ask
from tests.e2e.test_ideas import open_prompt

MARKUP = "# Nep-kop\n[Stemformulier](https://phish.invalid/login) **vet** > citaat\n- lijst"


def embeds_of(server: FakeDiscord, world: World, channel_id: int) -> list[dict[str, object]]:
    return [embed for message in server.messages(channel_id) for embed in message["embeds"]]


async def test_an_idea_and_its_list_show_member_markup_as_text(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    prompt = await open_prompt(server, world)
    await add_idea(server, world, world.participant_id, text=MARKUP)
    [copy] = [e for e in embeds_of(server, world, int(prompt["id"])) if str(e.get("title", "")).startswith("Idee #")]
    assert copy["description"] == discord.utils.escape_markdown(MARKUP)
    listed = await ask(server, world, world.participant_id, "idea list")
    description = listed["embeds"][0]["description"]
    assert "\\[Stemformulier]" in description and "\\*\\*vet\\*\\*" in description and "\\# Nep-kop" in description


async def test_a_session_description_and_place_show_as_typed(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await ask(
        server,
        world,
        world.manager_id,
        "session create",
        title="Leerkring juni",
        starts="25-06-2027 14:00",
        location="[Raadzaal](https://phish.invalid)",
        description=MARKUP,
    )
    [announcement] = [e for e in embeds_of(server, world, world.channel_id) if e.get("title") == "Leerkring juni"]
    assert announcement["description"] == discord.utils.escape_markdown(MARKUP)
    place = next(field for field in announcement["fields"] if "Raadzaal" in field["value"])  # type: ignore[union-attr]
    assert place["value"] == "\\[Raadzaal](https://phish.invalid)"
