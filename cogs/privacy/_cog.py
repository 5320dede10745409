"""`/privacy export|delete`, and erasure after a grace period when a member leaves or the bot is removed."""

import io
import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import audit, erasures, privacy, privacy_export, retention
from bot.domain.settings import get_settings
from bot.i18n import t
from bot.ui.confirm import ask_confirmation
from bot.ui.events import MemberDataErased, emit
from bot.ui.leerkring import Leerkring
from bot.ui.replies import answer_language, send_private
from cogs.privacy._lifecycle import call_off, member_present, plan
from cogs.privacy._timers import ErasureHandler, RetentionSweep

log = logging.getLogger(__name__)


def erasure_text(erasure: privacy.Erasure, language: str) -> str:
    """What `/privacy delete` did, in counts."""
    if not erasure.anything:
        return t("privacy.nothing_stored", language)
    erased = ", ".join(t(f"privacy.count_{name}", language, count=rows) for name, rows in erasure.erased)
    return t(
        "privacy.deleted",
        language,
        erased=erased,
        ideas=t(f"privacy.ideas_{erasure.ideas_mode}d", language, count=erasure.counts["ideas"]),
        unlinked=erasure.unlinked,
    )


class Privacy(commands.Cog):
    """A member's own data: export and erasure; erasure after leaving; the daily retention sweep."""

    group = app_commands.Group(
        name=_("privacy"), description=_("Your data in this server: get a copy or erase it"), guild_only=True
    )

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Run erasures and retention through the durable timers."""
        self.bot.timers.register(erasures.KIND, ErasureHandler(self.bot))
        self.bot.timers.register(retention.KIND, RetentionSweep(self.bot))
        await retention.ensure_scheduled(self.bot.db, self.bot.clock.now())

    @group.command(name=_("export"), description=_("Get everything Leerkring stores about you here, as files"))
    async def export(self, interaction: discord.Interaction) -> None:
        """Send the member their data as JSON and as Markdown."""
        assert interaction.guild_id is not None
        user_id, now = interaction.user.id, self.bot.clock.now()
        rows = await privacy_export.collect(self.bot.db, interaction.guild_id, user_id)
        language = await answer_language(interaction)
        name = f"leerkring-{interaction.guild_id}-{user_id}"
        markdown = privacy_export.to_markdown(rows, user_id, now, language)
        files = [
            discord.File(io.BytesIO(privacy_export.to_json(rows).encode()), filename=f"{name}.json"),
            discord.File(io.BytesIO(markdown.encode()), filename=f"{name}.md"),
        ]
        await send_private(interaction, t("privacy.export_ready", language, count=len(rows)), files=files)

    @group.command(name=_("delete"), description=_("Erase what Leerkring stores about you here (asks first)"))
    async def delete(self, interaction: discord.Interaction) -> None:
        """Ask, then erase the member's data in this server."""
        assert interaction.guild_id is not None
        guild_id = interaction.guild_id
        settings = await get_settings(self.bot.db, guild_id)
        language = await answer_language(interaction)
        question = t(
            "privacy.delete_question", language, ideas=t(f"privacy.ideas_will_{settings.member_ideas}", language)
        )

        async def go_ahead(confirmation: discord.Interaction) -> None:
            now = self.bot.clock.now()
            erasure = await privacy.erase_member(self.bot.db, now, guild_id, confirmation.user.id, audit.MEMBER_DELETE)
            emit(self.bot, MemberDataErased(guild_id, erasure))
            await send_private(confirmation, erasure_text(erasure, await answer_language(confirmation)))

        await ask_confirmation(interaction, question, go_ahead)

    # --- leaving and coming back -------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """A member left (or was removed): their data goes after the grace period unless they return."""
        if not payload.user.bot:
            await plan(self.bot, payload.guild_id, payload.user.id)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """A member came back within the grace period: keep their data."""
        await call_off(self.bot, member.guild.id, member.id)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot was removed from a server: its data goes after the grace period unless the bot returns."""
        await plan(self.bot, guild.id, erasures.WHOLE_GUILD)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """The bot was added (back) to a server: keep its data."""
        await call_off(self.bot, guild.id, erasures.WHOLE_GUILD)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Catch up on removals and returns that happened while the bot was offline (unsharded only)."""
        present = {guild.id for guild in self.bot.guilds}
        pending = await erasures.pending_guilds(self.bot.db)
        for guild_id in pending & present:
            await call_off(self.bot, guild_id, erasures.WHOLE_GUILD)
        if (self.bot.shard_count or 1) == 1:
            for guild_id in await erasures.guilds_with_data(self.bot.db) - present - pending:
                await plan(self.bot, guild_id, erasures.WHOLE_GUILD)
        for guild in self.bot.guilds:
            await self._catch_up_members(guild)

    async def _catch_up_members(self, guild: discord.Guild) -> None:
        """Plan the erasure of members who left while the bot was offline; call it off for those who came back."""
        away = await erasures.pending_members(self.bot.db, guild.id)
        for user_id in await erasures.members_with_data(self.bot.db, guild.id):
            if await self._present(guild, user_id) is False:
                await plan(self.bot, guild.id, user_id)
        for user_id in away:
            if await self._present(guild, user_id):
                await call_off(self.bot, guild.id, user_id)

    async def _present(self, guild: discord.Guild, user_id: int) -> bool | None:
        """Whether the member is in the server; None when Discord could not say (the erasure checks again)."""
        if guild.get_member(user_id) is not None:
            return True
        try:
            return await member_present(self.bot, guild.id, user_id)
        except discord.HTTPException:
            log.warning("could not check whether member %s is in server %s", user_id, guild.id)
            return None
