"""Answering interactions in the member's language, ephemerally unless said otherwise."""

from collections.abc import Sequence
from typing import Any

import discord

from bot.domain.settings import get_settings
from bot.i18n import language_for, t
from bot.ui.leerkring import leerkring
from bot.ui.render import budget_embed


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
