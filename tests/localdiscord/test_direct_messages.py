"""Direct messages in the local Discord, driven by a plain discord.py client: opening the DM channel, sending in it
(with a nonce), reading its history, and refusal with 50007 for a member who closed their DMs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest
import yarl

from localdiscord import FakeDiscord

OPEN_DM = "/users/@me/channels"


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(openapi_validation=True)
    await server.start()
    yield server
    await server.stop()
    assert server.violations == []


@pytest.fixture
async def client(server: FakeDiscord) -> AsyncIterator[discord.Client]:
    old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
    bot = discord.Client(intents=discord.Intents.default())
    try:
        await bot.login("fake-token")
        task = asyncio.create_task(bot.connect())
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        yield bot
        await bot.close()
        await task
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


async def test_a_dm_channel_is_opened_once_and_messages_arrive_in_it(
    server: FakeDiscord, client: discord.Client
) -> None:
    guild = server.add_guild(name="M50")
    anna = server.add_member(guild.id, username="anna")
    first = await client.http.start_private_message(anna.id)
    again = await client.http.start_private_message(anna.id)
    assert first["type"] == 1 and first["id"] == again["id"]
    assert [user["id"] for user in first["recipients"]] == [str(anna.id)]
    channel = client.get_partial_messageable(int(first["id"]), type=discord.ChannelType.private)
    sent = await channel.send(embed=discord.Embed(title="Je idee is opgepakt"), nonce="lk-n-1")
    repeat = await channel.send(embed=discord.Embed(title="Je idee is opgepakt"), nonce="lk-n-1")
    assert repeat.id == sent.id, "a repeat with the same nonce is dropped, as in a server channel"
    dms = server.direct_messages(anna.id)
    assert [m["embeds"][0]["title"] for m in dms] == ["Je idee is opgepakt"]
    assert "guild_id" not in dms[0] and "member" not in dms[0]
    history = [message async for message in channel.history(limit=10)]
    assert [message.id for message in history] == [sent.id]
    assert len(server.requests_to("POST", OPEN_DM)) == 2


async def test_a_member_with_closed_dms_is_refused_with_50007(server: FakeDiscord, client: discord.Client) -> None:
    guild = server.add_guild(name="M50")
    bram = server.add_member(guild.id, username="bram")
    server.close_dms(bram.id)
    data = await client.http.start_private_message(bram.id)
    channel = client.get_partial_messageable(int(data["id"]), type=discord.ChannelType.private)
    with pytest.raises(discord.Forbidden) as refused:
        await channel.send("hallo")
    assert (refused.value.status, refused.value.code) == (403, 50007)
    assert refused.value.text == "Cannot send messages to this user"
    assert server.direct_messages(bram.id) == []
    server.close_dms(bram.id, closed=False)
    await channel.send("hallo")
    assert [m["content"] for m in server.direct_messages(bram.id)] == ["hallo"]


async def test_a_user_sharing_no_server_with_the_bot_cannot_be_messaged(
    server: FakeDiscord, client: discord.Client
) -> None:
    stranger = server.add_user("stranger")
    data = await client.http.start_private_message(stranger.id)
    channel = client.get_partial_messageable(int(data["id"]), type=discord.ChannelType.private)
    with pytest.raises(discord.Forbidden) as refused:
        await channel.send("hallo")
    assert refused.value.code == 50007


async def test_an_unknown_recipient_is_refused(server: FakeDiscord, client: discord.Client) -> None:
    with pytest.raises(discord.HTTPException) as refused:
        await client.http.start_private_message(4242)
    assert (refused.value.status, refused.value.code) == (400, 50033)
