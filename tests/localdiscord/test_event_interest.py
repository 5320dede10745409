"""Interest in scheduled events as the fake serves it: the paged users route, and the intent its events need."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from localdiscord import FakeDiscord
from localdiscord.gateway import GUILD_SCHEDULED_EVENTS_INTENT, GatewaySession, shard_of

EVENT_BODY = {
    "name": "Bijeenkomst",
    "privacy_level": 2,
    "entity_type": 3,
    "scheduled_start_time": "2030-01-01T18:00:00+00:00",
    "scheduled_end_time": "2030-01-01T20:00:00+00:00",
    "entity_metadata": {"location": "Bibliotheek"},
}


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()
    assert fake.violations == []


@pytest.fixture
async def http(server: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=server.api_base + "/") as session:
        yield session


async def test_interested_users_come_by_id_paged_with_members(server: FakeDiscord, http: aiohttp.ClientSession) -> None:
    guild = server.add_guild(name="g")
    members = [server.add_member(guild.id, username=f"m{n}").id for n in range(5)]
    async with http.post(f"guilds/{guild.id}/scheduled-events", json=EVENT_BODY) as response:
        event = await response.json()
    for member in reversed(members):
        await server.mark_interested(guild.id, int(event["id"]), member)
    await server.mark_interested(guild.id, int(event["id"]), members[4], interested=False)
    url = f"guilds/{guild.id}/scheduled-events/{event['id']}/users"
    async with http.get(url, params={"limit": "2", "with_member": "true"}) as response:
        first = await response.json()
    assert [row["user"]["id"] for row in first] == [str(m) for m in members[:2]]
    assert all(row["guild_scheduled_event_id"] == event["id"] and "member" in row for row in first)
    async with http.get(url, params={"limit": "2", "after": first[-1]["user"]["id"]}) as response:
        second = await response.json()
    assert [row["user_id"] for row in second] == [str(m) for m in members[2:4]]
    assert "member" not in second[0]
    async with http.get(f"guilds/{guild.id}/scheduled-events") as response:
        [listed] = await response.json()
    assert listed["user_count"] == 4


def test_interest_events_need_the_scheduled_events_intent_and_go_to_the_guilds_shard() -> None:
    guild_id = 1 << 40
    payload = {"guild_scheduled_event_id": "9", "user_id": "8", "guild_id": str(guild_id)}
    without = GatewaySession(None, intents=(1 << 0) | (1 << 9))  # type: ignore[arg-type]
    with_intent = GatewaySession(None, intents=GUILD_SCHEDULED_EVENTS_INTENT)  # type: ignore[arg-type]
    assert not without.receives("GUILD_SCHEDULED_EVENT_USER_ADD", payload)
    assert without.receives("MESSAGE_CREATE", payload)
    assert with_intent.receives("GUILD_SCHEDULED_EVENT_USER_REMOVE", payload)
    home = shard_of(guild_id, 2)
    on_shard = GatewaySession(None, GUILD_SCHEDULED_EVENTS_INTENT, (home, 2))  # type: ignore[arg-type]
    elsewhere = GatewaySession(None, GUILD_SCHEDULED_EVENTS_INTENT, (1 - home, 2))  # type: ignore[arg-type]
    assert on_shard.receives("GUILD_SCHEDULED_EVENT_USER_ADD", payload)
    assert not elsewhere.receives("GUILD_SCHEDULED_EVENT_USER_ADD", payload)
