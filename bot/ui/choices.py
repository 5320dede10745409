"""Autocomplete choices shared by several features: sessions by number and title, municipalities by name."""

import discord
from discord import app_commands

from bot.domain import sessions
from bot.municipalities import directory
from bot.timeparse import WHEN_FORMAT
from bot.ui.leerkring import leerkring

CHOICE_LIMIT = 25
NAME_MAX = 100


def session_label(session: sessions.Session) -> str:
    """'#3 · Leerkring juni · 25-06-2027 14:00', cut to Discord's 100-character limit."""
    label = f"#{session.id} · {session.title} · {session.start.local.strftime(WHEN_FORMAT)}"
    return label if len(label) <= NAME_MAX else label[: NAME_MAX - 1] + "…"


def session_choices(found: list[sessions.Session], current: str) -> list[app_commands.Choice[int]]:
    """Choices for the sessions whose number or title contains what was typed, as many as Discord shows."""
    wanted = current.strip().lstrip("#").casefold()
    matching = [s for s in found if wanted in str(s.id) or wanted in s.title.casefold()]
    return [app_commands.Choice(name=session_label(s), value=s.id) for s in matching[:CHOICE_LIMIT]]


async def upcoming_session_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Offer the server's upcoming sessions whose number or title contains what was typed."""
    if interaction.guild_id is None:
        return []
    bot = leerkring(interaction)
    return session_choices(await sessions.upcoming(bot.db, interaction.guild_id, bot.clock.now()), current)


async def any_session_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Offer the server's sessions, also past ones (latest first): a report or record is written afterwards."""
    if interaction.guild_id is None:
        return []
    return session_choices(await sessions.recent(leerkring(interaction).db, interaction.guild_id), current)


async def municipality_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Offer official municipality names containing what was typed (the value is the CBS code)."""
    return [app_commands.Choice(name=m.display_name, value=m.code) for m in directory().search(current, CHOICE_LIMIT)]
