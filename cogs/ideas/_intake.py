"""Messages as ideas: live replies and thread messages, and the history missed while the bot was away.

A channel's read position (its cursor) only moves with live messages once that channel has been
caught up since the last connection, so a gap in the gateway stream can never be skipped.
"""

import asyncio
import logging

import discord

from bot.domain import intake, prompts
from bot.domain.intake import Incoming, Outcome, Taken
from bot.domain.settings import channel_language, notice_once
from bot.i18n import t
from bot.timeparse import discord_timestamp
from bot.ui.leerkring import Leerkring

log = logging.getLogger(__name__)

STORED_MARK = "✅"
IDEA_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)
NO_CONTENT_NOTICE = "message_content"


def incoming(message: discord.Message) -> Incoming:
    """The intake's view of a Discord message: its text with any attachment links, and what it replies to."""
    assert message.guild is not None
    parts = [message.content.strip(), *(attachment.url for attachment in message.attachments)]
    return Incoming(
        guild_id=message.guild.id,
        channel_id=message.channel.id,
        message_id=message.id,
        author_id=message.author.id,
        text="\n".join(part for part in parts if part),
        reply_to=message.reference.message_id if message.reference else None,
        posted_at=message.created_at,
    )


def could_be_idea(message: discord.Message) -> bool:
    """Whether a message is a member's own post in a server (not the bot's, a webhook's or a system message)."""
    return (
        message.guild is not None
        and not message.author.bot
        and message.webhook_id is None
        and message.type in IDEA_MESSAGE_TYPES
    )


class MessageIntake:
    """Takes ideas from messages, acknowledges them, and catches up on missed history."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self._caught_up: set[int] = set()
        self._connection = 0
        self._catching_up = asyncio.Lock()

    def lose_position(self) -> None:
        """After a disconnect, events may have been missed: stop moving cursors until caught up again."""
        self._connection += 1
        self._caught_up.clear()

    async def on_message(self, message: discord.Message) -> Outcome:
        """Take a live message, acknowledge the outcome and return it."""
        if not could_be_idea(message):
            return Outcome.IGNORED
        advance = message.channel.id in self._caught_up
        taken = await intake.take_message(self.bot.db, incoming(message), self.bot.clock.now(), advance_cursor=advance)
        await self._acknowledge(message, taken)
        return taken.outcome

    async def catch_up(self) -> int:
        """Read every open prompt's channel and thread after its cursor, storing missed ideas; return how many."""
        async with self._catching_up:
            stored: list[discord.Message] = []
            for channel_id, after_id in await intake.reading_plan(self.bot.db):
                stored += await self._read_history(channel_id, after_id)
            for message in stored:
                await self._mark_stored(message)
        if stored:
            log.info("stored %d ideas posted while the bot was away", len(stored))
        return len(stored)

    async def _read_history(self, channel_id: int, after_id: int) -> list[discord.Message]:
        channel = await self._text_channel(channel_id)
        if channel is None:
            log.warning("cannot read history of channel %s (gone, hidden or not a text channel)", channel_id)
            return []
        stored, last_read, connection = [], None, self._connection
        try:
            async for message in channel.history(limit=None, after=discord.Object(after_id), oldest_first=True):
                last_read = message.id
                if not could_be_idea(message):
                    continue
                now = self.bot.clock.now()
                taken = await intake.take_message(self.bot.db, incoming(message), now, advance_cursor=True)
                if taken.outcome is Outcome.STORED:
                    stored.append(message)
                elif taken.outcome is Outcome.UNREADABLE:
                    await self._no_content_notice(message)
        except discord.HTTPException:
            log.warning("reading the history of channel %s failed; it is read again next time", channel_id)
            return stored
        if last_read is not None:
            await intake.mark_read(self.bot.db, channel.guild.id, channel_id, last_read)
        if connection == self._connection:
            self._caught_up.add(channel_id)
        return stored

    async def _text_channel(self, channel_id: int) -> discord.TextChannel | discord.Thread | None:
        """A channel or thread from the cache, or fetched (an archived thread is not cached after a restart)."""
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException:
                return None
        return channel if isinstance(channel, discord.TextChannel | discord.Thread) else None

    async def _acknowledge(self, message: discord.Message, taken: Taken) -> None:
        if taken.outcome is Outcome.STORED:
            await self._mark_stored(message)
        elif taken.outcome is Outcome.LATE and taken.prompt is not None:
            await self._answer_late(message, taken.prompt)
        elif taken.outcome is Outcome.UNREADABLE:
            await self._no_content_notice(message)

    async def _mark_stored(self, message: discord.Message) -> None:
        try:
            await message.add_reaction(STORED_MARK)
        except discord.HTTPException:
            log.warning("could not mark message %s as stored", message.id, exc_info=True)

    async def _answer_late(self, message: discord.Message, prompt: prompts.Prompt) -> None:
        assert message.guild is not None
        language = await channel_language(self.bot.db, message.guild.id)
        closed = discord_timestamp(prompt.closed_at, "f") if prompt.closed_at else ""
        text = t("idea.late", language, id=prompt.id, closed=closed)
        try:
            await message.reply(text, nonce=f"late-{message.id}")
        except discord.HTTPException:
            log.warning("could not answer late reply %s", message.id, exc_info=True)

    async def _no_content_notice(self, message: discord.Message) -> None:
        """Without the Message Content intent replies arrive empty: say so once per server, and how to fix it."""
        assert message.guild is not None
        if not await notice_once(self.bot.db, message.guild.id, NO_CONTENT_NOTICE, self.bot.clock.now()):
            return
        log.warning("message text arrives empty in guild %s: the Message Content intent is off", message.guild.id)
        language = await channel_language(self.bot.db, message.guild.id)
        try:
            await message.channel.send(t("idea.no_message_content", language), nonce=f"mc-{message.guild.id}")
        except discord.HTTPException:
            log.warning("could not post the Message Content notice in guild %s", message.guild.id, exc_info=True)
