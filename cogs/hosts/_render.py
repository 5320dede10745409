"""How host calls look: the live call message, `/hosts list`, and the confirmation announcement."""

from datetime import datetime

import discord

from bot.domain.hosts import HostCall, Volunteer
from bot.domain.sessions import Session
from bot.i18n import t
from bot.timeparse import WHEN_FORMAT, discord_timestamp
from bot.ui.render import COLOUR, fit_lines

FIELD_VALUE_MAX = 1024
EMBED_BUDGET = 5500
CLOSED_COLOUR = discord.Colour.dark_grey()


def session_heading(session: Session) -> str:
    """'#1 Leerkring juni · 25-06-2027 14:00' (plain text: timestamps don't render in field names)."""
    return f"#{session.id} {session.title} · {session.start.local.strftime(WHEN_FORMAT)}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    shown = [session for session in sessions if not session.cancelled]
    budget = min(FIELD_VALUE_MAX, (EMBED_BUDGET - len(embed.description or "")) // max(len(shown), 1) - 100)
    for session in shown:
        names = [v.shown for v in volunteers if v.session_id == session.id]
        value = " · ".join(names) or t("hosts.no_volunteers_yet", language)
        if session.host_name:
            value = t("hosts.confirmed_line", language, host=session.host_name) + "\n" + value
        embed.add_field(name=_cut(session_heading(session), 256), value=_cut(value, budget), inline=False)
    embed.set_footer(text=t("hosts.call_footer", language, id=call.id))
    return embed


def overview_embed(
    session: Session, volunteers: list[Volunteer], last_hosted: dict[str, datetime], language: str
) -> discord.Embed:
    """`/hosts list` for one session: who volunteered, with notes, and when each last hosted."""
    lines = [
        t(
            "hosts.overview_line",
            language,
            name=v.shown,
            last=discord_timestamp(last_hosted[v.municipality_code], "D")
            if v.municipality_code in last_hosted
            else t("hosts.never_hosted", language),
        )
        for v in volunteers
    ]
    host = t("hosts.confirmed_line", language, host=session.host_name) if session.host_name else ""
    description = "\n".join(filter(None, [host, fit_lines(lines, 3500) or t("hosts.no_volunteers_yet", language)]))
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
