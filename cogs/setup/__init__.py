"""Server settings for organisers (language, time zone, organiser role, reminders, retention) and the audit log."""

from bot.ui.leerkring import Leerkring
from cogs.setup._cog import Setup


async def setup(bot: Leerkring) -> None:
    """Add the setup cog."""
    await bot.add_cog(Setup())
