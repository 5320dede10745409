"""Hooks of the fake for the reliability suite: counting IDENTIFYs, and Discord's 3 s interaction deadline."""

from __future__ import annotations

import asyncio

from discord.ext import commands

from tests.localdiscord.test_with_discordpy import CALLBACK, World, _sync_global, bot, world

__all__ = ["bot", "world"]


async def test_identify_count_and_waiting_for_a_new_session(world: World, bot: commands.Bot) -> None:
    assert world.server.identify_count == 1
    await world.server.drop_connections()  # a RESUME is not a new session
    await asyncio.wait_for(bot.wait_for("resumed"), 5)
    assert world.server.identify_count == 1
    seen = world.server.identify_count
    await world.server.invalidate_sessions(resumable=False)
    await world.server.wait_for_identify(after=seen, timeout=10)
    assert world.server.identify_count == 2


async def test_a_callback_after_the_interaction_deadline_is_unknown(world: World, bot: commands.Bot) -> None:
    await _sync_global(bot)
    world.server.state.interaction_deadline_seconds = 0.0
    result = await world.server.invoke_command(
        world.guild_id, world.channel_id, world.anna_id, "profile municipality", options={"name": "Meppel"}
    )
    refused = await world.server.wait_for_request("POST", CALLBACK)
    assert (refused.status, result.callback, result.late_callbacks) == (404, None, 1)

    world.server.state.interaction_deadline_seconds = 3.0
    in_time = await world.server.invoke_command(
        world.guild_id, world.channel_id, world.anna_id, "profile municipality", options={"name": "Meppel"}
    )
    assert (await in_time.response())["data"]["content"] == "municipality=Meppel"
    assert in_time.late_callbacks == 0
