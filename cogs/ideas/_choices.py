"""Autocomplete choices for prompt and idea numbers: '#3 · the start of the text'."""

import discord
from discord import app_commands

from bot.domain import ideas, prompts, themes
from bot.ui.leerkring import leerkring

AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_MAX = 100


def idea_choice(idea: ideas.Idea) -> app_commands.Choice[int]:
    """An autocomplete choice for an idea: its number and the start of its text."""
    name = f"#{idea.id} · {' '.join(idea.text.split())}"
    return app_commands.Choice(name=name[:CHOICE_NAME_MAX], value=idea.id)


def prompt_choice(prompt: prompts.Prompt) -> app_commands.Choice[int]:
    """An autocomplete choice for a prompt: its number and the start of its question."""
    name = f"#{prompt.id} · {' '.join(prompt.question.split())}"
    return app_commands.Choice(name=name[:CHOICE_NAME_MAX], value=prompt.id)


async def open_prompt_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Offer the open prompts, those of this channel (or thread) first, matching what was typed."""
    assert interaction.guild_id is not None
    found = await prompts.open_prompts(leerkring(interaction).db, interaction.guild_id)
    here = prompts.prompts_here(found, interaction.channel_id)
    ordered = here + [p for p in found if p not in here]
    typed = current.strip().lstrip("#").casefold()
    matching = [p for p in ordered if typed in str(p.id) or typed in p.question.casefold()]
    return [prompt_choice(p) for p in matching[:AUTOCOMPLETE_LIMIT]]


async def _idea_choices(
    interaction: discord.Interaction, current: str, author_id: int | None
) -> list[app_commands.Choice[int]]:
    assert interaction.guild_id is not None
    db = leerkring(interaction).db
    found = await ideas.search_ideas(db, interaction.guild_id, author_id, current.lstrip("#"), AUTOCOMPLETE_LIMIT)
    return [idea_choice(idea) for idea in found]


async def own_idea_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Offer the member's own current ideas whose number or text matches what was typed."""
    return await _idea_choices(interaction, current, interaction.user.id)


async def any_idea_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Offer the server's current ideas whose number or text matches what was typed."""
    return await _idea_choices(interaction, current, None)


async def theme_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Offer the server's themes that contain what was typed."""
    assert interaction.guild_id is not None
    found = await themes.server_themes(leerkring(interaction).db, interaction.guild_id, current)
    return [app_commands.Choice(name=theme, value=theme) for theme in found[:AUTOCOMPLETE_LIMIT]]
