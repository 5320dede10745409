"""What every feature's interactions go through, installed before the commands sync: the one error boundary,
the Dutch command names, dropping an INTERACTION_CREATE that Discord delivers twice, and telling every
"Interested" on a scheduled event."""

from discord.ext import commands

from bot.ui.boundary import answer_error
from bot.ui.event_interest import tell_event_interest
from bot.ui.replay_guard import drop_repeated_interactions
from bot.ui.translator import CatalogueTranslator


async def setup(bot: commands.Bot) -> None:
    """Route errors through the boundary, translate commands, drop repeated interactions, tell event interest."""
    bot.tree.error(answer_error)
    await bot.tree.set_translator(CatalogueTranslator())
    drop_repeated_interactions(bot)
    tell_event_interest(bot)
