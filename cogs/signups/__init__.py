"""Sign-ups: calls for municipalities to join an initiative, with 'Wij doen mee' / 'Terugtrekken' and a deadline."""

from bot.ui.leerkring import Leerkring
from cogs.signups._cog import Signups


async def setup(bot: Leerkring) -> None:
    """Add the sign-ups cog."""
    await bot.add_cog(Signups(bot))
