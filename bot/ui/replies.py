"""Answering interactions in the member's language, ephemerally unless said otherwise."""

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

import discord

from bot.domain.settings import get_settings
from bot.i18n import language_for, t
from bot.ui.leerkring import leerkring
from bot.ui.render import budget_embed

T = TypeVar("T")

QUICK_ANSWER_SECONDS = 1.0
"""An interaction answered within this age gets the answer as its response; else it is acknowledged first
(Discord allows 3 s from the interaction's creation)."""


async def answer_language(interaction: discord.Interaction) -> str:
    """Return the language to answer this interaction in: the server's setting, else the member's locale."""
    server_language = None
    if interaction.guild_id is not None:
        server_language = (await get_settings(leerkring(interaction).db, interaction.guild_id)).language
    return language_for(server_language, str(interaction.locale))


async def send_private(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    files: Sequence[discord.File] = (),
    view: discord.ui.View | None = None,
) -> None:
    """Send an ephemeral answer: the response, the deferred response's completion, or a follow-up.

    An embed is fitted to Discord's limits here, so no answer is ever refused for its size.
    """
    kwargs: dict[str, Any] = {}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = budget_embed(embed, await answer_language(interaction))
    if view is not None:
        kwargs["view"] = view
    deferred = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=True, files=list(files), **kwargs)
    elif deferred and not interaction.extras.get("answered"):
        interaction.extras["answered"] = True
        await interaction.edit_original_response(attachments=list(files), **kwargs)
    else:
        await interaction.followup.send(ephemeral=True, files=list(files), **kwargs)


async def reply(interaction: discord.Interaction, key: str, **params: Any) -> None:
    """Answer with catalogue message `key`, ephemerally, in the member's language."""
    await send_private(interaction, t(key, await answer_language(interaction), **params))


async def defer_privately(interaction: discord.Interaction) -> None:
    """Acknowledge the interaction at once ("thinking…", ephemeral); once only."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)


async def deferred_if_slow(
    interaction: discord.Interaction, work: Awaitable[T], within: float = QUICK_ANSWER_SECONDS
) -> T:
    """Await `work`, acknowledging the interaction privately first only if it is not done while the interaction
    is younger than `within` seconds (counted from its creation, so a busy bot that starts late defers at once).

    A quick answer is then one request to Discord (the response itself) instead of two (the deferral, then the
    edit of @original); a slow one is still acknowledged well inside Discord's three seconds.
    """
    task = asyncio.ensure_future(work)
    left = within - (discord.utils.utcnow() - interaction.created_at).total_seconds()
    try:
        return await asyncio.wait_for(asyncio.shield(task), max(0.0, left))
    except TimeoutError:
        await defer_privately(interaction)
        return await task
