"""The network at a glance: `/network`, with counts per municipality and a map."""

from bot.ui.leerkring import Leerkring
from cogs.network._cog import NetworkOverview


async def setup(bot: Leerkring) -> None:
    """Add the network cog."""
    await bot.add_cog(NetworkOverview(bot))
