"""`/profile …`: a member's own organisation (a municipality from the official list, or another)."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import profiles
from bot.ui.choices import municipality_choices
from bot.ui.leerkring import leerkring
from bot.ui.replies import reply


class Profile(commands.Cog):
    """Members' profiles."""

    group = app_commands.Group(name=_("profile"), description=_("Your organisation in this network"), guild_only=True)

    @group.command(name=_("municipality"), description=_("Set the municipality you work for"))
    @app_commands.rename(name=_("name"))
    @app_commands.describe(name=_("Start typing and pick your municipality from the list"))
    async def municipality(self, interaction: discord.Interaction, name: str) -> None:
        """Set the member's municipality."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        profile = await profiles.set_municipality(
            bot.db, interaction.guild_id, interaction.user.id, name, bot.clock.now()
        )
        await reply(interaction, "profile.municipality_set", name=_shown_name(profile))

    municipality.autocomplete("name")(municipality_choices)

    @group.command(name=_("organisation"), description=_("Set another organisation, e.g. VNG"))
    @app_commands.rename(name=_("name"))
    @app_commands.describe(name=_("The name of your organisation"))
    async def organisation(self, interaction: discord.Interaction, name: str) -> None:
        """Set a free-text organisation."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        profile = await profiles.set_organisation(
            bot.db, interaction.guild_id, interaction.user.id, name, bot.clock.now()
        )
        key = "profile.municipality_set" if profile.municipality_code else "profile.organisation_set"
        await reply(interaction, key, name=_shown_name(profile))

    @group.command(name=_("show"), description=_("Show your profile in this server"))
    async def show(self, interaction: discord.Interaction) -> None:
        """Show the member's own profile."""
        assert interaction.guild_id is not None
        profile = await profiles.get_profile(leerkring(interaction).db, interaction.guild_id, interaction.user.id)
        if profile is None:
            await reply(interaction, "profile.none")
        elif profile.municipality_code:
            await reply(interaction, "profile.show_municipality", name=_shown_name(profile))
        else:
            await reply(interaction, "profile.show_organisation", name=profile.organisation)


def _shown_name(profile: profiles.Profile) -> str:
    municipality = profile.municipality
    return municipality.display_name if municipality else profile.organisation
