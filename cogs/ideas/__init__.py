"""Prompts and ideas: follow-up questions, and the ideas members contribute by reply, thread, form or command.

The prompts cog and the ideas cog share one message intake: the ideas cog feeds it live messages, the
prompts cog has it catch up on history before a prompt closes.
"""

from bot.ui.leerkring import Leerkring
from cogs.ideas._cog import Ideas
from cogs.ideas._intake import MessageIntake
from cogs.ideas._prompts_cog import Prompts


async def setup(bot: Leerkring) -> None:
    """Add the ideas and prompts cogs around one message intake."""
    intake = MessageIntake(bot)
    await bot.add_cog(Ideas(bot, intake))
    await bot.add_cog(Prompts(bot, intake))
