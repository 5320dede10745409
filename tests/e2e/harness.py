"""Starting the real bot against the local Discord-compatible server, the way `python -m bot` does."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord.http import Route

from bot.client import LeerkringBot, point_at_discord
from bot.clock import ManualClock
from bot.config import Config
from bot.fakediscord import FakeDiscord
from bot.runner import serve

TOKEN = "test-token"
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


@dataclass
class RunningBot:
    """A bot serving in the background, stopped by setting `stop`."""

    bot: LeerkringBot
    task: "asyncio.Task[int]"
    stop: asyncio.Event

    async def shutdown(self) -> int:
        """Stop the bot as SIGTERM would, and return its exit code."""
        self.stop.set()
        return await asyncio.wait_for(self.task, timeout=10)


def populate(server: FakeDiscord) -> World:
    """Create the M50 server with an organiser role, a manager, participants and a channel."""
    guild = server.add_guild(name="M50 Leerkring")
    managers = server.add_role(guild.id, name="Beheer", permissions=MANAGE_GUILD)
    organisers = server.add_role(guild.id, name="Organisatie", permissions=0)
    channel = server.add_channel(guild.id, name="leerkring", type=0)
    manager = server.add_member(guild.id, username="marieke", roles=[managers.id], locale="nl")
    participant = server.add_member(guild.id, username="pieter", roles=[], locale="nl")
    role_organiser = server.add_member(guild.id, username="olga", roles=[organisers.id], locale="nl")
    english = server.add_member(guild.id, username="emma", roles=[], locale="en-GB")
    return World(guild.id, channel.id, organisers.id, manager.id, participant.id, role_organiser.id, english.id)


def config_for(server: FakeDiscord, db_path: Path, dev_guild: int) -> Config:
    """The configuration `python -m bot` would build from the environment for this server."""
    return Config(
        _env_file=None,  # type: ignore[call-arg]
        DISCORD_TOKEN=TOKEN,
        LEERKRING_DB=str(db_path),
        LEERKRING_DEV_GUILD=str(dev_guild),
        DISCORD_API_BASE=server.api_base,
        DISCORD_GATEWAY_URL=server.gateway_url,
    )


@contextlib.asynccontextmanager
async def discord_endpoints() -> AsyncIterator[None]:
    """Restore discord.py's endpoints after a test pointed them at the local server."""
    base, gateway = Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


async def start_bot(config: Config, clock: ManualClock) -> RunningBot:
    """Start the bot as `python -m bot` does, and return once it is ready."""
    point_at_discord(config)
    bot = LeerkringBot(config, clock, guild_ready_timeout=0.05)
    assert config.token is not None
    stop = asyncio.Event()
    running = RunningBot(bot, asyncio.create_task(serve(bot, config.token.get_secret_value(), stop)), stop)
    ready = asyncio.create_task(bot.wait_until_ready())
    await asyncio.wait({ready, running.task}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if not ready.done():
        ready.cancel()
        raise AssertionError(f"bot did not become ready: {running.task}")
    return running


async def ask(server: FakeDiscord, world: World, user_id: int, command: str, **options: Any) -> dict[str, Any]:
    """Invoke a slash command as `user_id` and return the bot's (ephemeral) answer as finally shown."""
    result = await server.invoke_command(world.guild_id, world.channel_id, user_id, command, options=options)
    answer = await result.final_message()
    assert result.ephemeral, answer
    return answer


Launcher = Callable[[], Awaitable[RunningBot]]
