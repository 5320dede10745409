"""The summary embed that goes with the report document."""

import discord

from bot.documents.report_sections import attendance_line
from bot.documents.wording import place, session_when
from bot.domain.report import Report
from bot.i18n import t
from bot.ui.render import COLOUR, budget_embed, plain


def report_embed(report: Report, language: str, chart_name: str | None) -> discord.Embed:
    """Title and date, attendance, ideas, host and open items at a glance; the chart as its image."""
    session = report.session
    embed = discord.Embed(
        title=t("report.title", language, title=session.title),
        description=f"{session_when(session, language)} · {plain(place(session, language))}",
        colour=COLOUR,
    )
    embed.add_field(
        name=t("report.field_attendance", language),
        value=plain(attendance_line(report.attendance, language)),
        inline=False,
    )
    ideas = sum(section.count for section in report.prompts)
    embed.add_field(
        name=t("report.ideas_heading", language),
        value=t("report.ideas_count", language, ideas=ideas, prompts=len(report.prompts)),
    )
    if session.host_name:
        embed.add_field(name=t("session.field_host", language), value=session.host_name)
    embed.add_field(name=t("report.open_heading", language), value=str(len(report.unhosted) + len(report.open_prompts)))
    if chart_name:
        embed.set_image(url=f"attachment://{chart_name}")
    return budget_embed(embed, language)
