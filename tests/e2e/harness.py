"""The test world (a server with organisers and participants) and acting in it; starting the bot lives in
`localdiscord.running`."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from localdiscord import FakeDiscord
from localdiscord.running import TOKEN, RunningBot, config_for, discord_endpoints, start_bot

__all__ = [
    "TOKEN",
    "Launcher",
    "RunningBot",
    "World",
    "add_idea",
    "ask",
    "config_for",
    "discord_endpoints",
    "populate",
    "start_bot",
]
MANAGE_GUILD = 1 << 5


@dataclass
class World:
    """A server with the people the tests act as."""

    guild_id: int
    channel_id: int
    organiser_role_id: int
    manager_id: int
    participant_id: int
    role_organiser_id: int
    english_participant_id: int


def populate(server: FakeDiscord, guild_id: int | None = None) -> World:
    """Create the M50 server with an organiser role, a manager, participants and a channel (`guild_id`: its id)."""
    guild = server.add_guild(name="M50 Leerkring", guild_id=guild_id)
    managers = server.add_role(guild.id, name="Beheer", permissions=MANAGE_GUILD)
    organisers = server.add_role(guild.id, name="Organisatie", permissions=0)
    channel = server.add_channel(guild.id, name="leerkring", type=0)
    manager = server.add_member(guild.id, username="marieke", roles=[managers.id], locale="nl")
    participant = server.add_member(guild.id, username="pieter", roles=[], locale="nl")
    role_organiser = server.add_member(guild.id, username="olga", roles=[organisers.id], locale="nl")
    english = server.add_member(guild.id, username="emma", roles=[], locale="en-GB")
    return World(guild.id, channel.id, organisers.id, manager.id, participant.id, role_organiser.id, english.id)


async def ask(server: FakeDiscord, world: World, user_id: int, command: str, **options: Any) -> dict[str, Any]:
    """Invoke a slash command as `user_id` and return the bot's (ephemeral) answer as finally shown."""
    result = await server.invoke_command(world.guild_id, world.channel_id, user_id, command, options=options)
    answer = await result.final_message()
    assert result.ephemeral, answer
    return answer


async def add_idea(server: FakeDiscord, world: World, user_id: int, **options: Any) -> dict[str, Any]:
    """`/idea add` as `user_id` (it is added); its answer, returned once the idea's copy is posted too (the copy
    follows the answer)."""
    mark = server.mark()
    answer = await ask(server, world, user_id, "idea add", **options)
    await server.wait_for_request(
        "POST",
        "/channels/{channel_id}/messages",
        predicate=lambda request: "leerkring:idea:support:" in str(request.json),
        after=mark,
    )
    return answer


Launcher = Callable[[], Awaitable[RunningBot]]
