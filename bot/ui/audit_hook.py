"""Writing an organiser's action, taken through an interaction, to the server's audit log."""

import discord

from bot.domain import audit
from bot.ui.leerkring import leerkring


async def record_action(interaction: discord.Interaction, action: str, detail: str = "") -> None:
    """Log that the interaction's member did `action` (one of `bot.domain.audit.ACTIONS`) in this server."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    await audit.record(bot.db, bot.clock.now(), interaction.guild_id, interaction.user.id, action, detail)
