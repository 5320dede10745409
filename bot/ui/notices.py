"""The outbox on Discord: direct messages with a deterministic nonce, found again after a stop, paced, and a mention
in one public line for whoever refused them.

A feature that tells members things (an idea's new status, a waiting-list place) queues its batches with
`bot.domain.notices.queue_notices` / `queue_notice` inside its own write, and describes how they read with a
`NoticeKind` that it registers (`register`) when its cog loads. The `notice` timers then deliver each batch
(`NoticeDelivery`): per member, open the DM channel (`POST /users/@me/channels`, once per member per process),
send the kind's embed with the footer that marks it (`notice.footer`) and the nonce `lk-n-<notice id>`; a member
whose DMs are closed (Discord error 50007, HTTP 403) or who is gone is mentioned in the public line instead,
the only mention it allows. Every request takes a slot from the timer engine's pacer, so a batch to 40
members stays within Discord's global limit.
"""

import logging
from typing import Protocol

import discord

from bot.domain import notices
from bot.domain.notices import Batch, Delivery, Notice, Refused
from bot.domain.settings import channel_language
from bot.domain.timers import Outcome, Timer, punctuality
from bot.i18n import t
from bot.ui.leerkring import Leerkring
from bot.ui.own_messages import HISTORY_SCAN, find_own_message
from bot.ui.render import budget_embed

log = logging.getLogger(__name__)

HTTP_SERVER_ERROR = 500
"""From here on Discord's answer says nothing about the member: try again later (discord.py waits out a 429 itself)."""

MENTIONS_PER_LINE = 50
"""Mentions in one message of a public line, well within Discord's 2000 characters and 100 allowed users."""

FOOTER_KEY = "notice.footer"
"""The catalogue key (with `id`: the notice's id) of the footer that marks a direct message of the outbox."""


class NoticeKind(Protocol):
    """How one kind of notice reads, as its feature describes it."""

    @property
    def name(self) -> str:
        """The kind's name, as queued (`kind=`)."""
        ...

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """The direct message (the outbox sets its footer)."""
        ...

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """The public line's text, before the mentions of members whose DMs were refused.

        "" gives a line of mentions only: for batches that do not announce (their line is posted only when
        someone must be mentioned).
        """
        ...


_KINDS: dict[str, NoticeKind] = {}


def register(kind: NoticeKind) -> None:
    """Let the outbox deliver batches of `kind.name`, rendered by `kind`."""
    _KINDS[kind.name] = kind


def notice_nonce(notice: Notice) -> str:
    """The deterministic nonce of a notice's direct message."""
    return f"lk-n-{notice.id}"


def line_nonce(batch: Batch, part: int = 0) -> str:
    """The deterministic nonce of (a part of) a batch's public line."""
    return f"lk-nl-{batch.id}-{part}"


def line_messages(body: str, user_ids: tuple[int, ...]) -> list[tuple[str, discord.AllowedMentions]]:
    """The public line with these members' mentions: the text and the first mentions, then the rest, each message
    allowing exactly its own mentions."""
    chunks = [user_ids[start : start + MENTIONS_PER_LINE] for start in range(0, len(user_ids), MENTIONS_PER_LINE)]
    messages = []
    for index, chunk in enumerate(chunks or [()]):
        text = " ".join(f"<@{user_id}>" for user_id in chunk)
        content = " ".join(part for part in (body if index == 0 else "", text) if part)
        messages.append((content, discord.AllowedMentions(users=[discord.Object(user_id) for user_id in chunk])))
    return messages


class DirectMessages:
    """Opens members' DM channels once per process, paced, and sends in them."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self._channels: dict[int, int] = {}

    async def channel(self, user_id: int) -> discord.PartialMessageable:
        """The member's DM channel; raises `Refused` when Discord will not open one (an unknown or deleted user)."""
        if user_id not in self._channels:
            await self.bot.timers.pacer.wait()
            try:
                data = await self.bot.http.start_private_message(user_id)
            except discord.HTTPException as error:
                if error.status >= HTTP_SERVER_ERROR:
                    raise
                raise Refused(str(error)) from error
            self._channels[user_id] = int(data["id"])
        return self.bot.get_partial_messageable(self._channels[user_id], type=discord.ChannelType.private)

    async def find(self, user_id: int, notice_id: int) -> int | None:
        """The id of the outbox's message marked with this notice in the member's DMs, or None."""
        channel = await self.channel(user_id)
        await self.bot.timers.pacer.wait()
        found = await find_own_message(self.bot, channel, FOOTER_KEY, id=notice_id)
        return found.id if found else None

    async def send(self, notice: Notice, embed: discord.Embed, language: str) -> int:
        """Send a notice's embed (marked, with its nonce); raises `Refused` when Discord refuses the DM."""
        channel = await self.channel(notice.user_id)
        embed.set_footer(text=t(FOOTER_KEY, language, id=notice.id))
        await self.bot.timers.pacer.wait()
        try:
            message = await channel.send(embed=budget_embed(embed, language), nonce=notice_nonce(notice))
        except discord.Forbidden as error:
            raise Refused(str(error)) from error
        return message.id


class Courier:
    """Delivers a batch of one kind: the direct messages, then the public line with the refused members' mentions."""

    def __init__(self, bot: Leerkring, direct: DirectMessages, kind: NoticeKind, language: str) -> None:
        self.bot = bot
        self.direct = direct
        self.kind = kind
        self.language = language

    async def find_sent(self, batch: Batch, notice: Notice) -> int | None:
        """The notice's DM if it went out before an interruption."""
        return await self.direct.find(notice.user_id, notice.id)

    async def send(self, batch: Batch, notice: Notice) -> int:
        """Send the notice's DM."""
        embed = await self.kind.direct_message(self.bot, batch, self.language)
        return await self.direct.send(notice, embed, self.language)

    async def _line(self, batch: Batch, delivery: Delivery) -> list[tuple[str, discord.AllowedMentions]]:
        return line_messages(await self.kind.line(self.bot, batch, self.language), delivery.refused)

    def _channel(self, batch: Batch) -> discord.PartialMessageable:
        assert batch.channel_id is not None
        return self.bot.get_partial_messageable(batch.channel_id, guild_id=batch.guild_id)

    async def find_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int] | None:
        """The public line if it went out before an interruption: the bot's latest message with exactly its text."""
        [(content, _), *_] = await self._line(batch, delivery)
        await self.bot.timers.pacer.wait()
        async for message in self._channel(batch).history(limit=HISTORY_SCAN):
            if message.author.id == self.bot.application_id and message.content == content:
                return message.id, len(delivery.refused)
        return None

    async def post_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int]:
        """Post the public line (in more messages when many must be mentioned), pinging exactly the refused members."""
        channel = self._channel(batch)
        first: discord.Message | None = None
        for part, (content, allowed) in enumerate(await self._line(batch, delivery)):
            await self.bot.timers.pacer.wait()
            message = await channel.send(content, allowed_mentions=allowed, nonce=line_nonce(batch, part))
            first = first or message
        assert first is not None
        return first.id, len(delivery.refused)


class NoticeDelivery:
    """The timer handler for `notice` timers: delivers the batch the timer names."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self.direct = DirectMessages(bot)

    async def courier(self, batch: Batch) -> Courier:
        """The courier for a batch, in its server's language."""
        language = await channel_language(self.bot.db, batch.guild_id)
        return Courier(self.bot, self.direct, _KINDS[batch.kind], language)

    async def run(self, timer: Timer) -> Outcome:
        """Deliver the batch; the outcome says how many DMs went out and how many were mentioned instead."""
        batch = await notices.get_batch(self.bot.db, timer.subject_id)
        delivery = await notices.deliver(self.bot.db, self.bot.clock, batch.id, await self.courier(batch))
        status = punctuality(self.bot.clock.now(), timer.due_at)
        return Outcome(status, f"sent {len(delivery.sent)}, mentioned {delivery.mentioned}")

    async def failed(self, timer: Timer, error: str) -> None:
        """A batch that could not be delivered stays recorded as failed (its notices show how far it came)."""
        log.error("notice batch %s of guild %s failed for good: %s", timer.subject_id, timer.guild_id, error)
