"""`/setup …`: per-server settings for organisers."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import timeparse
from bot.domain import settings as server_settings
from bot.i18n import t
from bot.ui.checks import organiser_only
from bot.ui.replies import answer_language, leerkring, reply, send_private


def settings_embed(settings: server_settings.GuildSettings, language: str) -> discord.Embed:
    """Render a server's settings for `/setup show`."""
    embed = discord.Embed(title=t("setup.show_title", language))
    embed.add_field(
        name=t("setup.field_language", language),
        value=t(f"language.{settings.language}", language)
        if settings.language
        else t("setup.language_per_member", language),
        inline=False,
    )
    embed.add_field(name=t("setup.field_timezone", language), value=settings.timezone, inline=False)
    role = f"<@&{settings.organiser_role_id}>" if settings.organiser_role_id else t("setup.no_role", language)
    embed.add_field(name=t("setup.field_organiser_role", language), value=role, inline=False)
    embed.add_field(name=t("setup.field_reminders", language), value=settings.reminder_offsets, inline=False)
    return embed


class Setup(commands.Cog):
    """Organisers' per-server settings."""

    group = app_commands.Group(
        name=_("setup"), description=_("Leerkring settings for this server (organisers)"), guild_only=True
    )

    @group.command(name=_("show"), description=_("Show this server's Leerkring settings"))
    @organiser_only()
    async def show(self, interaction: discord.Interaction) -> None:
        """Show the server's settings."""
        assert interaction.guild_id is not None
        settings = await server_settings.get_settings(leerkring(interaction).db, interaction.guild_id)
        await send_private(interaction, embed=settings_embed(settings, await answer_language(interaction)))

    @group.command(name=_("organiser-role"), description=_("Let members with this role act as organisers"))
    @app_commands.rename(role=_("role"))
    @app_commands.describe(role=_("The role whose members may organise"))
    @organiser_only()
    async def organiser_role(self, interaction: discord.Interaction, role: discord.Role) -> None:
        """Set the organiser role."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await server_settings.set_organiser_role(bot.db, interaction.guild_id, role.id, bot.clock.now())
        await reply(interaction, "setup.role_set", role=role.mention)

    @group.command(name=_("language"), description=_("The language the bot speaks in this server"))
    @app_commands.rename(language=_("language"))
    @app_commands.describe(language=_("Dutch or English"))
    @app_commands.choices(
        language=[
            app_commands.Choice(name=_("Dutch"), value="nl"),
            app_commands.Choice(name=_("English"), value="en"),
        ]
    )
    @organiser_only()
    async def language(self, interaction: discord.Interaction, language: app_commands.Choice[str]) -> None:
        """Set the server's language."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await server_settings.set_language(bot.db, interaction.guild_id, language.value, bot.clock.now())
        await reply(interaction, "setup.language_set")

    @group.command(name=_("timezone"), description=_("The time zone in which dates are read and shown"))
    @app_commands.rename(tz=_("tz"))
    @app_commands.describe(tz=_("An IANA time zone, e.g. Europe/Amsterdam"))
    @organiser_only()
    async def timezone(self, interaction: discord.Interaction, tz: str) -> None:
        """Set the server's time zone."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        settings = await server_settings.set_timezone(bot.db, interaction.guild_id, tz, bot.clock.now())
        await reply(interaction, "setup.timezone_set", zone=settings.timezone)

    @timezone.autocomplete("tz")
    async def timezone_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer IANA zones containing what was typed."""
        return [app_commands.Choice(name=zone, value=zone) for zone in timeparse.search_zones(current)]

    @group.command(name=_("reminders"), description=_("Default reminders for every session, e.g. 7d,1d,2h"))
    @app_commands.rename(offsets=_("offsets"))
    @app_commands.describe(offsets=_("Times before the session, comma-separated: 7d, 1d, 2h, 30m"))
    @organiser_only()
    async def reminders(self, interaction: discord.Interaction, offsets: str) -> None:
        """Set the default reminder offsets."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        settings = await server_settings.set_reminder_offsets(bot.db, interaction.guild_id, offsets, bot.clock.now())
        await reply(interaction, "setup.reminders_set", offsets=settings.reminder_offsets)


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(Setup())
