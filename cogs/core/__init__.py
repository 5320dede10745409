"""What every feature's interactions go through, installed before the commands sync: the one error boundary,
the Dutch command names, and dropping an INTERACTION_CREATE that Discord delivers twice."""

from discord.ext import commands

from bot.ui.boundary import answer_error
from bot.ui.replay_guard import drop_repeated_interactions
from bot.ui.translator import CatalogueTranslator


async def setup(bot: commands.Bot) -> None:
    """Route command errors through the boundary, translate the command tree and drop repeated interactions."""
    bot.tree.error(answer_error)
    await bot.tree.set_translator(CatalogueTranslator())
    drop_repeated_interactions(bot)
