"""How the ideas feature tells members what became of an idea: the direct message and the public line."""

import discord

from bot.documents.wording import idea_status
from bot.domain import ideas
from bot.domain.notices import Batch
from bot.i18n import t
from bot.ui.leerkring import Leerkring
from bot.ui.render import COLOUR, plain

EXCERPT = 300


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def _status(batch: Batch, language: str) -> str:
    return plain(idea_status(batch.params["status"], batch.params.get("taken_up"), language))


class StatusNotice:
    """'Your idea has a new status': to the author and the supporters, and one line in the prompt's thread."""

    name = ideas.STATUS_NOTICE

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """The new status, the note, who took it up, the idea's text and a link."""
        idea_id = batch.params["idea_id"]
        embed = discord.Embed(
            title=t("idea.notice_title", language, id=idea_id),
            description=t("idea.notice_status", language, status=_status(batch, language)),
            colour=COLOUR,
        )
        idea = await ideas.find_idea(bot.db, batch.guild_id, idea_id)
        if idea is not None:
            embed.add_field(name=t("idea.notice_field_idea", language), value=plain(_excerpt(idea.text)), inline=False)
        if batch.params.get("note"):
            embed.add_field(name=t("idea.notice_field_note", language), value=plain(batch.params["note"]), inline=False)
        if batch.params.get("taken_up"):
            embed.add_field(name=t("idea.notice_field_taken_up", language), value=plain(batch.params["taken_up"]))
        if batch.link:
            embed.add_field(name=t("idea.notice_field_link", language), value=batch.link, inline=False)
        return embed

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """'Idee #12 heeft een nieuwe status: opgepakt door Zeist.'"""
        return t("idea.notice_line", language, id=batch.params["idea_id"], status=_status(batch, language))
