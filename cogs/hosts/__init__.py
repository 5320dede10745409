"""Host municipalities: calls with volunteer buttons, their deadlines, and the confirmed host of a session."""

from bot.ui.leerkring import Leerkring
from cogs.hosts._cog import Hosts


async def setup(bot: Leerkring) -> None:
    """Add the hosts cog."""
    await bot.add_cog(Hosts(bot))
