"""How sessions and reminders look in Discord: embeds and texts, in one language at a time."""

from collections.abc import Sequence
from datetime import datetime, timedelta

import discord

from bot.documents.wording import place
from bot.domain.notices import Tally
from bot.domain.places import Answer, Counts, State
from bot.domain.reminders import Reminder
from bot.domain.resources import Resource
from bot.domain.sessions import Session
from bot.i18n import t
from bot.timeparse import discord_timestamp, format_offset
from bot.ui.material import add_preparation
from bot.ui.render import COLOUR, budget_embed, plain

CANCELLED_COLOUR = discord.Colour.dark_grey()


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    """Return the link that opens a message in Discord."""
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def when_text(session: Session) -> str:
    """The start as a Discord timestamp (each reader sees their own local time) plus 'in 3 days'."""
    return f"{discord_timestamp(session.start.utc, 'F')} ({discord_timestamp(session.start.utc, 'R')})"


def duration_text(duration: timedelta, language: str) -> str:
    """Write a duration such as '2 uur' or '1 uur 30 min'."""
    hours, minutes = divmod(int(duration.total_seconds() // 60), 60)
    if not minutes:
        return t("session.duration_hours", language, hours=hours)
    return t("session.duration_hours_minutes", language, hours=hours, minutes=minutes)


def rsvp_text(counts: Counts, language: str) -> str:
    """How many are coming: '12 van 40 plaatsen · 3 op de wachtlijst · 2 komen niet' (without a capacity, no places)."""
    parts = []
    if counts.capacity is None:
        parts.append(t("session.count_coming", language, coming=counts.coming))
    else:
        parts.append(t("session.count_places", language, coming=counts.coming, capacity=counts.capacity))
    if counts.waiting:
        parts.append(t("session.count_waiting", language, waiting=counts.waiting))
    parts.append(t("session.count_not_coming", language, not_coming=counts.not_coming))
    return " · ".join(parts)


def answer_text(answer: Answer, title: str, language: str) -> str:
    """The private confirmation of an RSVP: signed up, on the waiting list (with the place), or not coming."""
    if answer.state is State.COMING:
        return t("session.rsvp_yes", language, title=title)
    if answer.state is State.WAITING:
        return t("session.rsvp_waiting", language, title=title, position=answer.position)
    return t("session.rsvp_no", language, title=title)


def waiting_list_text(user_ids: list[int]) -> str:
    """The waiting list for organisers, next first: '1. @Anna' per line (mentions in an embed never ping)."""
    return "\n".join(f"{position}. <@{user_id}>" for position, user_id in enumerate(user_ids, start=1))


def announcement_embed(session: Session, counts: Counts, language: str) -> discord.Embed:
    """The announcement of a session, with its RSVP counts and places."""
    title = t("session.cancelled_title", language, title=session.title) if session.cancelled else session.title
    embed = discord.Embed(
        title=title,
        description=plain(session.description) if session.description else None,
        colour=CANCELLED_COLOUR if session.cancelled else COLOUR,
    )
    embed.add_field(name=t("session.field_when", language), value=when_text(session), inline=False)
    embed.add_field(name=t("session.field_duration", language), value=duration_text(session.duration, language))
    embed.add_field(name=t("session.field_place", language), value=plain(place(session, language)))
    if session.host_name:
        embed.add_field(name=t("session.field_host", language), value=session.host_name)
    embed.add_field(
        name=t("session.field_rsvps", language),
        value=rsvp_text(counts, language),
        inline=False,
    )
    embed.set_footer(text=t("session.footer", language, id=session.id))
    return budget_embed(embed, language)


def list_embed(sessions: list[tuple[Session, int]], language: str) -> discord.Embed:
    """Upcoming sessions, one line each, with how many are coming."""
    embed = discord.Embed(title=t("session.list_title", language), colour=COLOUR)
    lines = [
        t(
            "session.list_line",
            language,
            id=session.id,
            title=plain(session.title),
            when=when_text(session),
            place=plain(place(session, language)),
            coming=coming,
        )
        for session, coming in sessions
    ]
    embed.description = "\n".join(lines) or t("session.list_empty", language)
    return budget_embed(embed, language)


def reminder_state_text(reminder: Reminder, language: str) -> str:
    """A reminder's status in words (with the error for failed ones)."""
    text = t(f"reminder.status_{reminder.status.value}", language)
    if reminder.last_error and reminder.status.value in ("failed", "pending"):
        text += f" ({reminder.last_error[:80]})"
    return text


def reminder_line(reminder: Reminder, language: str, tally: Tally | None = None) -> str:
    """One line of `/reminder list`; a sent one says how many it reached by DM and by mention in the channel."""
    before = (
        t("reminder.offset_before", language, offset=format_offset(reminder.offset))
        if reminder.offset
        else t("reminder.fixed_moment", language)
    )
    return t(
        "reminder.list_line",
        language,
        id=reminder.id,
        session=reminder.session_id,
        title=reminder.session_title or "",
        when=discord_timestamp(reminder.fire.utc, "f"),
        before=before,
        state=reminder_state_text(reminder, language),
    ) + (t("reminder.list_ways", language, dm=tally.sent, mentioned=tally.mentioned) if tally else "")


def reminders_embed(reminders: list[Reminder], language: str, tallies: dict[int, Tally] | None = None) -> discord.Embed:
    """The server's reminders with their status (and how the sent ones went out), for organisers."""
    lines = [reminder_line(reminder, language, (tallies or {}).get(reminder.id)) for reminder in reminders]
    embed = discord.Embed(
        title=t("reminder.list_title", language),
        description="\n".join(lines) or t("reminder.list_empty", language),
        colour=COLOUR,
    )
    return budget_embed(embed, language)


def reminder_embed(
    session: Session,
    reminder: Reminder,
    announcement_url: str | None,
    late: bool,
    language: str,
    material: Sequence[Resource] = (),
) -> discord.Embed:
    """The reminder message itself: which session, when, where, the link to the announcement, what to prepare."""
    embed = discord.Embed(title=t("reminder.title", language, title=session.title), colour=COLOUR)
    if late:
        embed.description = t("reminder.late_note", language)
    if reminder.message:
        message = plain(reminder.message)
        embed.description = f"{embed.description}\n\n{message}" if embed.description else message
    embed.add_field(name=t("session.field_when", language), value=when_text(session), inline=False)
    embed.add_field(name=t("session.field_place", language), value=plain(place(session, language)))
    if session.host_name:
        embed.add_field(name=t("session.field_host", language), value=session.host_name)
    if announcement_url:
        embed.add_field(name=t("reminder.field_announcement", language), value=announcement_url)
    add_preparation(embed, material, language)
    embed.set_footer(text=t("reminder.footer", language, id=reminder.id))
    return budget_embed(embed, language)


def checkin_embed(session: Session, count: int, closes_at: datetime, language: str) -> discord.Embed:
    """The check-in message of a session: 'Ben je er?', how many checked in, and until when it is open."""
    embed = discord.Embed(
        title=t("checkin.title", language, title=plain(session.title)),
        description=t("checkin.description", language, until=discord_timestamp(closes_at, "t")),
        colour=COLOUR,
    )
    embed.add_field(name=t("checkin.field_count", language), value=str(count))
    embed.set_footer(text=t("checkin.footer", language, id=session.id))
    return budget_embed(embed, language)
