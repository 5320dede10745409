"""Hostile input (hypothesis) over the message paths (reply, thread message, edit, delete, 👍) and the idea form.

The same properties as `test_hostile_input`: the bot deals with every event and answers every form; never with the
generic apology; the fake recorded no Discord-limit or schema violation; nothing the bot sent pings anyone; and what
is stored is what the one sanitiser lets through, within the limit.
"""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ideas import TEXT_MAX
from bot.i18n import t
from bot.text import sanitise
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World
from tests.e2e.test_ideas import Handled, open_prompt
from tests.reliability.catalogue import is_catalogue_text
from tests.reliability.test_hostile_input import FUZZ, hostile_text, mentions_problems

GENERIC = {t("errors.generic", "nl"), t("errors.generic", "en")}


class Paths:
    """A posted prompt, and the checks run on everything the bot did after one member action."""

    def __init__(self, server: FakeDiscord, world: World, prompt: dict[str, Any], handled: Handled, db: Path) -> None:
        self.server, self.world, self.prompt, self.handled, self.db = server, world, prompt, handled, db

    @property
    def message_id(self) -> int:
        """The prompt's message (its thread has the same id)."""
        return int(self.prompt["id"])

    def check_what_the_bot_did(self, mark: int, known: int, action: str) -> None:
        assert self.server.violations[known:] == [], action
        problems = [p for r in self.server.requests[mark:] for p in mentions_problems(r, set())]
        assert problems == [], action

    def stored_texts(self) -> list[str]:
        with sqlite3.connect(self.db) as db:
            return [row[0] for row in db.execute("SELECT text FROM ideas")]


@pytest.fixture
async def paths(server: FakeDiscord, world: World, running: RunningBot, db_path: Path) -> Paths:
    return Paths(server, world, await open_prompt(server, world), Handled(running), db_path)


@FUZZ
@given(first=hostile_text, edited=hostile_text, in_thread=st.booleans())
async def test_a_message_its_edit_support_and_deletion(paths: Paths, first: str, edited: str, in_thread: bool) -> None:
    server, world = paths.server, paths.world
    mark, known = server.mark(), len(server.violations)
    if in_thread:
        message = await server.post_message(paths.message_id, world.participant_id, first)
    else:
        message = await server.post_message(world.channel_id, world.participant_id, first, reply_to=paths.message_id)
    channel_id = paths.message_id if in_thread else world.channel_id
    await paths.handled.wait(message["id"])
    await server.edit_message(channel_id, int(message["id"]), edited)
    await paths.handled.wait(message["id"], count=2)
    await server.add_reaction(channel_id, int(message["id"]), world.english_participant_id, "👍")
    await paths.handled.wait(message["id"], reactions=True)
    await server.delete_message(channel_id, int(message["id"]))
    await paths.handled.wait(message["id"], count=3)
    paths.check_what_the_bot_did(mark, known, f"message {first!r} edited to {edited!r}")
    for text in paths.stored_texts():
        assert sanitise(text) == text and text == text.strip() and 0 < len(text) <= TEXT_MAX, text


@FUZZ
@given(text=hostile_text)
async def test_the_idea_form(paths: Paths, text: str) -> None:
    server, world = paths.server, paths.world
    mark, known = server.mark(), len(server.violations)
    button = "leerkring:idea:submit:1"
    click = await server.click(world.guild_id, world.channel_id, world.participant_id, paths.message_id, button)
    await click.response()
    form = click.modal()
    submitted = await server.submit_modal(
        world.guild_id, world.channel_id, world.participant_id, form["custom_id"], {"text": text}
    )
    answer = await submitted.final_message()
    assert submitted.ephemeral, text
    content = answer.get("content")
    assert content not in GENERIC, text
    assert content or answer.get("embeds"), text
    if content and not answer.get("embeds"):
        assert is_catalogue_text(content), (text, content)
    paths.check_what_the_bot_did(mark, known, f"form {text!r}")
    for stored in paths.stored_texts():
        assert sanitise(stored) == stored and 0 < len(stored) <= TEXT_MAX, stored
