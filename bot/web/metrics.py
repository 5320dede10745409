"""`/metrics`: Prometheus text on a registry of the bot's own.

What the database keeps (ideas by source, reminders by outcome, timer lag) is read from it at every scrape,
so a restart resets nothing; what only this process sees (interactions, Discord's responses, gateway
latency) is counted here.
"""

import math
from collections.abc import Iterator
from datetime import datetime
from types import SimpleNamespace

import aiohttp
import discord
from discord.ext import commands
from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.db import Database
from bot.db.operations import StoredCounts, stored_counts
from bot.errors import INTERACTION_OUTCOME, OK
from bot.web.health import timer_lag

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _Sampled(Collector):
    """The values read for one scrape: from the database, and the gateway's latency."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._counts: StoredCounts | None = None
        self._now: datetime | None = None

    def sample(self, counts: StoredCounts, now: datetime) -> None:
        """Keep what the database answered for the scrape about to be rendered."""
        self._counts, self._now = counts, now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The families of the latest sample (nothing before the first)."""
        latency = self._client.latency
        yield GaugeMetricFamily(
            "leerkring_gateway_latency_seconds",
            "Time between the gateway's last heartbeat and its acknowledgement",
            value=latency if math.isfinite(latency) else math.nan,
        )
        if self._counts is None or self._now is None:
            return
        ideas = GaugeMetricFamily(
            "leerkring_ideas_stored", "Ideas in the database, by how they came in", labels=["source"]
        )
        for source, count in sorted(self._counts.ideas_by_source.items()):
            ideas.add_metric([source], count)
        yield ideas
        reminders = GaugeMetricFamily(
            "leerkring_reminders", "Session reminders in the database that ended, by outcome", labels=["outcome"]
        )
        for outcome, count in sorted(self._counts.reminders_by_outcome.items()):
            reminders.add_metric([outcome], count)
        yield reminders
        yield GaugeMetricFamily(
            "leerkring_timer_lag_seconds",
            "Seconds since the earliest overdue pending timer was due (0 when none is overdue)",
            value=timer_lag(self._now, self._counts.overdue_since),
        )


class BotMetrics:
    """The bot's registry; `trace` goes to discord.py's HTTP session to count Discord's responses."""

    def __init__(self, api_base: str) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self._api_base = api_base
        self.interactions = Counter(
            "leerkring_interactions",
            "Interactions answered, by command and outcome (ok, refused, error)",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.discord_responses = Counter(
            "leerkring_discord_responses",
            "Responses from Discord's REST API, by HTTP status (429: rate limited)",
            ["status"],
            registry=self.registry,
        )
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_end.append(self._response)
        self._sampled: _Sampled | None = None

    def attach(self, bot: commands.Bot | commands.AutoShardedBot) -> None:
        """Count the bot's interactions and read its gateway latency."""
        self._sampled = _Sampled(bot)
        self.registry.register(self._sampled)
        bot.add_listener(self._command_completed, "on_app_command_completion")
        bot.add_listener(self._interaction_answered, f"on_{INTERACTION_OUTCOME}")

    async def render(self, db: Database, now: datetime) -> bytes:
        """The Prometheus text of every metric, with the database's counts read now."""
        if self._sampled is not None:
            self._sampled.sample(await stored_counts(db, now), now)
        return generate_latest(self.registry)

    async def _response(
        self, session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
    ) -> None:
        if str(params.url).startswith(self._api_base):
            self.discord_responses.labels(str(params.response.status)).inc()

    async def _command_completed(self, interaction: discord.Interaction, command: object) -> None:
        self._count(interaction, OK)

    async def _interaction_answered(self, interaction: discord.Interaction, outcome: str) -> None:
        self._count(interaction, outcome)

    def _count(self, interaction: discord.Interaction, outcome: str) -> None:
        command = interaction.command.qualified_name if interaction.command else interaction.type.name
        self.interactions.labels(command, outcome).inc()
