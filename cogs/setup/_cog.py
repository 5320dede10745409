"""`/setup …`: per-server settings for organisers."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import timeparse
from bot.domain import audit, calendar_links, retention
from bot.domain import settings as server_settings
from bot.i18n import t
from bot.ui.audit_hook import record_action
from bot.ui.checks import organiser_only
from bot.ui.leerkring import leerkring
from bot.ui.replies import answer_language, reply, send_private
from cogs.setup._render import audit_embed, retention_text, settings_embed


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
        await server_settings.set_organiser_role(
            bot.db,
            interaction.guild_id,
            role.id,
            bot.clock.now(),
            managed=role.managed,
            by_manager=interaction.permissions.manage_guild,
        )
        await record_action(interaction, audit.SETUP_CHANGE, f"organiser_role={role.id}")
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
        await record_action(interaction, audit.SETUP_CHANGE, f"language={language.value}")
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
        await record_action(interaction, audit.SETUP_CHANGE, f"timezone={settings.timezone}")
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
        await record_action(interaction, audit.SETUP_CHANGE, f"reminder_offsets={settings.reminder_offsets}")
        await reply(interaction, "setup.reminders_set", offsets=settings.reminder_offsets)

    @group.command(name=_("retention"), description=_("How long members' data is kept, and what erasure does to ideas"))
    @app_commands.rename(ideas=_("ideas"), grace_days=_("grace-days"), months=_("months"))
    @app_commands.describe(
        ideas=_("A departed or erased member's ideas: kept anonymised, or erased"),
        grace_days=_("Days after a member leaves (or the bot is removed) before their data is erased"),
        months=_("Anonymise or erase ideas and attendance older than this many months; 0 keeps them"),
    )
    @app_commands.choices(
        ideas=[
            app_commands.Choice(name=_("anonymise"), value="anonymise"),
            app_commands.Choice(name=_("erase"), value="erase"),
        ]
    )
    @organiser_only()
    async def retention_settings(
        self,
        interaction: discord.Interaction,
        ideas: app_commands.Choice[str] | None = None,
        grace_days: app_commands.Range[int, 0, server_settings.MAX_GRACE_DAYS] | None = None,
        months: app_commands.Range[int, 0, server_settings.MAX_RETENTION_MONTHS] | None = None,
    ) -> None:
        """Set (or, without options, show) the retention settings."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        mode = ideas.value if ideas else None
        settings = await server_settings.set_retention(
            bot.db, interaction.guild_id, bot.clock.now(), mode, grace_days, months
        )
        changes = {"member_ideas": mode, "grace_days": grace_days, "retention_months": months}
        if any(value is not None for value in changes.values()):
            await record_action(
                interaction, audit.SETUP_CHANGE, " ".join(f"{k}={v}" for k, v in changes.items() if v is not None)
            )
            await retention.ensure_scheduled(bot.db, bot.clock.now())
        language = await answer_language(interaction)
        await reply(
            interaction,
            "retention.set",
            ideas=t(f"privacy.ideas_will_{settings.member_ideas}", language),
            days=settings.grace_days,
            period=retention_text(settings, language),
        )

    @group.command(name=_("audit"), description=_("The latest organiser actions on members' data"))
    @organiser_only()
    async def audit_log(self, interaction: discord.Interaction) -> None:
        """Show the latest audit log entries."""
        assert interaction.guild_id is not None
        entries = await audit.latest(leerkring(interaction).db, interaction.guild_id)
        await send_private(interaction, embed=audit_embed(entries, await answer_language(interaction)))

    @group.command(
        name=_("calendar-link"),
        description=_("The address of this server's calendar feed, to subscribe to in a calendar app"),
    )
    @app_commands.rename(rotate=_("rotate"))
    @app_commands.describe(rotate=_("Make a new address; the old one stops working"))
    @organiser_only()
    async def calendar_link(self, interaction: discord.Interaction, rotate: bool = False) -> None:
        """Show the feed's address when it is made (or rotated); the token is shown only in this private answer."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        if bot.calendar_feed_base is None:
            await reply(interaction, "setup.calendar_link_off")
            return
        link = await calendar_links.make_link(
            bot.db, interaction.guild_id, interaction.user.id, bot.clock.now(), rotate
        )
        if link is None:
            await reply(interaction, "setup.calendar_link_exists")
            return
        url = f"{bot.calendar_feed_base}/{link.token}.ics"
        await reply(interaction, "setup.calendar_link_rotated" if link.rotated else "setup.calendar_link_made", url=url)
