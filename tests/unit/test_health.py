"""The health check's parts that the end-to-end tests cannot reach: a database that does not answer."""

from pathlib import Path

import discord

from bot.clock import ManualClock
from bot.db import Database
from bot.db.migrate import migrate
from bot.web import health


async def test_a_closed_database_and_no_gateway_are_unhealthy(tmp_path: Path, clock: ManualClock) -> None:
    db = await Database.open(tmp_path / "leerkring.db")
    await migrate(db)
    client = discord.Client(intents=discord.Intents.none())
    answering = await health.check(client, db, clock.now())
    assert (answering.gateway_connected, answering.database_answers, answering.timer_lag_seconds) == (False, True, 0)
    await db.close()
    closed = await health.check(client, db, clock.now())
    assert not closed.healthy
    assert closed.as_json() == {
        "ok": False,
        "gateway_connected": False,
        "database_answers": False,
        "timer_lag_seconds": None,
    }
    await client.close()
