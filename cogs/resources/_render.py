"""How shared material looks in Discord: the bot's message that carries a shared file, and the material list."""

import discord

from bot.domain.resources import Page, Resource
from bot.domain.sessions import Session
from bot.i18n import t
from bot.timeparse import discord_timestamp
from bot.ui.material import material_line
from bot.ui.render import COLOUR, budget_embed, plain


def session_text(resource: Resource, language: str) -> str | None:
    """'bijeenkomst #1 Thorbecke' for material tied to a session, else None."""
    if resource.session_id is None:
        return None
    return t("resource.session", language, id=resource.session_id, title=plain(resource.session_title or ""))


def file_embed(resource: Resource, language: str) -> discord.Embed:
    """The embed above a re-posted file: its title, description, who shared it, its session; marked by its number."""
    embed = discord.Embed(
        title=plain(resource.title),
        description=plain(resource.description) if resource.description else None,
        colour=COLOUR,
    )
    embed.add_field(name=t("resource.field_shared_by", language), value=sharer(resource, language))
    session = session_text(resource, language)
    if session is not None:
        embed.add_field(name=t("resource.field_session", language), value=session)
    embed.set_footer(text=t("resource.footer", language, id=resource.id))
    return budget_embed(embed, language)


def sharer(resource: Resource, language: str) -> str:
    """Who shared it: a mention (which pings nobody), or 'een voormalig lid' once they erased their data."""
    return f"<@{resource.shared_by}>" if resource.shared_by else t("resource.former_member", language)


def _list_entry(resource: Resource, language: str) -> str:
    shared = t(
        "resource.list_shared",
        language,
        id=resource.id,
        member=sharer(resource, language),
        when=discord_timestamp(resource.created_at, "d"),
    )
    session = session_text(resource, language)
    return "\n".join([material_line(resource, language), f"{shared} · {session}" if session else shared])


def list_embed(page: Page, session: Session | None, language: str) -> discord.Embed:
    """One page of `/resource list`, newest first, each with its number and who shared it."""
    title = t("resource.list_title_session", language, title=plain(session.title)) if session else None
    embed = discord.Embed(title=title or t("resource.list_title", language), colour=COLOUR)
    lines = [_list_entry(resource, language) for resource in page.resources]
    embed.description = "\n\n".join(lines) or t("resource.list_empty", language)
    embed.set_footer(text=t("resource.list_footer", language, page=page.number, pages=page.pages, count=page.count))
    return budget_embed(embed, language)
