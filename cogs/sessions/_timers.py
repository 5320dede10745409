"""Sending due session reminders: exactly once, late when the bot was away, missed once the session began.

A reminder goes to the session's channel with a mention of every attendee, except those who chose reminders by
direct message (`/profile reminders dm`): they get the same reminder in their DMs first, through the outbox, and
only a refused DM brings their mention back to the channel. The DMs and the channel message are one batch of the
outbox (`reminders.open_dm_batch`), so after an interruption each member is reminded once.
"""

import logging

import discord

from bot.domain import notices, reminders, sessions
from bot.domain.notices import Batch, Delivery
from bot.domain.reminders import Reminder
from bot.domain.settings import channel_language
from bot.domain.timers import Outcome, Status, Timer
from bot.ui.leerkring import Leerkring
from bot.ui.notices import Courier, DirectMessages
from bot.ui.own_messages import find_own_message
from cogs.sessions._render import jump_url, mention_chunks, reminder_embed

log = logging.getLogger(__name__)


def reminder_nonce(reminder_id: int, part: int = 0) -> str:
    """The deterministic nonce of a reminder message: Discord returns the first message for a repeat."""
    return f"lk-reminder-{reminder_id}-{part}"


def announcement_url(session: sessions.Session) -> str | None:
    """The link to the session's announcement, once it is posted."""
    if session.announcement_message_id is None:
        return None
    return jump_url(session.guild_id, session.channel_id, session.announcement_message_id)


class ReminderNotice:
    """A reminder by DM reads as the reminder in the channel: the same embed, with the same link."""

    name = reminders.NOTICE

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """The reminder's embed."""
        reminder = await reminders.get_reminder(bot.db, batch.guild_id, batch.params["reminder_id"])
        session = await sessions.get_session(bot.db, batch.guild_id, reminder.session_id)
        return reminder_embed(session, reminder, announcement_url(session), batch.params["late"], language)

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """No text of its own: the channel message is the reminder's embed (see `ReminderCourier`)."""
        return ""


class ReminderCourier(Courier):
    """The reminder's DMs, then its message in the session's channel mentioning everyone not reached by DM."""

    def __init__(
        self,
        bot: Leerkring,
        direct: DirectMessages,
        language: str,
        session: sessions.Session,
        reminder: Reminder,
        attendees: list[int],
    ) -> None:
        super().__init__(bot, direct, ReminderNotice(), language)
        self.session = session
        self.reminder = reminder
        self.attendees = attendees

    def _mentioned(self, delivery: Delivery) -> list[int]:
        """The attendees who were not reminded by DM: in the channel, refused, or with notifications off."""
        return [member for member in self.attendees if member not in delivery.sent]

    def _channel(self, batch: Batch) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(self.session.channel_id, guild_id=self.session.guild_id)

    async def find_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int] | None:
        """The reminder's channel message if it went out before an interruption (found by its footer)."""
        await self.bot.timers.pacer.wait()
        earlier = await find_own_message(self.bot, self._channel(batch), "reminder.footer", id=self.reminder.id)
        return (earlier.id, len(self._mentioned(delivery))) if earlier else None

    async def post_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int]:
        """Send the reminder with the mentions (in as many messages as they need), each allowing just its own."""
        mentioned = self._mentioned(delivery)
        chunks = mention_chunks(mentioned)
        mentions, allowed = chunks[0] if chunks else (None, discord.AllowedMentions.none())
        embed = reminder_embed(
            self.session, self.reminder, announcement_url(self.session), batch.params["late"], self.language
        )
        channel = self._channel(batch)
        await self.bot.timers.pacer.wait()
        first = await channel.send(
            mentions, embed=embed, allowed_mentions=allowed, nonce=reminder_nonce(self.reminder.id)
        )
        for part, (more, allowed_here) in enumerate(chunks[1:], start=1):
            await self.bot.timers.pacer.wait()
            await channel.send(more, allowed_mentions=allowed_here, nonce=reminder_nonce(self.reminder.id, part))
        return first.id, len(mentioned)


class ReminderDelivery:
    """The timer handler for `session_reminder` timers."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self.direct = DirectMessages(bot)

    async def run(self, timer: Timer) -> Outcome:
        """Send the reminder (by DM to those who chose so, else in the channel), or record it missed."""
        reminder = await reminders.get_reminder(self.bot.db, timer.guild_id, timer.subject_id)
        session = await sessions.get_session(self.bot.db, timer.guild_id, reminder.session_id)
        now = self.bot.clock.now()
        status = reminders.delivery_status(now, timer.due_at, session.start.utc)
        if status is Status.MISSED or session.cancelled:
            return Outcome(Status.MISSED)
        attendees = await sessions.attendees(self.bot.db, session.id)
        batch_id = await reminders.open_dm_batch(
            self.bot.db, now, session.guild_id, reminder.id, session.channel_id, attendees, status is Status.LATE
        )
        language = await channel_language(self.bot.db, session.guild_id)
        courier = ReminderCourier(self.bot, self.direct, language, session, reminder, attendees)
        delivery = await notices.deliver(self.bot.db, self.bot.clock, batch_id, courier)
        return Outcome(status, str(delivery.line_message_id))

    async def failed(self, timer: Timer, error: str) -> None:
        """A reminder that could not be delivered stays visible as failed in `/reminder list`."""
        log.error("reminder %s of guild %s failed for good: %s", timer.subject_id, timer.guild_id, error)
