"""How sessions and reminders look in Discord: embeds and texts, in one language at a time."""

from datetime import datetime, timedelta

import discord

from bot.documents.wording import place
from bot.domain.notices import Tally
from bot.domain.reminders import Reminder
from bot.domain.sessions import Session
from bot.i18n import t
from bot.timeparse import discord_timestamp, format_offset
from bot.ui.render import COLOUR, budget_embed, plain

CANCELLED_COLOUR = discord.Colour.dark_grey()
MENTIONS_PER_MESSAGE = 80


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


def announcement_embed(session: Session, coming: int, not_coming: int, language: str) -> discord.Embed:
    """The announcement of a session, with its RSVP count."""
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
        value=t("session.rsvp_counts", language, coming=coming, not_coming=not_coming),
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
    session: Session, reminder: Reminder, announcement_url: str | None, late: bool, language: str
) -> discord.Embed:
    """The reminder message itself: which session, when, where, and the link to the announcement."""
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
    embed.set_footer(text=t("reminder.footer", language, id=reminder.id))
    return budget_embed(embed, language)


def mention_chunks(user_ids: list[int]) -> list[tuple[str, discord.AllowedMentions]]:
    """Mentions of the given members, in messages small enough for Discord, each allowing just its own."""
    chunks = [user_ids[start : start + MENTIONS_PER_MESSAGE] for start in range(0, len(user_ids), MENTIONS_PER_MESSAGE)]
    return [
        (
            " ".join(f"<@{user_id}>" for user_id in chunk),
            discord.AllowedMentions(users=[discord.Object(i) for i in chunk]),
        )
        for chunk in chunks
    ]


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
