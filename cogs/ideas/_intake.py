"""Messages as ideas: live replies and thread messages, and the history missed while the bot was away.

A channel's read position (its cursor) only moves with live messages once that channel has been
caught up since the last connection, so a gap in the gateway stream can never be skipped.
"""

import asyncio
import logging
from collections.abc import Container

import discord

from bot.domain import ideas, intake, prompts
from bot.domain.ideas import TEXT_MAX
from bot.domain.intake import Incoming, Outcome, Reference, Taken
from bot.domain.settings import channel_language, notice_once
from bot.i18n import t
from bot.timeparse import discord_timestamp
from bot.ui.leerkring import Leerkring

log = logging.getLogger(__name__)

STORED_MARK = "✅"
SUPPORT_EMOJI = "👍"
IDEA_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)
NO_CONTENT_NOTICE = "message_content"


def reference_of(message: discord.Message) -> Reference | None:
    """What a message refers to (a reply or a forward, with the referred message's channel and server), or None."""
    ref = message.reference
    if ref is None:
        return None
    return Reference(ref.type.value, ref.message_id, ref.channel_id, ref.guild_id)


def incoming(message: discord.Message) -> Incoming:
    """The intake's view of a Discord message: its text with any attachment links, and what it refers to."""
    assert message.guild is not None
    parts = [message.content.strip(), *(attachment.url for attachment in message.attachments)]
    return Incoming(
        guild_id=message.guild.id,
        channel_id=message.channel.id,
        message_id=message.id,
        author_id=message.author.id,
        text="\n".join(part for part in parts if part),
        reference=reference_of(message),
        posted_at=message.created_at,
    )


def is_support(emoji: discord.PartialEmoji | discord.Emoji | str) -> bool:
    """Whether a reaction is a 👍 (in any skin tone)."""
    name = emoji if isinstance(emoji, str) else emoji.name
    unicode = isinstance(emoji, str) or (isinstance(emoji, discord.PartialEmoji) and emoji.is_unicode_emoji())
    return unicode and name is not None and name.startswith(SUPPORT_EMOJI)


def too_long_nonce(message_id: int) -> str:
    """The nonce of the answer to a message (or an edit) too long to be an idea: one answer, however often it comes."""
    return f"long-{message_id}"


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
        self._caught_up: dict[int, int] = {}
        """The channels caught up since their shard last connected, with their server."""
        self._connection = 0
        self._catching_up = asyncio.Lock()

    def lose_position(self, guilds: Container[int] | None = None) -> None:
        """After a disconnect (of the shard carrying `guilds`; all when None), events may have been missed there:
        stop moving those cursors until caught up again (and let no catch-up under way count as one)."""
        self._connection += 1
        self._caught_up = {
            channel_id: guild_id
            for channel_id, guild_id in self._caught_up.items()
            if guilds is not None and guild_id not in guilds
        }

    async def on_message(self, message: discord.Message) -> Outcome:
        """Take a live message, acknowledge the outcome and return it."""
        if not could_be_idea(message):
            return Outcome.IGNORED
        advance = message.channel.id in self._caught_up
        taken = await intake.take_message(self.bot.db, incoming(message), self.bot.clock.now(), advance_cursor=advance)
        await self._acknowledge(message, taken)
        return taken.outcome

    async def catch_up(self, guilds: Container[int] | None = None) -> int:
        """Read every open prompt's channel and thread after its cursor, storing missed ideas; return how many.

        `guilds` limits it to those servers (the servers of the shard that just became ready); None: all.

        Then count the 👍 given meanwhile: on the new ideas' messages, and on those of the ideas known before in
        the channels not caught up since the last connection (only there can a 👍 have been missed).
        """
        async with self._catching_up:
            known = await ideas.idea_messages_of_open_prompts(self.bot.db, guilds)
            missed = {channel_id: ids for channel_id, ids in known.items() if channel_id not in self._caught_up}
            stored: list[discord.Message] = []
            for channel_id, after_id in await intake.reading_plan(self.bot.db, guilds):
                stored += await self._read_history(channel_id, after_id)
            for message in stored:
                await self._mark_stored(message)
                await self._count_support(message)
            for channel_id, message_ids in missed.items():
                await self._recount_support(channel_id, message_ids)
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
                else:
                    await self._acknowledge(message, taken)
        except discord.HTTPException:
            log.warning("reading the history of channel %s failed; it is read again next time", channel_id)
            return stored
        if last_read is not None:
            await intake.mark_read(self.bot.db, channel.guild.id, channel_id, last_read)
        if connection == self._connection:
            self._caught_up[channel_id] = channel.guild.id
        return stored

    async def _recount_support(self, channel_id: int, message_ids: set[int]) -> None:
        """Count the 👍 on these idea messages of a channel, reading only the stretch of history they are in."""
        channel = await self._text_channel(channel_id)
        if channel is None:
            return
        first, last = min(message_ids), max(message_ids)
        try:
            async for message in channel.history(limit=None, after=discord.Object(first - 1), oldest_first=True):
                if message.id > last:
                    break
                if message.id in message_ids:
                    await self._count_support(message)
        except discord.HTTPException:
            log.warning("reading the 👍 of channel %s failed; they are read again next time", channel_id)

    async def _count_support(self, message: discord.Message) -> None:
        """Count as support every member's 👍 on an idea's message (none of the bot's; never the author's own)."""
        for reaction in message.reactions:
            if not is_support(reaction.emoji):
                continue
            try:
                users = [user.id async for user in reaction.users(limit=None) if not user.bot]
            except discord.HTTPException:
                log.warning("could not read the 👍 on message %s", message.id, exc_info=True)
                continue
            await ideas.support_by_reactions(self.bot.db, message.id, users, self.bot.clock.now())

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
        elif taken.outcome is Outcome.TOO_LONG:
            assert message.guild is not None
            nonce = too_long_nonce(message.id)
            await self.answer(message, message.guild.id, "idea.message_too_long", nonce, max=TEXT_MAX)
        elif taken.outcome is Outcome.UNREADABLE:
            await self._no_content_notice(message)

    async def _mark_stored(self, message: discord.Message) -> None:
        try:
            await message.add_reaction(STORED_MARK)
        except discord.HTTPException:
            log.warning("could not mark message %s as stored", message.id, exc_info=True)

    async def _answer_late(self, message: discord.Message, prompt: prompts.Prompt) -> None:
        assert message.guild is not None
        closed = discord_timestamp(prompt.closed_at, "f") if prompt.closed_at else ""
        await self.answer(message, message.guild.id, "idea.late", f"late-{message.id}", id=prompt.id, closed=closed)

    async def answer(
        self, message: discord.Message | discord.PartialMessage, guild_id: int, key: str, nonce: str, **params: object
    ) -> None:
        """Reply to a member's message in the server's language, mentioning nobody; a refusal is only logged."""
        language = await channel_language(self.bot.db, guild_id)
        try:
            await message.reply(t(key, language, **params), nonce=nonce)
        except discord.HTTPException:
            log.warning("could not answer message %s (%s)", message.id, key, exc_info=True)

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
