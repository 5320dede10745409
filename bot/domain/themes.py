"""Themes: an organiser puts ideas under a theme (free text); lists, the digest and the report group by it."""

from dataclasses import dataclass
from datetime import datetime

from bot.db import Database, Tx
from bot.db import ideas as store
from bot.domain import audit
from bot.domain.ideas import THEME_NOTICE, Idea, get_idea, tell_about
from bot.errors import UserError
from bot.text import clean_text, visible

THEME_MAX = 50


@dataclass(frozen=True)
class ThemeGroup:
    """The ideas under one theme (None: under no theme), in the order they were given."""

    theme: str | None
    ideas: list[Idea]


def theme_order(theme: str | None) -> tuple[bool, str]:
    """How themes are listed: alphabetically in any case, the ideas under none last (a sort key)."""
    return theme is None, (theme or "").casefold()


def group_by_theme(ideas: list[Idea]) -> list[ThemeGroup]:
    """Group ideas by theme: themes alphabetically, then the ideas under none; each group keeps the given order."""
    groups: dict[str | None, list[Idea]] = {}
    for idea in ideas:
        groups.setdefault(idea.theme, []).append(idea)
    return [ThemeGroup(theme, groups[theme]) for theme in sorted(groups, key=theme_order)]


def known_spelling(known: list[str], theme: str) -> str | None:
    """The server's spelling of a theme typed in any case ('participatie' → 'Participatie'), or None."""
    wanted = theme.casefold()
    return next((name for name in known if name.casefold() == wanted), None)


def clean_theme(theme: str | None) -> str | None:
    """A theme as stored: sanitised, on one line, at most THEME_MAX characters; None when empty."""
    cleaned = clean_text(visible(theme) if theme is not None else None, THEME_MAX, "idea.theme_too_long")
    return cleaned or None


async def set_theme(db: Database, guild_id: int, idea_id: int, theme: str | None, by: int, now: datetime) -> Idea:
    """Put an idea under a theme (spelled as the server spells it already), or under none; audit-logged; its author
    and supporters are told (two changes within a minute: the last)."""
    cleaned = clean_theme(theme)
    idea = await get_idea(db, guild_id, idea_id)

    def put(tx: Tx) -> None:
        chosen = (known_spelling(store.themes_in(tx, guild_id), cleaned) or cleaned) if cleaned else None
        store.set_theme(tx, idea.id, chosen, now)
        audit.record_in(tx, now, guild_id, by, audit.IDEA_THEME, f"#{idea.id}: {chosen or '-'}")
        if chosen != idea.theme:
            params = {"idea_id": idea.id, "theme": chosen}
            coalesce = f"idea-theme:{idea.id}"
            tell_about(tx, idea, THEME_NOTICE, params, actor=by, now=now, coalesce_key=coalesce)

    await db.write(put)
    return await get_idea(db, guild_id, idea.id)


async def server_themes(db: Database, guild_id: int, typed: str = "") -> list[str]:
    """The server's themes containing what was typed (any case), alphabetically."""
    wanted = typed.strip().casefold()
    return [theme for theme in await store.themes(db, guild_id) if wanted in theme.casefold()]


async def resolve_theme(db: Database, guild_id: int, theme: str | None) -> str | None:
    """The server's theme a member typed to filter by (any case); refuse a theme no current idea is under."""
    cleaned = clean_theme(theme)
    if cleaned is None:
        return None
    found = known_spelling(await store.themes(db, guild_id), cleaned)
    if found is None:
        raise UserError("idea.unknown_theme", theme=cleaned)
    return found
