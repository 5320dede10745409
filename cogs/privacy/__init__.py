"""Privacy: a member's export and erasure, erasure after leaving or removal, and the daily retention sweep."""

from bot.ui.leerkring import Leerkring
from cogs.privacy._cog import Privacy


async def setup(bot: Leerkring) -> None:
    """Add the privacy cog."""
    await bot.add_cog(Privacy(bot))
