"""Opt-in rate limits of the fake: bucket headers on every answer, 429s past a bucket or the global limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from discord.ext import commands

from localdiscord import FakeDiscord
from localdiscord.ratelimits import RateLimits
from tests.localdiscord.test_with_discordpy import World, bot, world

__all__ = ["bot", "world"]

MESSAGES = "/channels/{channel_id}/messages"
REACTION = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_channel_bucket_refuses_the_sixth_message_until_its_window_resets() -> None:
    clock = Clock()
    limits = RateLimits(clock=clock)
    verdicts = [limits.check("POST", MESSAGES, {"channel_id": "1"}) for _ in range(6)]
    assert [v.refused for v in verdicts] == [None] * 5 + ["user"]
    assert [v.headers["X-RateLimit-Remaining"] for v in verdicts[:5]] == ["4", "3", "2", "1", "0"]
    assert verdicts[5].retry_after == pytest.approx(5.0)
    assert limits.check("POST", MESSAGES, {"channel_id": "2"}).refused is None  # another channel, another bucket
    clock.now += 5.0
    assert limits.check("POST", MESSAGES, {"channel_id": "1"}).refused is None
    assert limits.refusals == {("POST", MESSAGES, "user"): 1}


def test_the_global_limit_spans_routes_but_not_interaction_callbacks() -> None:
    clock = Clock()
    limits = RateLimits(global_per_second=3, clock=clock)
    verdicts = [limits.check("POST", MESSAGES, {"channel_id": str(n)}) for n in range(4)]
    assert [v.refused for v in verdicts] == [None, None, None, "global"]
    callback = "/interactions/{interaction_id}/{interaction_token}/callback"
    assert limits.check("POST", callback, {"interaction_id": "1", "interaction_token": "t"}).refused is None
    clock.now += 1.0
    assert limits.check("POST", MESSAGES, {"channel_id": "9"}).refused is None


async def test_headers_and_a_429_over_http(server: FakeDiscord) -> None:
    server.enforce_rate_limits()
    guild = server.add_guild(name="g")
    channel = server.add_channel(guild.id, name="c")
    message = await server.post_message(channel.id, guild.owner_id, "hallo")
    path = f"channels/{channel.id}/messages/{message['id']}/reactions/%E2%9C%85/@me"
    async with aiohttp.ClientSession(base_url=server.api_base + "/") as http:
        async with http.put(path) as first:
            assert first.status == 204
            assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("1", "0")
            assert "X-RateLimit-Bucket" in first.headers
        async with http.put(path) as second:
            body = await second.json()
            assert (second.status, body["global"], second.headers["X-RateLimit-Scope"]) == (429, False, "user")
            assert 0 < body["retry_after"] <= 0.25
    assert [r.status for r in server.requests_to("PUT", REACTION)] == [204, 429]


async def test_discordpy_waits_for_the_bucket_instead_of_hitting_429(world: World, bot: commands.Bot) -> None:
    limits = world.server.enforce_rate_limits()
    message = await bot.get_channel(world.channel_id).send("steun")
    started = time.monotonic()
    await asyncio.gather(*(message.add_reaction(emoji) for emoji in ("👍", "✅", "💡")))
    assert time.monotonic() - started >= 0.45  # three reactions, one per 0.25 s
    assert limits.refused == 0
    assert len(world.server.requests_to("PUT", REACTION)) == 3
