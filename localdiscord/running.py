"""Running the real bot against the local Discord-compatible server, the way `python -m bot` starts it.

Used by the end-to-end tests, the benchmarks and `python -m bot demo`.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import discord
from discord.http import Route

from bot.client import LeerkringBot, point_at_discord
from bot.clock import Clock
from bot.config import Config
from bot.runner import serve
from localdiscord import FakeDiscord

TOKEN = "local-token"
READY_WITHIN = 15


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


def config_for(
    server: FakeDiscord, db_path: Path, dev_guild: int, http: str | None = None, public_url: str | None = None
) -> Config:
    """The configuration `python -m bot` would build from the environment for this server.

    `http` (LEERKRING_HTTP, e.g. "127.0.0.1:0" for a free loopback port) turns the web endpoint on.
    """
    return Config(
        _env_file=None,  # type: ignore[call-arg]
        DISCORD_TOKEN=TOKEN,
        LEERKRING_DB=str(db_path),
        LEERKRING_DEV_GUILD=str(dev_guild),
        DISCORD_API_BASE=server.api_base,
        DISCORD_GATEWAY_URL=server.gateway_url,
        LEERKRING_HTTP=http or "",
        LEERKRING_PUBLIC_URL=public_url or "",
    )


@contextlib.asynccontextmanager
async def discord_endpoints() -> AsyncIterator[None]:
    """Restore discord.py's endpoints after a test pointed them at the local server."""
    base, gateway = Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


async def start_bot(config: Config, clock: Clock) -> RunningBot:
    """Start the bot as `python -m bot` does, and return once it is ready."""
    point_at_discord(config)
    bot = LeerkringBot(config, clock, guild_ready_timeout=0.05)
    assert config.token is not None
    stop = asyncio.Event()
    running = RunningBot(bot, asyncio.create_task(serve(bot, config.token.get_secret_value(), stop)), stop)
    ready = asyncio.create_task(bot.wait_until_ready())
    await asyncio.wait({ready, running.task}, timeout=READY_WITHIN, return_when=asyncio.FIRST_COMPLETED)
    if not ready.done():
        ready.cancel()
        raise RuntimeError(f"the bot did not become ready: {running.task}")
    return running
