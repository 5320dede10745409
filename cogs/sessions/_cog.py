"""`/session …`: plan sessions, RSVP, calendar files; announcements follow confirmed hosts and erasures."""

import io

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.calendar import sessions_calendar
from bot.documents.wording import place
from bot.domain import checkins, places, records, reminders, resources, sessions
from bot.domain.sessions import Session
from bot.domain.settings import notice_once
from bot.errors import UserError
from bot.i18n import t
from bot.timeparse import WHEN_FORMAT, format_offset
from bot.ui import notices, posting
from bot.ui.checks import member_is_organiser, organiser_only
from bot.ui.choices import any_session_choices, upcoming_session_choices
from bot.ui.debounce import Debouncer
from bot.ui.events import HostConfirmed, MemberDataErased, SessionChanged, emit, listens_to
from bot.ui.forms import answer_form
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.material import add_preparation
from bot.ui.render import budget_embed
from bot.ui.replies import answer_language, send_private
from cogs.sessions import _publisher as session_publisher
from cogs.sessions._checkin import CHECKIN_CHANGED, CheckinButton, CheckinDelivery, CheckinPosts, refresh_checkin
from cogs.sessions._promotion import PlaceNotice
from cogs.sessions._record import FORMS, record_form
from cogs.sessions._render import answer_text, jump_url, list_embed, waiting_list_text, when_text
from cogs.sessions._views import RsvpButton, announcement

FIELD_NAMES = {
    "title": _("title"),
    "starts": _("starts"),
    "duration": _("duration"),
    "location": _("location"),
    "description": _("description"),
    "capacity": _("capacity"),
}
FIELD_HELP = {
    "title": _("What the session is called"),
    "starts": _("When it starts, e.g. 25 June 14:00, tomorrow 10:00 or 10-12-2026 19:30"),
    "duration": _("How long, e.g. 2h or 1h30m (default 2h)"),
    "location": _("Where (until a host municipality is confirmed)"),
    "description": _("What the session is about"),
    "capacity": _("How many places (0: no limit; left empty when editing: unchanged)"),
}
REFRESH_DELAY = 0.5
Places = app_commands.Range[int, 0, places.CAPACITY_MAX]
RECORD_HELP = "Write the session's record: what stood out, what follows (organisers)"


def local_text(session: Session) -> str:
    """The start as the organiser typed it, with the zone's abbreviation: '25-10-2026 02:30 CEST'."""
    return f"{session.start.local.strftime(WHEN_FORMAT)} {session.start.aware.tzname()}"


class Sessions(commands.Cog):
    """Sessions of the learning circle."""

    group = app_commands.Group(name=_("session"), description=_("Sessions of the learning circle"), guild_only=True)

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot
        self.checkin_refresher = Debouncer(REFRESH_DELAY)

    async def cog_load(self) -> None:
        """Make RSVP and check-in buttons work (also on messages from before a restart); settle drafts a stop left.

        A draft exists only between posting a message and recording it, so there are at most a few after a
        crash; settling them before the gateway connects (and before timers run) keeps their fate deterministic.
        """
        self.bot.add_dynamic_items(RsvpButton, CheckinButton)
        self.bot.timers.register(checkins.KIND, CheckinDelivery(self.bot))
        notices.register(PlaceNotice())
        await posting.repair(self.bot, session_publisher.Announcements(self.bot))
        await posting.repair(self.bot, CheckinPosts(self.bot))

    async def cog_unload(self) -> None:
        """Show the last check-in counts before going away."""
        await self.checkin_refresher.flush()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer the record form, whether it was opened before or after the last restart."""
        await answer_form(interaction, FORMS)

    @commands.Cog.listener(f"on_{CHECKIN_CHANGED}")
    async def on_checkin_changed(self, guild_id: int, session_id: int) -> None:
        """A member checked in: the check-in message's count follows, a burst of clicks making one edit."""
        self.checkin_refresher.poke(session_id, lambda: refresh_checkin(self.bot, guild_id, session_id))

    @listens_to(HostConfirmed)
    async def on_host_confirmed(self, event: HostConfirmed) -> None:
        """The announcement and the Discord event name the confirmed host."""
        await session_publisher.refresh(self.bot, event.session)
        await session_publisher.mirror_event(self.bot, event.session)

    @listens_to(MemberDataErased)
    async def on_member_data_erased(self, event: MemberDataErased) -> None:
        """The RSVP counts of the sessions the erased member answered drop in their announcements."""
        for session_id in event.erasure.session_ids:
            session = await sessions.get_session(self.bot.db, event.guild_id, session_id)
            await session_publisher.refresh(self.bot, session)

    @group.command(name=_("create"), description=_("Plan a session and announce it (organisers)"))
    @app_commands.rename(**FIELD_NAMES, channel=_("channel"))
    @app_commands.describe(**FIELD_HELP, channel=_("Where to post the announcement (default: here)"))
    @organiser_only()
    async def create(
        self,
        interaction: discord.Interaction,
        title: str,
        starts: str,
        duration: str | None = None,
        location: str | None = None,
        description: str | None = None,
        channel: discord.TextChannel | None = None,
        capacity: Places | None = None,
    ) -> None:
        """Plan a session, announce it and mirror it as a Discord event."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None and interaction.channel_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        target = channel.id if channel else interaction.channel_id
        session = await sessions.create_session(
            bot.db,
            bot.clock.now(),
            guild_id=interaction.guild_id,
            created_by=interaction.user.id,
            channel_id=target,
            title=title,
            starts=starts,
            duration=duration,
            location=location,
            description=description,
            capacity=capacity,
        )
        try:
            session = await session_publisher.announce(bot, session)
        except posting.Refused:
            raise UserError("session.channel_unusable", channel=f"<#{target}>") from None
        language = await answer_language(interaction)
        planned = await reminders.session_reminders(bot.db, session.id)
        offsets = ", ".join(format_offset(r.offset) for r in planned if r.offset) or t("session.no_reminders", language)
        text = t(
            "session.created",
            language,
            id=session.id,
            title=session.title,
            local=local_text(session),
            when=when_text(session),
            channel=f"<#{target}>",
            reminders=offsets,
        )
        if not await session_publisher.mirror_event(bot, session) and await notice_once(
            bot.db, interaction.guild_id, "events_permission", bot.clock.now()
        ):
            text += "\n" + t("session.no_event_permission", language)
        await send_private(interaction, text)

    @group.command(name=_("list"), description=_("Upcoming sessions"))
    async def list_sessions(self, interaction: discord.Interaction) -> None:
        """List the upcoming sessions with how many are coming."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        found = await sessions.upcoming(bot.db, interaction.guild_id, bot.clock.now())
        counted = [(session, (await sessions.rsvp_counts(bot.db, session.id)).coming) for session in found]
        await send_private(interaction, embed=list_embed(counted, await answer_language(interaction)))

    @group.command(name=_("show"), description=_("Show one session"))
    @app_commands.rename(session_id=_("id"))
    @app_commands.describe(session_id=_("The session's number"))
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    async def show(self, interaction: discord.Interaction, session_id: int) -> None:
        """Show a session as announced, with a link to the announcement."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        session = await sessions.get_session(bot.db, interaction.guild_id, session_id)
        embed, _view = await announcement(bot, session)
        language = await answer_language(interaction)
        if session.announcement_message_id:
            link = jump_url(session.guild_id, session.channel_id, session.announcement_message_id)
            embed.add_field(name=t("session.field_announcement", language), value=link)
        add_preparation(embed, await resources.of_session(bot.db, session.id), language)
        waiting = await sessions.waiting_list(bot.db, session.id)
        if waiting and await member_is_organiser(interaction):
            embed.add_field(
                name=t("session.field_waiting_list", language), value=waiting_list_text(waiting), inline=False
            )
        await send_private(interaction, embed=budget_embed(embed, language))

    @group.command(name=_("edit"), description=_("Change a session; its reminders move with it (organisers)"))
    @app_commands.rename(session_id=_("id"), **FIELD_NAMES)
    @app_commands.describe(session_id=_("The session's number"), **FIELD_HELP)
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    @organiser_only()
    async def edit(
        self,
        interaction: discord.Interaction,
        session_id: int,
        title: str | None = None,
        starts: str | None = None,
        duration: str | None = None,
        location: str | None = None,
        description: str | None = None,
        capacity: Places | None = None,
    ) -> None:
        """Edit a session, then update its announcement and Discord event; say so when more come than fit."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        session = await sessions.edit_session(
            bot.db,
            bot.clock.now(),
            guild_id=interaction.guild_id,
            session_id=session_id,
            title=title,
            starts=starts,
            duration=duration,
            location=location,
            description=description,
            capacity=capacity,
        )
        refreshed = await session_publisher.refresh(bot, session)
        await session_publisher.mirror_event(bot, session)
        emit(bot, SessionChanged(session))
        language = await answer_language(interaction)
        text = t(
            "session.edited",
            language,
            id=session.id,
            title=session.title,
            local=local_text(session),
            when=when_text(session),
            place=place(session, language),
        )
        counts = await sessions.rsvp_counts(bot.db, session.id)
        if capacity is not None and counts.capacity is not None and counts.coming > counts.capacity:
            text += "\n" + t("session.capacity_over", language, coming=counts.coming, capacity=counts.capacity)
        if not refreshed:
            text += "\n" + t("session.announcement_stale", language, channel=f"<#{session.channel_id}>")
        await send_private(interaction, text)

    @group.command(name=_("cancel"), description=_("Cancel a session and tell its attendees (organisers)"))
    @app_commands.rename(session_id=_("id"))
    @app_commands.describe(session_id=_("The session's number"))
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    @organiser_only()
    async def cancel(self, interaction: discord.Interaction, session_id: int) -> None:
        """Cancel a session: its reminders stop, attendees are told, the announcement and event follow."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        session = await sessions.cancel_session(bot.db, bot.clock.now(), interaction.guild_id, session_id)
        attendees = await sessions.attendees(bot.db, session.id)
        await session_publisher.refresh(bot, session)
        await session_publisher.cancel_event(bot, session)
        await session_publisher.tell_cancelled(bot, session, attendees)
        emit(bot, SessionChanged(session))
        await send_private(
            interaction,
            t(
                "session.cancel_done",
                await answer_language(interaction),
                id=session.id,
                title=session.title,
                count=len(attendees),
            ),
        )

    @group.command(name=_("close"), description=_(RECORD_HELP))
    @app_commands.rename(session_id=_("id"))
    @app_commands.describe(session_id=_("The session's number"))
    @app_commands.autocomplete(session_id=any_session_choices)
    @organiser_only()
    async def close(self, interaction: discord.Interaction, session_id: int) -> None:
        """Open the record form of a session, prefilled with what was saved before."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        session = await sessions.get_session(bot.db, interaction.guild_id, session_id)
        record = await records.get_record(bot.db, interaction.guild_id, session.id)
        await interaction.response.send_modal(record_form(session, record, await answer_language(interaction)))

    @group.command(name=_("attend"), description=_("Say whether you are coming to a session"))
    @app_commands.rename(session_id=_("id"), coming=_("coming"))
    @app_commands.describe(session_id=_("The session's number"), coming=_("Are you coming? (default: yes)"))
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    async def attend(self, interaction: discord.Interaction, session_id: int, coming: bool = True) -> None:
        """RSVP by command, as the buttons do."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        answer = await sessions.rsvp(
            bot.db, bot.clock.now(), interaction.guild_id, session_id, interaction.user.id, coming
        )
        session = await sessions.get_session(bot.db, interaction.guild_id, session_id)
        await send_private(interaction, answer_text(answer, session.title, await answer_language(interaction)))
        await session_publisher.refresh(bot, session)

    @group.command(name=_("ics"), description=_("A calendar file of one session or all upcoming ones"))
    @app_commands.rename(session_id=_("id"))
    @app_commands.describe(session_id=_("The session's number (default: all upcoming sessions)"))
    @app_commands.autocomplete(session_id=upcoming_session_choices)
    async def ics(self, interaction: discord.Interaction, session_id: int | None = None) -> None:
        """Send an .ics file to import into a calendar."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        language = await answer_language(interaction)
        if session_id is None:
            chosen = await sessions.upcoming(bot.db, interaction.guild_id, bot.clock.now())
            text, name = t("session.ics_all", language, count=len(chosen)), "leerkring.ics"
        else:
            chosen = [await sessions.get_session(bot.db, interaction.guild_id, session_id)]
            text, name = t("session.ics_one", language, title=chosen[0].title), f"leerkring-{session_id}.ics"
        calendar_name, host_label = t("session.calendar_name", language), t("session.field_host", language)
        material = await resources.of_sessions(bot.db, [session.id for session in chosen])
        prepare_label = t("resource.to_prepare", language)
        document = sessions_calendar(chosen, bot.clock.now(), calendar_name, host_label, material, prepare_label)
        await send_private(interaction, text, files=[discord.File(io.BytesIO(document), filename=name)])
