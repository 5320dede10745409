"""Planning and calling off erasures, and asking Discord whether a member (or the bot) is in a server.

A lookup answers True or False only when Discord says so; any other failure (5xx, 429, 403) raises, so
that nothing is erased on doubt.
"""

import logging

import discord

from bot.domain import erasures
from bot.ui.events import ERASURE_CHANGED
from bot.ui.leerkring import Leerkring

log = logging.getLogger(__name__)

UNKNOWN_MEMBER = 10007
"""Discord's error code for a user who is not a member of the server."""


async def member_present(bot: Leerkring, guild_id: int, user_id: int) -> bool:
    """Whether the member is in the server now: False only on Discord's 'Unknown Member'."""
    try:
        await bot.http.get_member(guild_id, user_id)
    except discord.NotFound as error:
        if error.code == UNKNOWN_MEMBER:
            return False
        raise
    return True


async def bot_present(bot: Leerkring, guild_id: int) -> bool:
    """Whether the bot is in the server now, by Discord's list of the bot's servers (the first after id - 1)."""
    listed = await bot.http.get_guilds(1, after=guild_id - 1, with_counts=False)
    return bool(listed) and int(listed[0]["id"]) == guild_id


async def returned(bot: Leerkring, pending: erasures.PendingErasure) -> bool:
    """Whether whoever a pending erasure is for (a member, or the bot for a whole server) is back."""
    if pending.user_id == erasures.WHOLE_GUILD:
        return await bot_present(bot, pending.guild_id)
    return await member_present(bot, pending.guild_id, pending.user_id)


async def plan(bot: Leerkring, guild_id: int, user_id: int) -> None:
    """Plan the erasure of a member (or, with WHOLE_GUILD, of a server) after the grace period."""
    due = await erasures.schedule(bot.db, bot.clock.now(), guild_id, user_id)
    log.info("erasure of %s in server %s planned for %s", user_id or "everything", guild_id, due)
    bot.dispatch(ERASURE_CHANGED, guild_id, user_id, True)


async def call_off(bot: Leerkring, guild_id: int, user_id: int) -> None:
    """Call off a pending erasure: the member (or the bot) is back."""
    if await erasures.call_off(bot.db, bot.clock.now(), guild_id, user_id):
        log.info("erasure of %s in server %s called off", user_id or "everything", guild_id)
    bot.dispatch(ERASURE_CHANGED, guild_id, user_id, False)
