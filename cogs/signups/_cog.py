"""`/signup …`: calls for municipalities to join an initiative, the list of who signed up, and closing."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import signups
from bot.i18n import t
from bot.ui import posting
from bot.ui.checks import organiser_only
from bot.ui.debounce import Debouncer
from bot.ui.events import MemberDataErased, SignupCallChanged, listens_to
from bot.ui.forms import answer_form
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.replies import answer_language, send_private
from cogs.signups._publisher import SignupDeadline, SignupPosts, post_call, refresh_call
from cogs.signups._render import call_overview_embed, open_calls_embed
from cogs.signups._views import FORMS, PERSISTENT_ITEMS

REFRESH_DELAY = 0.5


class Signups(commands.Cog):
    """Sign-up calls for municipalities."""

    group = app_commands.Group(
        name=_("signup"), description=_("Municipalities that join an initiative"), guild_only=True
    )

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self.refresher = Debouncer(REFRESH_DELAY)

    async def cog_load(self) -> None:
        """Make the buttons work after a restart, run deadlines through the durable timers, settle drafts."""
        self.bot.add_dynamic_items(*PERSISTENT_ITEMS)
        self.bot.timers.register(signups.DEADLINE.warning_kind, SignupDeadline(self.bot, warn=True))
        self.bot.timers.register(signups.DEADLINE.close_kind, SignupDeadline(self.bot, warn=False))
        await posting.repair(self.bot, SignupPosts(self.bot))

    async def cog_unload(self) -> None:
        """Show the last state of every call before going away."""
        await self.refresher.flush()

    def _refresh_soon(self, guild_id: int, call_id: int) -> None:
        self.refresher.poke(call_id, lambda: refresh_call(self.bot, guild_id, call_id))

    @group.command(name=_("open"), description=_("Ask which municipalities want to join an initiative (organisers)"))
    @app_commands.rename(question=_("question"), closes=_("closes"), channel=_("channel"))
    @app_commands.describe(
        question=_("The question, e.g. Which municipalities want to join the Thorbecke experiments?"),
        closes=_("Until when municipalities can sign up, e.g. 1 juni 17:00"),
        channel=_("Where to post the call (default: here)"),
    )
    @organiser_only()
    async def open(
        self,
        interaction: discord.Interaction,
        question: str,
        closes: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Open a call and post it."""
        bot, guild_id, here = leerkring(interaction), interaction.guild_id, interaction.channel_id
        assert guild_id is not None and here is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        where = channel.id if channel else here
        call = await signups.open_call(bot.db, bot.clock.now(), guild_id, where, interaction.user.id, question, closes)
        message = await post_call(bot, call)
        language = await answer_language(interaction)
        await send_private(interaction, t("signups.call_posted", language, id=call.id, link=message.jump_url))

    @group.command(name=_("list"), description=_("Open sign-up calls, or one call with its municipalities and notes"))
    @app_commands.rename(call_id=_("id"))
    @app_commands.describe(call_id=_("The call's number (default: all open calls)"))
    async def list_calls(self, interaction: discord.Interaction, call_id: int | None = None) -> None:
        """Show the open calls with their counts, or one call with its entries and notes."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        language = await answer_language(interaction)
        if call_id is not None:
            call = await signups.get_call(bot.db, interaction.guild_id, call_id)
            embed = call_overview_embed(call, await signups.entries(bot.db, call.id), language)
            await send_private(interaction, embed=embed)
            return
        calls = await signups.open_calls(bot.db, interaction.guild_id)
        if not calls:
            await send_private(interaction, t("signups.list_empty", language))
            return
        await send_private(interaction, embed=open_calls_embed(calls, language))

    @group.command(name=_("close"), description=_("Close a sign-up call now (organisers)"))
    @app_commands.rename(call_id=_("id"))
    @app_commands.describe(call_id=_("The call's number"))
    @organiser_only()
    async def close(self, interaction: discord.Interaction, call_id: int) -> None:
        """Close a call and show its final state."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        closed = await signups.close_call(bot.db, interaction.guild_id, call_id, bot.clock.now())
        if closed:
            await refresh_call(bot, interaction.guild_id, call_id)
        language = await answer_language(interaction)
        await send_private(
            interaction, t("signups.closed" if closed else "signups.already_closed", language, id=call_id)
        )

    @listens_to(MemberDataErased)
    async def on_member_data_erased(self, event: MemberDataErased) -> None:
        """An erased member's part may have ended an entry: the server's open calls follow."""
        for call in await signups.open_calls(self.bot.db, event.guild_id):
            self._refresh_soon(event.guild_id, call.id)

    @listens_to(SignupCallChanged)
    async def on_signup_call_changed(self, event: SignupCallChanged) -> None:
        """Someone joined or withdrew: the call message follows."""
        self._refresh_soon(event.guild_id, event.call_id)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer the sign-up forms, whether they were opened before or after the last restart."""
        await answer_form(interaction, FORMS)
