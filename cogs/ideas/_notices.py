"""How the ideas feature tells members what became of an idea: the direct message and the public line."""

from collections.abc import Sequence

import discord

from bot.documents.wording import idea_status
from bot.domain import ideas
from bot.domain.notices import Batch
from bot.i18n import t
from bot.text import excerpt
from bot.ui.leerkring import Leerkring
from bot.ui.render import COLOUR, plain

EXCERPT = 300


def _status(batch: Batch, language: str) -> str:
    return plain(idea_status(batch.params["status"], batch.params.get("taken_up"), language))


class StatusNotice:
    """'Your idea has a new status': to the author and the supporters, and one line in the prompt's thread."""

    name = ideas.STATUS_NOTICE
    mention_when_off = False

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """The new status, the idea's text, the note, who took it up and a link."""
        fields = []
        if batch.params.get("note"):
            fields.append((t("idea.notice_field_note", language), plain(batch.params["note"]), False))
        if batch.params.get("taken_up"):
            fields.append((t("idea.notice_field_taken_up", language), plain(batch.params["taken_up"]), True))
        status = t("idea.notice_status", language, status=_status(batch, language))
        return await _embed(bot, batch, status, language, fields)

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """'Idee #12 heeft een nieuwe status: opgepakt door Zeist.'"""
        return t("idea.notice_line", language, id=batch.params["idea_id"], status=_status(batch, language))


class ThemeNotice:
    """'Your idea is under a theme now': to the author and the supporters, and one line in the prompt's thread."""

    name = ideas.THEME_NOTICE
    mention_when_off = False

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """The theme (or that it has none now), the idea's text and a link."""
        return await _embed(bot, batch, _theme(batch, language), language)

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """'Idee #12 valt nu onder het thema ‘Wonen’.'"""
        return _theme(batch, language)


class MergeNotice:
    """'Your idea was merged into #N': to its author and supporters and the target's author, and one line."""

    name = ideas.MERGE_NOTICE
    mention_when_off = False

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """Which idea it went into (its supporters support that one now), the idea's text and a link."""
        params = batch.params
        text = t("idea.notice_merged", language, id=params["idea_id"], into=params["into"])
        return await _embed(bot, batch, text, language)

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """'Idee #12 is samengevoegd met #4.'"""
        return t("idea.notice_line_merged", language, id=batch.params["idea_id"], into=batch.params["into"])


def _theme(batch: Batch, language: str) -> str:
    theme = batch.params.get("theme")
    if theme:
        return t("idea.notice_theme", language, id=batch.params["idea_id"], theme=plain(theme))
    return t("idea.notice_theme_cleared", language, id=batch.params["idea_id"])


async def _embed(
    bot: Leerkring, batch: Batch, description: str, language: str, fields: Sequence[tuple[str, str, bool]] = ()
) -> discord.Embed:
    """A notice about an idea: what happened, the idea's text, the kind's own `fields` (name, value, inline), a link."""
    idea_id = batch.params["idea_id"]
    embed = discord.Embed(title=t("idea.notice_title", language, id=idea_id), description=description, colour=COLOUR)
    idea = await ideas.find_idea(bot.db, batch.guild_id, idea_id)
    if idea is not None:
        embed.add_field(
            name=t("idea.notice_field_idea", language), value=plain(excerpt(idea.text, EXCERPT)), inline=False
        )
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    if batch.link:
        embed.add_field(name=t("idea.notice_field_link", language), value=batch.link, inline=False)
    return embed
