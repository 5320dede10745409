"""Discord's "Interested" on a session's event counts as "Ik kom"; at every connect the bot catches up on it.

Each add or remove, and each catching-up of one session, runs alone (one lock), so a change that arrives
while the bot is reading who is interested is applied after it, never overwritten by it.
"""

import asyncio
import logging
from collections.abc import Iterable

import discord
from discord.ext import commands

from bot.domain import sessions
from bot.domain.places import Source
from bot.domain.sessions import Session
from bot.ui.event_interest import EventInterest, interested_users
from bot.ui.leerkring import Leerkring
from cogs.sessions import _publisher as session_publisher

log = logging.getLogger(__name__)

CATCH_UP_LIMIT = 500
"""The most upcoming sessions per server whose event interest is caught up on at a connect."""


class EventInterests(commands.Cog):
    """Members interested in a session's Discord event are counted as coming, waiting-list rules and all."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self.one_at_a_time = asyncio.Lock()
        self.caught_up_shards: set[int] = set()

    @commands.Cog.listener(f"on_{EventInterest.name}")
    async def on_event_interest(self, interest: EventInterest) -> None:
        """A member marked the event "Interested" (an RSVP from the event) or took it back (only that RSVP goes)."""
        async with self.one_at_a_time:
            session = await sessions.session_of_event(self.bot.db, interest.guild_id, interest.event_id)
            now = self.bot.clock.now()
            if session is None or not sessions.answers_open(session, now):
                return
            if interest.interested:
                answer = await sessions.rsvp(
                    self.bot.db, now, session.guild_id, session.id, interest.user_id, True, Source.EVENT
                )
                changed = answer.changed
            else:
                changed = (
                    await sessions.withdraw_interest(self.bot.db, now, session.guild_id, session.id, interest.user_id)
                    is not None
                )
        if changed:
            await session_publisher.refresh(self.bot, session)

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """A shard (re)connected without resuming: catch up on the interest in its servers' sessions."""
        self.caught_up_shards.add(shard_id)
        await self.catch_up(guild for guild in self.bot.guilds if guild.shard_id == shard_id)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """The bot (re)connected without resuming: catch up on every server not caught up by its shard just now."""
        done, self.caught_up_shards = self.caught_up_shards, set()
        await self.catch_up(guild for guild in self.bot.guilds if guild.shard_id not in done)

    async def catch_up(self, guilds: Iterable[discord.Guild]) -> None:
        """Follow the interest in each upcoming session's event, as it is now (changes while away included)."""
        for guild in list(guilds):
            for session in await sessions.upcoming(self.bot.db, guild.id, self.bot.clock.now(), CATCH_UP_LIMIT):
                if session.scheduled_event_id is not None:
                    await self.catch_up_session(session, session.scheduled_event_id)

    async def catch_up_session(self, session: Session, event_id: int) -> None:
        """Read who is interested in the session's event and bring its RSVPs from the event in line."""
        async with self.one_at_a_time:
            try:
                interested = await interested_users(self.bot.http, session.guild_id, event_id)
            except discord.HTTPException as error:
                log.warning("could not read who is interested in the event of session %s: %s", session.id, error)
                return
            changed = await sessions.follow_event_interest(self.bot.db, self.bot.clock.now(), session, interested)
        if changed:
            await session_publisher.refresh(self.bot, session)
