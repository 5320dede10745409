"""Sessions: planning, announcements with RSVP buttons, Discord events, calendar files, and reminders before them."""

from bot.ui.leerkring import Leerkring
from cogs.sessions._cog import Sessions
from cogs.sessions._reminders_cog import Reminders


async def setup(bot: Leerkring) -> None:
    """Add the sessions and reminders cogs."""
    await bot.add_cog(Sessions(bot))
    await bot.add_cog(Reminders(bot))
