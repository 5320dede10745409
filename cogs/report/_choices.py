"""Autocomplete for `/report`: every session of the server, past ones too (a report is written afterwards)."""

import discord
from discord import app_commands

from bot.domain import sessions
from bot.ui.choices import session_choices
from bot.ui.leerkring import leerkring


async def any_session_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Offer the server's sessions, also past ones (latest first), whose number or title contains what was typed."""
    if interaction.guild_id is None:
        return []
    return session_choices(await sessions.recent(leerkring(interaction).db, interaction.guild_id), current)
