"""Sending due session reminders: exactly once, late when the bot was away, missed once the session began."""

import logging

import discord

from bot.domain import reminders, resources, sessions
from bot.domain.reminders import Reminder
from bot.domain.settings import channel_language
from bot.domain.timers import Outcome, Status, Timer
from bot.ui.leerkring import Leerkring
from bot.ui.own_messages import find_own_message
from cogs.sessions._render import jump_url, mention_chunks, reminder_embed

log = logging.getLogger(__name__)


def reminder_nonce(reminder_id: int, part: int = 0) -> str:
    """The deterministic nonce of a reminder message: Discord returns the first message for a repeat."""
    return f"lk-reminder-{reminder_id}-{part}"


class ReminderDelivery:
    """The timer handler for `session_reminder` timers."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Send the reminder (or record it missed) and return how it went."""
        reminder = await reminders.get_reminder(self.bot.db, timer.guild_id, timer.subject_id)
        session = await sessions.get_session(self.bot.db, timer.guild_id, reminder.session_id)
        status = reminders.delivery_status(self.bot.clock.now(), timer.due_at, session.start.utc)
        if status is Status.MISSED or session.cancelled:
            return Outcome(Status.MISSED)
        channel = self.bot.get_partial_messageable(session.channel_id, guild_id=session.guild_id)
        if timer.in_doubt:
            earlier = await find_own_message(self.bot, channel, "reminder.footer", id=reminder.id)
            if earlier is not None:
                return Outcome(status, str(earlier.id))
        message = await self._send(channel, session, reminder, late=status is Status.LATE)
        return Outcome(status, str(message.id))

    async def failed(self, timer: Timer, error: str) -> None:
        """A reminder that could not be delivered stays visible as failed in `/reminder list`."""
        log.error("reminder %s of guild %s failed for good: %s", timer.subject_id, timer.guild_id, error)

    async def _send(
        self, channel: discord.PartialMessageable, session: sessions.Session, reminder: Reminder, late: bool
    ) -> discord.Message:
        language = await channel_language(self.bot.db, session.guild_id)
        url = (
            jump_url(session.guild_id, session.channel_id, session.announcement_message_id)
            if session.announcement_message_id
            else None
        )
        chunks = mention_chunks(await sessions.attendees(self.bot.db, session.id))
        mentions, allowed = chunks[0] if chunks else (None, discord.AllowedMentions.none())
        material = await resources.to_prepare(self.bot.db, session.id)
        first = await channel.send(
            mentions,
            embed=reminder_embed(session, reminder, url, late, language, material),
            allowed_mentions=allowed,
            nonce=reminder_nonce(reminder.id),
        )
        for part, (more, allowed_here) in enumerate(chunks[1:], start=1):
            await channel.send(more, allowed_mentions=allowed_here, nonce=reminder_nonce(reminder.id, part))
        return first
