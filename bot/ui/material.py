"""Shared material as features show it in Discord: one line per piece, and the 'To prepare' field of a session."""

from collections.abc import Sequence

import discord

from bot.domain.resources import Resource
from bot.i18n import t
from bot.ui.render import plain


def material_line(resource: Resource, language: str) -> str:
    """'**Title** · example.org — https://…' for a link, '**Title** · 📎 file.pdf — <message link>' for a file.

    The address is shown as it is (never behind a masked link), with the host a member sees it leads to.
    """
    where = plain(resource.host or "") if resource.url else f"📎 {plain(resource.filename or '')}"
    return t("resource.line", language, title=plain(resource.title), where=where, link=resource.link or "")


def add_preparation(embed: discord.Embed, material: Sequence[Resource], language: str) -> None:
    """Add 'Ter voorbereiding' with the session's material to an embed (nothing when there is none)."""
    if material:
        lines = "\n".join(material_line(resource, language) for resource in material)
        embed.add_field(name=t("resource.to_prepare", language), value=lines, inline=False)
