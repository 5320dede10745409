"""After a member's data is erased: the messages that showed it follow (host calls, announcements, idea copies)."""

import logging
from collections.abc import Awaitable

import discord

from bot.client import LeerkringBot
from bot.domain import ideas, sessions
from bot.domain.privacy import Erasure
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.ui import session_publisher
from cogs._idea_render import idea_copy_embed

log = logging.getLogger(__name__)


async def _tolerantly(action: Awaitable[object], what: str) -> None:
    """Update a message; the erasure itself is done, so a refusal by Discord is only logged."""
    try:
        await action
    except (discord.HTTPException, UserError):
        log.warning("after an erasure, %s could not be updated", what, exc_info=True)


async def follow_up(bot: LeerkringBot, guild_id: int, erasure: Erasure) -> None:
    """Update what Discord shows of the erased data: call volunteers, RSVP counts, the bot's idea copies."""
    for call_id in erasure.call_ids:
        bot.dispatch("host_call_changed", guild_id, call_id)
    for session_id in erasure.session_ids:
        session = await sessions.get_session(bot.db, guild_id, session_id)
        await _tolerantly(session_publisher.refresh(bot, session), f"session {session_id}")
    language = await channel_language(bot.db, guild_id)
    for copy in erasure.idea_copies:
        channel = bot.get_partial_messageable(copy.channel_id, guild_id=guild_id)
        message = channel.get_partial_message(copy.message_id)
        if erasure.ideas_mode == "erase":
            await _tolerantly(message.delete(), f"the copy of idea {copy.idea_id}")
        else:
            idea = await ideas.get_idea(bot.db, guild_id, copy.idea_id)
            await _tolerantly(message.edit(embed=idea_copy_embed(idea, language)), f"the copy of idea {copy.idea_id}")
