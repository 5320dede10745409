"""`/report` and `/export`: the follow-up report of a session, and data exports, for organisers."""

import asyncio
import io

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.documents.export_files import export_files, fit_attachment
from bot.documents.report_chart import report_chart
from bot.documents.report_markdown import report_markdown
from bot.domain import audit
from bot.domain.exports import DATASETS, FORMATS, export_rows
from bot.domain.report import build_report
from bot.domain.settings import channel_language
from bot.i18n import t
from bot.ui.audit_hook import record_action
from bot.ui.checks import organiser_only
from bot.ui.choices import any_session_choices
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.replies import answer_language, send_private
from cogs.report._render import report_embed

DATASET_NAMES = {
    "ideas": _("ideas"),
    "volunteers": _("volunteers"),
    "attendance": _("attendance"),
    "sessions": _("sessions"),
    "records": _("records"),
    "status_history": _("status history"),
    "signups": _("signups"),
}
FORMAT_NAMES = {"csv": _("CSV (Excel)"), "md": _("Markdown"), "json": _("JSON")}


class Reports(commands.Cog):
    """The report and the exports."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    @app_commands.command(name=_("report"), description=_("The follow-up report of a session (organisers)"))
    @app_commands.rename(session_id=_("session"))
    @app_commands.describe(session_id=_("The session's number"))
    @app_commands.autocomplete(session_id=any_session_choices)
    @app_commands.guild_only()
    @organiser_only()
    async def report(self, interaction: discord.Interaction, session_id: int) -> None:
        """Attach the report as Markdown (and a chart) with a summary embed."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await build_report(bot.db, interaction.guild_id, session_id, bot.clock.now())
        await record_action(interaction, audit.REPORT, f"session #{session_id}")
        language = await channel_language(bot.db, interaction.guild_id)
        name = f"verslag-{session_id}" if language == "nl" else f"report-{session_id}"
        document, document_data = fit_attachment(f"{name}.md", report_markdown(report, language).encode("utf-8"))
        files = [discord.File(io.BytesIO(document_data), filename=document)]
        chart = await asyncio.to_thread(report_chart, report, language)
        if chart:
            files.append(discord.File(io.BytesIO(chart), filename=f"{name}.png"))
        text = t("report.ready", await answer_language(interaction), title=report.session.title)
        embed = report_embed(report, language, f"{name}.png" if chart else None)
        await send_private(interaction, text, embed=embed, files=files)

    @app_commands.command(name=_("export"), description=_("Export data as a file (organisers)"))
    @app_commands.rename(what=_("what"), format_=_("format"))
    @app_commands.describe(what=_("Which data"), format_=_("File format"))
    @app_commands.choices(
        what=[app_commands.Choice(name=DATASET_NAMES[name], value=name) for name in DATASETS],
        format_=[app_commands.Choice(name=FORMAT_NAMES[name], value=name) for name in FORMATS],
    )
    @app_commands.guild_only()
    @organiser_only()
    async def export(
        self, interaction: discord.Interaction, what: app_commands.Choice[str], format_: app_commands.Choice[str]
    ) -> None:
        """Attach one dataset in one format, compressed or split when it is too large for Discord."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        rows = await export_rows(bot.db, interaction.guild_id, what.value)
        await record_action(interaction, audit.DATA_EXPORT, f"{what.value} {format_.value}")
        language = await answer_language(interaction)
        label = t(f"export.dataset_{what.value}", language)
        packed = await asyncio.to_thread(
            export_files,
            rows,
            format_.value,
            await channel_language(bot.db, interaction.guild_id),
            f"leerkring-{what.value}",
            f"Leerkring: {label}",
        )
        text = t("export.ready", language, what=label, rows=len(rows), format=format_.value.upper())
        if packed.compressed:
            text += " " + t("export.compressed", language, parts=len(packed.files))
        await send_private(
            interaction, text, files=[discord.File(io.BytesIO(data), filename=name) for name, data in packed.files]
        )
