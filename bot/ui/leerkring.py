"""What the features need from the running bot, as a Protocol: the UI and the cogs never import the client."""

from collections.abc import Sequence
from typing import Any, Protocol

import discord
from discord.abc import GuildChannel, PrivateChannel
from discord.ext import commands
from discord.http import HTTPClient

from bot.clock import Clock
from bot.db import Database
from bot.domain.timers import TimerEngine


class Leerkring(Protocol):
    """The bot as features use it: the store, the clock and the timer engine, plus the discord.py calls they make."""

    db: Database
    clock: Clock
    timers: TimerEngine
    http: HTTPClient
    shard_count: int | None
    calendar_feed_base: str | None
    """Where calendar feeds are served (LEERKRING_PUBLIC_URL + /calendar), None without the web endpoint."""

    @property
    def application_id(self) -> int | None:
        """The bot's application id, which is also its user id."""

    @property
    def guilds(self) -> Sequence[discord.Guild]:
        """The servers the bot is in."""

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """Run every `on_<event_name>` listener, each as its own task."""

    def get_channel(self, id: int, /) -> GuildChannel | discord.Thread | PrivateChannel | None:
        """A channel or thread from the cache."""

    async def fetch_channel(self, channel_id: int, /) -> GuildChannel | PrivateChannel | discord.Thread:
        """A channel or thread from Discord."""

    def get_partial_messageable(
        self, id: int, *, guild_id: int | None = None, type: discord.ChannelType | None = None
    ) -> discord.PartialMessageable:
        """A channel to send to and edit in, known only by its id."""

    def add_dynamic_items(self, *items: type[discord.ui.DynamicItem[discord.ui.Item[Any]]]) -> None:
        """Make persistent buttons and selects work, also on messages sent before a restart."""

    async def add_cog(self, cog: commands.Cog, /) -> None:
        """Add a feature's cog: its commands, listeners and lifecycle hooks."""


def leerkring(interaction: discord.Interaction) -> Leerkring:
    """Return the bot an interaction belongs to, as the features see it."""
    return interaction.client  # type: ignore[return-value]
