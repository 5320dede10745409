"""The Bot subclass: opens the store, migrates, starts the scheduler, loads the feature packages and syncs commands."""

import logging
import pkgutil
from typing import Any

import discord
import yarl
from discord.ext import commands

import cogs
from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.db import Database
from bot.db.migrate import migrate
from bot.domain.timers import TimerEngine
from bot.scheduling import Scheduler
from bot.web.metrics import BotMetrics
from bot.web.server import WebEndpoint

log = logging.getLogger(__name__)


def point_at_discord(config: Config) -> None:
    """Aim discord.py's REST and gateway endpoints at the configured servers (a proxy or a local server)."""
    discord.http.Route.BASE = config.api_base
    if config.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.gateway_url)


def cog_extensions() -> list[str]:
    """Return the name of every package in `cogs`: each is an extension whose `setup(bot)` adds its cogs."""
    return [f"cogs.{info.name}" for info in pkgutil.iter_modules(cogs.__path__) if info.ispkg]


class LeerkringBot(commands.AutoShardedBot):
    """Leerkring's Discord client; `db` and `timers` are ready once `setup_hook` has run.

    Auto-sharded in one process: as many shards as LEERKRING_SHARDS says, else as Discord recommends. Work that
    runs "at start" listens to `on_shard_ready` and covers that shard's servers only (`bot.ui.shards`).

    With LEERKRING_HTTP set, `web` serves health, metrics and calendar feeds from `setup_hook` until `close()`.
    """

    db: Database
    timers: TimerEngine

    def __init__(self, config: Config, clock: Clock | None = None, **client_options: Any) -> None:
        self.metrics = BotMetrics(config.api_base) if config.http else None
        if self.metrics is not None:
            client_options.setdefault("http_trace", self.metrics.trace)
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        intents.guild_scheduled_events = True  # "Interested" on a session's Discord event counts as "Ik kom"
        super().__init__(
            command_prefix=[],
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            chunk_guilds_at_startup=False,
            shard_count=config.shards,
            **client_options,
        )
        self.config = config
        self.clock = clock or SystemClock()
        self.scheduler = Scheduler(self.clock)
        self.web: WebEndpoint | None = None
        self.calendar_feed_base = f"{config.public_url}/calendar" if config.http and config.public_url else None

    async def setup_hook(self) -> None:
        """Prepare everything before the gateway connects."""
        self.db = await Database.open(self.config.db_path)
        applied = await migrate(self.db)
        log.info("database %s ready (%d migrations applied)", self.config.db_path, len(applied))
        self.scheduler.start()
        self.timers = TimerEngine(self.db, self.clock, self.scheduler)
        for extension in cog_extensions():
            await self.load_extension(extension)
        await self.sync_commands()
        await self.timers.start()
        if self.config.http and self.metrics is not None:
            self.metrics.attach(self)
            self.web = WebEndpoint(self.config.http, self, self.db, self.clock, self.metrics)
            await self.web.start()
            if not self.config.public_url:
                log.warning("LEERKRING_PUBLIC_URL is not set: /setup calendar-link cannot show a feed address")

    async def sync_commands(self) -> None:
        """Register the slash commands: instantly in the development guild if one is set, else globally."""
        if self.config.dev_guild:
            guild = discord.Object(self.config.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d commands", len(synced))

    async def on_ready(self) -> None:
        """Log the connection of every shard; work that needs the gateway is done by cogs' own listeners."""
        log.info("connected as %s to %d servers over %d shards", self.user, len(self.guilds), self.shard_count or 1)

    async def on_shard_ready(self, shard_id: int) -> None:
        """Log one shard's connection."""
        log.info("shard %d of %d ready", shard_id, self.shard_count or 1)

    async def on_message(self, message: discord.Message) -> None:
        """Leerkring has no prefix commands; cogs listen to messages themselves."""

    async def close(self) -> None:
        """Stop the web endpoint, finish the timer in hand, disconnect, stop the scheduler, close the database."""
        if self.web is not None:
            await self.web.stop()
            self.web = None
        if hasattr(self, "timers"):
            await self.timers.stop()
        await super().close()
        self.scheduler.shutdown()
        if hasattr(self, "db"):
            await self.db.close()
