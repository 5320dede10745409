"""`/reminder …`: extra reminders before sessions, and the delivery of every reminder when due."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import reminders, sessions
from bot.timeparse import discord_timestamp
from bot.ui.checks import organiser_only
from bot.ui.choices import upcoming_session_choices
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.replies import answer_language, reply, send_private
from cogs.sessions._render import reminders_embed
from cogs.sessions._timers import ReminderDelivery


class Reminders(commands.Cog):
    """Reminders before sessions."""

    group = app_commands.Group(
        name=_("reminder"), description=_("Reminders before sessions (organisers)"), guild_only=True
    )

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Deliver due session reminders through the durable timers."""
        self.bot.timers.register(reminders.KIND, ReminderDelivery(self.bot))

    @group.command(name=_("add"), description=_("Add a reminder before a session"))
    @app_commands.rename(session_id=_("session"), when=_("when"), message=_("message"))
    @app_commands.describe(
        session_id=_("The session's number"),
        when=_("How long before (2d, 3h) or a date and time"),
        message=_("An extra line for the reminder"),
    )
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    @organiser_only()
    async def add(
        self, interaction: discord.Interaction, session_id: int, when: str, message: str | None = None
    ) -> None:
        """Add a reminder by offset or date."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        session = await sessions.get_open_session(bot.db, interaction.guild_id, session_id)
        reminder = await reminders.add_reminder(
            bot.db,
            bot.clock.now(),
            guild_id=interaction.guild_id,
            session_id=session.id,
            start=session.start,
            when=when,
            message=message,
            created_by=interaction.user.id,
        )
        await reply(
            interaction,
            "reminder.added",
            id=reminder.id,
            title=session.title,
            when=discord_timestamp(reminder.fire.utc, "F"),
        )

    @group.command(name=_("list"), description=_("Reminders with their status: scheduled, sent, missed, failed"))
    @organiser_only()
    async def list_reminders(self, interaction: discord.Interaction) -> None:
        """Show the server's reminders with their status."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        found = await reminders.list_reminders(bot.db, interaction.guild_id, bot.clock.now())
        tallies = await reminders.delivery_tallies(bot.db, found)
        await send_private(interaction, embed=reminders_embed(found, await answer_language(interaction), tallies))

    @group.command(name=_("cancel"), description=_("Cancel a scheduled reminder"))
    @app_commands.rename(reminder_id=_("id"))
    @app_commands.describe(reminder_id=_("The reminder's number (see the reminder list)"))
    @organiser_only()
    async def cancel(self, interaction: discord.Interaction, reminder_id: int) -> None:
        """Cancel one reminder."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await reminders.cancel_reminder(bot.db, bot.clock.now(), interaction.guild_id, reminder_id)
        await reply(interaction, "reminder.cancelled", id=reminder_id)
