"""Profiles: the municipality (from the official list) or other organisation a member works for."""

from bot.ui.leerkring import Leerkring
from cogs.profile._cog import Profile


async def setup(bot: Leerkring) -> None:
    """Add the profile cog."""
    await bot.add_cog(Profile())
