"""A modified client sends custom_ids the bot never made: ids of another server, ids of nothing, ids out of range.

Every custom_id the bot handles is built from its registered dynamic items' templates (plus the forms answered
by custom_id), so a new button or select is covered as soon as it is registered, and the test fails until its
expected refusal is named in `REFUSALS` (a new form: in `FORMS`). Each forged click must get a localised
ephemeral refusal and change nothing: the database is the same before and after, and no channel message is
created, edited or deleted.
"""

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.i18n import t
from bot.ui.custom_ids import ID, MAX_ID
from cogs.hosts._views import FORMS as HOST_FORMS
from cogs.hosts._views import MUNICIPALITY_FORM, NOTE_FORM
from cogs.ideas._views import FORM_ID
from cogs.sessions._record import FORMS as SESSION_FORMS
from cogs.sessions._record import RECORD_FORM
from cogs.signups._views import FORMS as SIGNUP_FORMS
from cogs.signups._views import MUNICIPALITY_FORM as SIGNUP_MUNICIPALITY_FORM
from cogs.signups._views import NOTE_FORM as SIGNUP_NOTE_FORM
from localdiscord import FakeDiscord, InteractionResult
from tests.e2e.harness import Launcher, RunningBot, World, ask

BUTTON, SELECT = "button", "select"
# per dynamic item class: its component, and the catalogue key of its "unknown …" refusal (an id parameter)
REFUSALS = {
    "RsvpButton": (BUTTON, "session.unknown"),
    "CheckinButton": (BUTTON, "session.unknown"),
    "SubmitIdeaButton": (BUTTON, "prompt.unknown"),
    "SupportButton": (BUTTON, "idea.unknown"),
    "WithdrawSupportButton": (BUTTON, "idea.unknown"),
    "SupportAlikeButton": (BUTTON, "idea.choice_gone"),
    "SubmitAnywayButton": (BUTTON, "idea.choice_gone"),
    "CallButton": (BUTTON, "hosts.unknown_call"),
    "SessionChoice": (SELECT, "hosts.unknown_call"),
    "SignupButton": (BUTTON, "signups.unknown_call"),
}
FORM = "modal"
# every form answered by its custom_id: the custom_id (`{id}` for the id), the typed fields, the refusal
FORMS = {
    FORM_ID: ("leerkring:idea:form:{id}", {"text": "Een idee"}, "prompt.unknown"),
    NOTE_FORM: ("leerkring:hosts:note:{id}:1", {"note": "Zaal voor 40"}, "hosts.unknown_call"),
    MUNICIPALITY_FORM: ("leerkring:hosts:municipality:{id}", {"municipality": "GM0262"}, "hosts.unknown_call"),
    RECORD_FORM: ("leerkring:session:record:{id}", {"notes": "Vervalst"}, "session.unknown"),
    SIGNUP_NOTE_FORM: ("leerkring:signup:note:{id}", {"note": "Contact: Anouk"}, "signups.unknown_call"),
    SIGNUP_MUNICIPALITY_FORM: (
        "leerkring:signup:municipality:{id}",
        {"municipality": "GM0262"},
        "signups.unknown_call",
    ),
}
OUT_OF_RANGE = ["99999999999999999999", str(MAX_ID + 1), "0", "000"]
NOTHING = ["424242", str(MAX_ID)]


@dataclass(frozen=True)
class Handled:
    """One custom_id form the bot answers: `{id}` marks where the id goes."""

    custom_id: str
    kind: str
    refusal: str
    fields: tuple[tuple[str, str], ...] = ()


def spelled_out(pattern: str) -> set[str]:
    """Every custom_id a template matches, with `{id}` for its id: the id group and (a|b) choices spelled out."""
    pattern = re.sub(rf"\(\?P<\w+>{re.escape(ID)}\)", "{id}", pattern)
    choice = re.search(r"\(\?(?:P<\w+>|:)([a-z|]+)\)", pattern)
    if choice is None:
        assert re.fullmatch(r"[a-z:]*\{id\}[a-z:]*", pattern), f"{pattern!r}: write the id as bot.ui.custom_ids.ID"
        return {pattern}
    head, tail = pattern[: choice.start()], pattern[choice.end() :]
    return set().union(*(spelled_out(head + option + tail) for option in choice[1].split("|")))


def registered_items(running: RunningBot) -> dict[str, re.Pattern[str]]:
    """The dynamic item classes the bot dispatches clicks to, by name, with their templates."""
    store = running.bot._connection._view_store
    return {item.__name__: pattern for pattern, item in store._dynamic_items.items()}


def handled_custom_ids(running: RunningBot) -> list[Handled]:
    """Every custom_id form the bot answers: its registered dynamic items and the forms answered by custom_id."""
    items = registered_items(running)
    assert set(items) == set(REFUSALS), "name the refusal of every dynamic item in REFUSALS"
    handled = [
        Handled(custom_id, *REFUSALS[name])
        for name, pattern in items.items()
        for custom_id in spelled_out(pattern.pattern)
    ]
    answered = set(HOST_FORMS) | set(SIGNUP_FORMS) | set(SESSION_FORMS)
    assert answered <= set(FORMS), "name every form answered by custom_id in FORMS"
    for pattern, (custom_id, fields, refusal) in FORMS.items():
        assert pattern.fullmatch(custom_id.format(id=1)), (pattern, custom_id)
        handled.append(Handled(custom_id, FORM, refusal, tuple(fields.items())))
    return sorted(handled, key=lambda h: h.custom_id)


def database(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    with sqlite3.connect(db_path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}


class Forger:
    """Acts as a modified client in one channel: clicks components carrying any custom_id, submits any form."""

    def __init__(
        self, server: FakeDiscord, running: RunningBot, guild_id: int, channel_id: int, user_id: int, language: str
    ) -> None:
        self.server, self.running, self.language = server, running, language
        self.guild_id, self.channel_id, self.user_id = guild_id, channel_id, user_id

    async def message_with(self, handled: Handled, custom_id: str, values: list[str]) -> int:
        """A message of the bot's in the channel carrying a component with this custom_id (as a forged one would)."""
        component: discord.ui.Item[discord.ui.View]
        if handled.kind == SELECT:
            component = discord.ui.Select(custom_id=custom_id, options=[discord.SelectOption(label=v) for v in values])
        else:
            component = discord.ui.Button(label="x", custom_id=custom_id)
        view = discord.ui.View(timeout=None)
        view.add_item(component)
        view.stop()  # not kept in discord.py's view store: only the bot's own handlers may answer the click
        message = await self.running.bot.get_partial_messageable(self.channel_id).send(view=view)
        return message.id

    async def send(
        self, handled: Handled, custom_id: str, message_id: int | None, values: list[str]
    ) -> InteractionResult:
        """Submit the form, or click the component on the message carrying it."""
        if message_id is None:
            return await self.server.submit_modal(
                self.guild_id, self.channel_id, self.user_id, custom_id, dict(handled.fields)
            )
        picked = values if handled.kind == SELECT else None
        return await self.server.click(self.guild_id, self.channel_id, self.user_id, message_id, custom_id, picked)

    async def refused(self, db_path: Path, handled: Handled, number: str, shown: int, values: list[str]) -> None:
        """Send it with `number` as its id; the answer must be the refusal for id `shown`, and nothing may change."""
        custom_id = handled.custom_id.format(id=number)
        message_id = None if handled.kind == FORM else await self.message_with(handled, custom_id, values)
        before, channel_before, mark = database(db_path), self.server.messages(self.channel_id), self.server.mark()
        result = await self.send(handled, custom_id, message_id, values)
        answer = await result.final_message()
        what = (handled.custom_id, number)
        assert result.ephemeral, what
        assert answer.get("content") == t(handled.refusal, self.language, id=shown), (what, answer)
        assert database(db_path) == before, what
        assert self.server.messages(self.channel_id) == channel_before, what
        written = [r for r in self.server.requests[mark:] if r.path.startswith("/channels/") and r.method != "GET"]
        assert written == [], (what, written)


async def follow_up_in(server: FakeDiscord, world: World) -> None:
    """Server A: a session, an open prompt with an idea, an alike idea waiting for its author's choice, an open host
    call and an open sign-up call, all with id 1."""
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    await ask(server, world, world.manager_id, "prompt open", question="Wat gaan jullie proberen?")
    await ask(server, world, world.participant_id, "idea add", text="Een experiment met deelauto's")
    question = await ask(server, world, world.english_participant_id, "idea add", text="Experiment met deelauto's")
    assert question["components"], "the duplicate question, with its choices"
    await ask(server, world, world.manager_id, "hosts call", sessions="1")
    await ask(server, world, world.manager_id, "signup open", question="Wie doet mee?")
    await ask(server, world, world.participant_id, "profile municipality", name="GM0262")


@pytest.fixture
async def forger_in_a(server: FakeDiscord, world: World, running: RunningBot) -> Forger:
    await follow_up_in(server, world)
    return Forger(server, running, world.guild_id, world.channel_id, world.english_participant_id, "en")


async def test_ids_of_another_server_are_refused(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    other = server.add_guild(name="Andere kring")
    channel = server.add_channel(other.id, name="algemeen")
    member = server.add_member(other.id, username="bram", locale="nl")
    running = await launch()
    await follow_up_in(server, world)
    forger = Forger(server, running, other.id, channel.id, member.id, "nl")
    for handled in handled_custom_ids(running):
        await forger.refused(db_path, handled, "1", 1, ["1"])


async def test_ids_of_nothing_are_refused(forger_in_a: Forger, db_path: Path, running: RunningBot) -> None:
    for handled in handled_custom_ids(running):
        for number in NOTHING:
            await forger_in_a.refused(db_path, handled, number, int(number), ["1"])


async def test_ids_out_of_range_are_refused(forger_in_a: Forger, db_path: Path, running: RunningBot) -> None:
    for handled in handled_custom_ids(running):
        for number in OUT_OF_RANGE:
            await forger_in_a.refused(db_path, handled, number, 0, ["1"])


async def test_select_values_out_of_range_change_nothing(
    forger_in_a: Forger, db_path: Path, server: FakeDiscord, world: World
) -> None:
    unpick = Handled("leerkring:hosts:unpick:{id}", SELECT, "hosts.withdrawn")
    custom_id = unpick.custom_id.format(id="1")
    participant = Forger(server, forger_in_a.running, world.guild_id, world.channel_id, world.participant_id, "nl")
    values = ["99999999999999999999", "-1", "١"]
    message_id = await participant.message_with(unpick, custom_id, values)
    before, mark = database(db_path), server.mark()
    result = await server.click(world.guild_id, world.channel_id, world.participant_id, message_id, custom_id, values)
    answer = await result.final_message()
    assert result.ephemeral and answer["content"] == t("hosts.withdrawn", "nl", municipality="Lochem", count=0)
    assert database(db_path) == before
    assert [r for r in server.requests[mark:] if r.path.startswith("/channels/")] == []
