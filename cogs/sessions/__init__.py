"""Sessions: planning, announcements with RSVP buttons, places and a waiting list, Discord events (whose
"Interested" counts as coming), calendar files, and reminders before them."""

from bot.ui.leerkring import Leerkring
from cogs.sessions._cog import Sessions
from cogs.sessions._interest import EventInterests
from cogs.sessions._reminders_cog import Reminders


async def setup(bot: Leerkring) -> None:
    """Add the sessions, event interest and reminders cogs."""
    await bot.add_cog(Sessions(bot))
    await bot.add_cog(EventInterests(bot))
    await bot.add_cog(Reminders(bot))
