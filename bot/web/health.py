"""`/healthz`: whether the gateway is connected, the database answers and timers keep up."""

import asyncio
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

import discord

from bot.db import Database
from bot.db.operations import overdue_since

log = logging.getLogger(__name__)

DATABASE_TIMEOUT = 2.0
"""Seconds the database may take to answer before the check counts it as not answering."""


@dataclass(frozen=True)
class Health:
    """The answer of a health check; `timer_lag_seconds` is None when the database did not answer."""

    gateway_connected: bool
    database_answers: bool
    timer_lag_seconds: float | None

    @property
    def healthy(self) -> bool:
        """Connected and answering: what a supervisor's health check wants to see."""
        return self.gateway_connected and self.database_answers

    def as_json(self) -> dict[str, object]:
        """The body of `/healthz`."""
        return {"ok": self.healthy, **asdict(self)}


def gateway_connected(client: discord.Client) -> bool:
    """Whether the client's gateway sockets (every shard's) are open now (False while one reconnects)."""
    if client.is_closed():
        return False
    if isinstance(client, discord.AutoShardedClient):
        return bool(client.shards) and not any(shard.is_closed() for shard in client.shards.values())
    return client.ws is not None and client.ws.open


def timer_lag(now: datetime, overdue: datetime | None) -> float:
    """Seconds since the earliest overdue pending timer was due; 0 when none is overdue."""
    return max(0.0, (now - overdue).total_seconds()) if overdue is not None else 0.0


async def check(client: discord.Client, db: Database, now: datetime) -> Health:
    """Look at the gateway and ask the database for the earliest overdue timer (a real query)."""
    try:
        overdue = await asyncio.wait_for(overdue_since(db, now), DATABASE_TIMEOUT)
    except Exception as error:
        log.warning("health check: the database did not answer: %s", error)
        return Health(gateway_connected(client), False, None)
    return Health(gateway_connected(client), True, timer_lag(now, overdue))
