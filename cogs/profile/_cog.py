"""`/profile …`: a member's own organisation (a municipality from the official list, or another), and whether the
bot may send them direct messages and how their session reminders come."""

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

    @group.command(name=_("notifications"), description=_("Whether the bot may send you direct messages"))
    @app_commands.rename(setting=_("setting"))
    @app_commands.describe(setting=_("on: the status of your ideas, places and reminders by DM; off: none"))
    @app_commands.choices(
        setting=[app_commands.Choice(name=_("on"), value="on"), app_commands.Choice(name=_("off"), value="off")]
    )
    async def notifications(self, interaction: discord.Interaction, setting: app_commands.Choice[str]) -> None:
        """Turn the bot's direct messages to the member on or off."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await profiles.set_notifications(
            bot.db, interaction.guild_id, interaction.user.id, setting.value, bot.clock.now()
        )
        await reply(interaction, f"profile.notifications_{setting.value}")

    @group.command(name=_("reminders"), description=_("How session reminders reach you"))
    @app_commands.rename(setting=_("setting"))
    @app_commands.describe(setting=_("channel: a mention in the session's channel; dm: a direct message"))
    @app_commands.choices(
        setting=[
            app_commands.Choice(name=_("in the channel"), value="channel"),
            app_commands.Choice(name=_("by direct message"), value="dm"),
        ]
    )
    async def reminders(self, interaction: discord.Interaction, setting: app_commands.Choice[str]) -> None:
        """Have session reminders come as a mention in the channel or as a direct message."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        chosen = await profiles.set_reminder_way(
            bot.db, interaction.guild_id, interaction.user.id, setting.value, bot.clock.now()
        )
        off = chosen.reminders == "dm" and chosen.notifications == "off"
        await reply(interaction, "profile.reminders_dm_but_off" if off else f"profile.reminders_{setting.value}")


def _shown_name(profile: profiles.Profile) -> str:
    municipality = profile.municipality
    return municipality.display_name if municipality else profile.organisation
