"""How host calls look: the live call message, `/hosts list`, and the confirmation announcement."""

from datetime import datetime

import discord

from bot.domain.hosts import HostCall, Volunteer
from bot.domain.sessions import Session
from bot.i18n import t
from bot.timeparse import WHEN_FORMAT, discord_timestamp
from bot.ui.render import COLOUR, budget_embed, budget_embeds, plain

CLOSED_COLOUR = discord.Colour.dark_grey()


def session_heading(session: Session) -> str:
    """'#1 Leerkring juni · 25-06-2027 14:00' (plain text: timestamps don't render in field names)."""
    return f"#{session.id} {session.title} · {session.start.local.strftime(WHEN_FORMAT)}"


def volunteer_line(volunteer: Volunteer) -> str:
    """A municipality with its members' notes, on one line (so lists can say how many did not fit)."""
    return plain(" ".join(volunteer.shown.split()))


def call_embed(call: HostCall, sessions: list[Session], volunteers: list[Volunteer], language: str) -> discord.Embed:
    """The call message: per session the volunteering municipalities (and the host once confirmed)."""
    lines = [t("hosts.call_intro", language)]
    if call.closes_at:
        lines.append(t("hosts.call_deadline", language, when=discord_timestamp(call.closes_at, "F")))
    if call.closed:
        lines.append(t("hosts.call_closed_note", language))
    gone = [session for session in sessions if session.cancelled]
    lines += [t("hosts.session_gone", language, id=s.id, title=s.title) for s in gone]
    embed = discord.Embed(
        title=t("hosts.call_title", language),
        description="\n".join(lines),
        colour=CLOSED_COLOUR if call.closed else COLOUR,
    )
    for session in (session for session in sessions if not session.cancelled):
        entries = [volunteer_line(v) for v in volunteers if v.session_id == session.id]
        if session.host_name:
            entries.insert(0, t("hosts.confirmed_line", language, host=session.host_name))
        value = "\n".join(entries) or t("hosts.no_volunteers_yet", language)
        embed.add_field(name=session_heading(session), value=value, inline=False)
    embed.set_footer(text=t("hosts.call_footer", language, id=call.id))
    return budget_embed(embed, language)


def overview_embeds(
    overviews: list[tuple[Session, list[Volunteer]]], last_hosted: dict[str, datetime], language: str
) -> list[discord.Embed]:
    """`/hosts list`: per session who volunteered, with notes, and when each last hosted; within Discord's limits."""
    return budget_embeds([_overview(s, volunteers, last_hosted, language) for s, volunteers in overviews], language)


def _overview(
    session: Session, volunteers: list[Volunteer], last_hosted: dict[str, datetime], language: str
) -> discord.Embed:
    lines = [
        t(
            "hosts.overview_line",
            language,
            name=volunteer_line(v),
            last=discord_timestamp(last_hosted[v.municipality_code], "D")
            if v.municipality_code in last_hosted
            else t("hosts.never_hosted", language),
        )
        for v in volunteers
    ]
    if session.host_name:
        lines.insert(0, t("hosts.confirmed_line", language, host=session.host_name))
    description = "\n".join(lines) or t("hosts.no_volunteers_yet", language)
    return discord.Embed(title=session_heading(session), description=description, colour=COLOUR)


def confirmation_text(session: Session, others: list[str], language: str) -> str:
    """The public announcement of a confirmed host, thanking the other volunteers by municipality."""
    text = t(
        "hosts.confirmed_announcement",
        language,
        title=session.title,
        host=session.host_name,
        when=discord_timestamp(session.start.utc, "D"),
    )
    if others:
        text += " " + t("hosts.thanks_others", language, names=", ".join(others))
    return text
