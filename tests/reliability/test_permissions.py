"""Permissions matrix: every organiser-only command is refused for a participant and allowed for organisers
(choosing the organiser role: for members with Manage Server only).

The synced command tree is the source: a synced command that is in neither table below fails the suite, so
every new command must be classified here.
"""

from typing import Any

import pytest

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask

ORGANISER_ONLY = {
    "setup show",
    "setup organiser-role",
    "setup language",
    "setup timezone",
    "setup reminders",
    "setup retention",
    "setup audit",
    "setup calendar-link",
    "session create",
    "session edit",
    "session cancel",
    "session close",
    "reminder add",
    "reminder list",
    "reminder cancel",
    "prompt open",
    "prompt close",
    "idea status",
    "idea theme",
    "idea merge",
    "hosts call",
    "hosts confirm",
    "signup open",
    "signup close",
    "report",
    "export",
}
ANYONE = {
    "profile municipality",
    "profile organisation",
    "profile show",
    "profile notifications",
    "profile reminders",
    "session list",
    "session show",
    "session attend",
    "session ics",
    "prompt list",
    "idea add",
    "idea list",
    "idea show",
    "idea edit",
    "idea withdraw",
    "hosts list",
    "signup list",
    "network",
    "resource add",
    "resource list",
    "resource remove",
    "privacy export",
    "privacy delete",
}
MANAGERS_ONLY = {"setup organiser-role": "setup.role_needs_manager"}  # organisers through the role are refused
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
MODAL = 9
STRING, INTEGER, BOOLEAN, CHANNEL, ROLE = 3, 4, 5, 7, 8
TEXT_VALUES = {
    "starts": "10-12-2026 19:30",
    "title": "Matrix",
    "tz": "Europe/Amsterdam",
    "offsets": "7d,1d",
    "when": "2d",
    "question": "Wat gaan jullie proberen?",
    "text": "Een idee",
    "name": "GM0262",
}


async def answer_or_form(
    server: FakeDiscord, world: World, user_id: int, command: str, **options: Any
) -> dict[str, Any]:
    """The bot's private answer to a command, or the form it opened (a form is no refusal)."""
    result = await server.invoke_command(world.guild_id, world.channel_id, user_id, command, options=options)
    if (await result.response())["type"] == MODAL:
        return result.modal()
    answer = await result.final_message()
    assert result.ephemeral, answer
    return answer


def synced_leaves(server: FakeDiscord, guild_id: int) -> dict[str, dict[str, Any]]:
    """Every invocable command path ('group sub') in the synced tree, with its definition."""
    leaves: dict[str, dict[str, Any]] = {}

    def walk(path: str, node: dict[str, Any]) -> None:
        subs = [o for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if not subs:
            leaves[path] = node
        for sub in subs:
            walk(f"{path} {sub['name']}", sub)

    for command in server.synced_commands(guild_id):
        walk(command["name"], command)
    return leaves


def required_options(definition: dict[str, Any], world: World) -> dict[str, Any]:
    """Plausible values for a command's required options, so an organiser gets past the argument stage."""
    values: dict[str, Any] = {}
    for option in definition.get("options") or []:
        if not option.get("required"):
            continue
        name, kind = option["name"], option["type"]
        if option.get("choices"):
            values[name] = option["choices"][0]["value"]
        elif kind == STRING:
            values[name] = TEXT_VALUES.get(name, "x")
        elif kind == INTEGER:
            values[name] = 1
        elif kind == BOOLEAN:
            values[name] = True
        elif kind == CHANNEL:
            values[name] = world.channel_id
        elif kind == ROLE:
            values[name] = world.organiser_role_id
        else:
            raise AssertionError(f"option type {kind} of {name!r}: add a value to required_options")
    return values


async def test_every_synced_command_is_classified(server: FakeDiscord, world: World, running: RunningBot) -> None:
    synced = set(synced_leaves(server, world.guild_id))
    assert synced - ORGANISER_ONLY - ANYONE == set(), "classify these commands in ORGANISER_ONLY or ANYONE"
    assert not ORGANISER_ONLY & ANYONE
    print(f"\npermissions matrix: {len(synced & ORGANISER_ONLY)} organiser-only, {len(synced & ANYONE)} open commands")


@pytest.mark.parametrize("command", sorted(ORGANISER_ONLY))
async def test_organiser_command_is_refused_for_a_participant_and_allowed_for_organisers(
    server: FakeDiscord, world: World, running: RunningBot, command: str
) -> None:
    leaves = synced_leaves(server, world.guild_id)
    if command not in leaves:
        pytest.skip(f"/{command} is not built yet")
    await ask(server, world, world.manager_id, "setup organiser-role", role=world.organiser_role_id)
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    options = required_options(leaves[command], world)
    refused = t("auth.not_organiser", "nl")

    for participant in (world.participant_id, world.english_participant_id):
        answer = await ask(server, world, participant, command, **options)
        language = "en" if participant == world.english_participant_id else "nl"
        assert answer.get("content") == t("auth.not_organiser", language), (command, answer)

    if command in MANAGERS_ONLY:
        answer = await ask(server, world, world.role_organiser_id, command, **options)
        assert answer.get("content") == t(MANAGERS_ONLY[command], "nl"), (command, answer)
    organisers = (world.manager_id,) if command in MANAGERS_ONLY else (world.role_organiser_id, world.manager_id)
    for organiser in organisers:
        answer = await answer_or_form(server, world, organiser, command, **options)
        assert answer.get("content") != refused, (command, organiser)
        assert answer.get("content") != t("errors.generic", "nl"), (command, answer)
        assert answer.get("content") or answer.get("embeds") or answer.get("components"), (command, answer)
