"""`/hosts …`: calls for host municipalities, the volunteers and the confirmed host."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import audit, hosts, sessions
from bot.domain.sessions import Session
from bot.i18n import t
from bot.municipalities import Municipality, directory
from bot.ui import posting
from bot.ui.audit_hook import record_action
from bot.ui.checks import organiser_only
from bot.ui.choices import municipality_choices, session_label, upcoming_session_choices
from bot.ui.confirm import ask_confirmation
from bot.ui.debounce import Debouncer
from bot.ui.events import HostCallChanged, HostConfirmed, MemberDataErased, SessionChanged, emit, listens_to
from bot.ui.forms import answer_form
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.replies import answer_language, send_private
from cogs.hosts import _publisher as host_publisher
from cogs.hosts._render import overview_embeds
from cogs.hosts._timers import HostCallCloser, HostCallWarning
from cogs.hosts._views import FORMS, PERSISTENT_ITEMS

REFRESH_DELAY = 0.5
CHOICE_LIMIT = 25


async def session_list_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Complete a comma-separated list of session numbers: '1,2,' offers the sessions not yet listed."""
    *chosen, typing = current.split(",")
    taken = {part.strip().lstrip("#") for part in chosen}
    prefix = ",".join(part.strip() for part in chosen)
    found = await upcoming_session_choices(interaction, typing)
    return [
        app_commands.Choice(
            name=f"{prefix + ', ' if prefix else ''}{c.name}"[:100], value=f"{prefix + ',' if prefix else ''}{c.value}"
        )
        for c in found
        if str(c.value) not in taken
    ][:CHOICE_LIMIT]


class Hosts(commands.Cog):
    """Host-municipality calls."""

    group = app_commands.Group(name=_("hosts"), description=_("Host municipalities for sessions"), guild_only=True)

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self.refresher = Debouncer(REFRESH_DELAY)

    async def cog_load(self) -> None:
        """Make the call buttons work after a restart, run call deadlines through the durable timers, settle drafts."""
        self.bot.add_dynamic_items(*PERSISTENT_ITEMS)
        self.bot.timers.register(hosts.CLOSE_KIND, HostCallCloser(self.bot))
        self.bot.timers.register(hosts.WARNING_KIND, HostCallWarning(self.bot))
        await posting.repair(self.bot, host_publisher.CallPosts(self.bot))

    async def cog_unload(self) -> None:
        """Show the last state of every call before going away."""
        await self.refresher.flush()

    def _refresh_soon(self, guild_id: int, call_id: int) -> None:
        """Update the call message soon; a burst of changes makes one edit."""
        self.refresher.poke(call_id, lambda: host_publisher.refresh_call(self.bot, guild_id, call_id))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer the volunteering forms, whether they were opened before or after the last restart."""
        await answer_form(interaction, FORMS)

    @listens_to(HostCallChanged)
    async def on_host_call_changed(self, event: HostCallChanged) -> None:
        """Someone volunteered or withdrew: the call message follows."""
        self._refresh_soon(event.guild_id, event.call_id)

    @listens_to(SessionChanged)
    async def on_session_changed(self, event: SessionChanged) -> None:
        """The calls that include an edited session show it as it is now; a cancelled one as gone."""
        await host_publisher.refresh_calls_with(self.bot, event.session)

    @listens_to(MemberDataErased)
    async def on_member_data_erased(self, event: MemberDataErased) -> None:
        """The erased member's municipality entries disappear from the calls they were in."""
        for call_id in event.erasure.call_ids:
            self._refresh_soon(event.guild_id, call_id)

    @group.command(name=_("call"), description=_("Ask which municipalities want to host sessions (organisers)"))
    @app_commands.rename(sessions_text=_("sessions"), closes=_("closes"), channel=_("channel"))
    @app_commands.describe(
        sessions_text=_("Session numbers, comma-separated (offered as you type)"),
        closes=_("Until when volunteers can sign up, e.g. 1 juni 17:00"),
        channel=_("Where to post the call (default: here)"),
    )
    @app_commands.autocomplete(sessions_text=session_list_choices)
    @organiser_only()
    async def call(
        self,
        interaction: discord.Interaction,
        sessions_text: str,
        closes: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Open a call and post it."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None and interaction.channel_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        call = await hosts.open_call(
            bot.db,
            bot.clock.now(),
            guild_id=interaction.guild_id,
            channel_id=channel.id if channel else interaction.channel_id,
            created_by=interaction.user.id,
            sessions_text=sessions_text,
            closes=closes,
        )
        message = await host_publisher.post_call(bot, call)
        covered = await hosts.call_sessions(bot.db, call)
        await send_private(
            interaction,
            t(
                "hosts.call_posted",
                await answer_language(interaction),
                id=call.id,
                count=len(covered),
                link=message.jump_url,
            ),
        )

    @group.command(name=_("list"), description=_("Volunteering municipalities, and when each last hosted"))
    @app_commands.rename(session_id=_("session"))
    @app_commands.describe(session_id=_("The session's number (default: all upcoming sessions)"))
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    async def list_volunteers(self, interaction: discord.Interaction, session_id: int | None = None) -> None:
        """Show volunteers with their notes and when each municipality last hosted."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        now = bot.clock.now()
        if session_id is None:
            chosen = await sessions.upcoming(bot.db, interaction.guild_id, now)
        else:
            chosen = [await sessions.get_session(bot.db, interaction.guild_id, session_id)]
        language = await answer_language(interaction)
        if not chosen:
            await send_private(interaction, t("session.list_empty", language))
            return
        overviews = [(session, await hosts.session_volunteers(bot.db, session.id)) for session in chosen]
        codes = sorted({v.municipality_code for _, volunteers in overviews for v in volunteers})
        last = await hosts.last_hosted(bot.db, interaction.guild_id, codes, now)
        embeds = overview_embeds(overviews, last, language)
        await interaction.response.send_message(embeds=embeds, ephemeral=True)

    @group.command(name=_("confirm"), description=_("Confirm a session's host municipality (organisers)"))
    @app_commands.rename(session_id=_("session"), municipality=_("municipality"))
    @app_commands.describe(
        session_id=_("The session's number"), municipality=_("The host municipality (offered as you type)")
    )
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    @app_commands.autocomplete(municipality=municipality_choices)
    @organiser_only()
    async def confirm(self, interaction: discord.Interaction, session_id: int, municipality: str) -> None:
        """Confirm a host; one that did not volunteer needs a second 'Bevestigen'."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        session = await sessions.get_open_session(bot.db, interaction.guild_id, session_id)
        host = directory().resolve(municipality)
        if await hosts.volunteered_for(bot.db, session.id, host.code):
            await self._confirm(interaction, session, host)
            return
        question = t(
            "hosts.confirm_unvolunteered",
            await answer_language(interaction),
            municipality=host.display_name,
            title=session_label(session),
        )

        async def go_ahead(confirmation: discord.Interaction) -> None:
            await self._confirm(confirmation, session, host)

        await ask_confirmation(interaction, question, go_ahead)

    async def _confirm(self, interaction: discord.Interaction, session: Session, host: Municipality) -> None:
        bot = self.bot
        confirmed = await hosts.confirm_host(bot.db, bot.clock.now(), session.guild_id, session.id, host)
        await record_action(interaction, audit.HOST_CONFIRM, f"#{session.id}: {host.name}")
        emit(bot, HostConfirmed(confirmed))
        await host_publisher.announce_host(bot, confirmed)
        await host_publisher.refresh_calls_with(bot, confirmed)
        await send_private(
            interaction,
            t(
                "hosts.confirmed",
                await answer_language(interaction),
                title=confirmed.title,
                municipality=host.display_name,
            ),
        )
