"""`/network`: the network at a glance, for everyone, answered privately (a big image nobody else asked for)."""

import asyncio
import io

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.documents.network_map import network_map_png
from bot.domain.network import network
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.replies import answer_language, send_private
from cogs.network._render import network_embed


class NetworkOverview(commands.Cog):
    """The network's counts and map."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    @app_commands.command(
        name=_("network"), description=_("The network at a glance: members, hosts, sign-ups and ideas, on a map")
    )
    @app_commands.guild_only()
    async def network(self, interaction: discord.Interaction) -> None:
        """Show the counts per municipality with the map, drawn on a worker thread."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        language = await answer_language(interaction)
        found = await network(bot.db, interaction.guild_id)
        image = await asyncio.to_thread(network_map_png, found, language)
        name = "netwerk.png" if language == "nl" else "network.png"
        await send_private(
            interaction,
            embed=network_embed(found, language, name),
            files=[discord.File(io.BytesIO(image), filename=name)],
        )
