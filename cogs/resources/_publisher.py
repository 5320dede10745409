"""Posting a shared file again as the bot's own message (the one way, `bot.ui.posting`), and deleting it again."""

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

import discord

from bot.domain import resources
from bot.domain.resources import Resource
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.ui import posting
from bot.ui.leerkring import Leerkring
from bot.ui.posting import Draft
from cogs.resources._render import file_embed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilePosts:
    """Messages that carry shared files: the material is shown only once its message is out and recorded."""

    bot: Leerkring
    file: discord.File | None = None
    """The file to post (none when only settling drafts at start, which never posts)."""
    name: ClassVar[str] = "resource"
    marker_key: ClassVar[str] = "resource.footer"

    async def drafts(self) -> list[Draft]:
        """Files still waiting for their message."""
        found = await resources.draft_files(self.bot.db)
        return [Draft(r.id, r.guild_id, r.channel_id) for r in found if r.channel_id is not None]

    async def content(self, draft: Draft) -> dict[str, Any]:
        """The file with its embed, in the server's language."""
        assert self.file is not None, "drafts are settled at start, never posted again"
        resource = await resources.get_any(self.bot.db, draft.id)
        return {"embed": file_embed(resource, await channel_language(self.bot.db, draft.guild_id)), "file": self.file}

    async def discard(self, draft: Draft) -> None:
        """Remove a file nobody saw."""
        await resources.discard_draft(self.bot.db, draft.id)

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Remember the message: the material is shown from now on."""
        resource = await resources.get_any(self.bot.db, draft.id)
        await resources.record_message(self.bot.db, self.bot.clock.now(), resource, message.id)


async def post_file(bot: Leerkring, resource: Resource, file: discord.File) -> discord.Message:
    """Post the shared file and record its message; a post Discord refuses removes the draft and is refused."""
    assert resource.channel_id is not None
    draft = Draft(resource.id, resource.guild_id, resource.channel_id)
    try:
        return await posting.post(bot, FilePosts(bot, file), draft)
    except posting.Refused as refused:
        raise UserError("resource.cannot_post", channel=f"<#{refused.draft.channel_id}>") from None


async def show_unattributed(bot: Leerkring, guild_id: int, resource_ids: list[int]) -> None:
    """After an erasure: the messages of the erased member's files no longer name them."""
    language = await channel_language(bot.db, guild_id)
    for resource in [await resources.get_any(bot.db, resource_id) for resource_id in resource_ids]:
        if resource.channel_id is None or resource.message_id is None:
            continue
        message = bot.get_partial_messageable(resource.channel_id, guild_id=guild_id).get_partial_message(
            resource.message_id
        )
        try:
            await message.edit(embed=file_embed(resource, language))
        except discord.HTTPException as error:
            log.warning("the message of material %s still names its erased sharer: %s", resource.id, error)


async def delete_file_message(bot: Leerkring, resource: Resource) -> bool:
    """Delete the bot's message that carried a removed file; whether it is gone (already deleted counts)."""
    if resource.channel_id is None or resource.message_id is None:
        return True
    channel = bot.get_partial_messageable(resource.channel_id, guild_id=resource.guild_id)
    try:
        await channel.get_partial_message(resource.message_id).delete()
    except discord.NotFound:
        return True
    except discord.HTTPException as error:
        log.warning("the message of removed material %s could not be deleted: %s", resource.id, error)
        return False
    return True
