"""The report and the exports: `/report` (a session's follow-up report with its chart) and `/export`."""

from bot.ui.leerkring import Leerkring
from cogs.report._cog import Reports


async def setup(bot: Leerkring) -> None:
    """Add the reports cog."""
    await bot.add_cog(Reports(bot))
