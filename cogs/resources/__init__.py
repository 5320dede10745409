"""Shared material: links and files, tied to sessions, named in their reminders and reports."""

from bot.ui.leerkring import Leerkring
from cogs.resources._cog import Resources


async def setup(bot: Leerkring) -> None:
    """Add the shared-material cog."""
    await bot.add_cog(Resources(bot))
