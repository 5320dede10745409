"""Showing prompts in Discord: the question with its button and thread, the reminder, and the closing digest."""

import logging
from typing import Any

import discord

from bot.domain import ideas, prompts
from bot.domain.prompts import Prompt
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.ui import posting
from bot.ui.leerkring import Leerkring
from bot.ui.own_messages import find_own_message
from bot.ui.posting import Draft
from cogs.ideas._intake import MessageIntake
from cogs.ideas._render import digest_embed, prompt_embed, reminder_text
from cogs.ideas._views import prompt_view

log = logging.getLogger(__name__)

THREAD_NAME_MAX = 100


def thread_name(prompt: Prompt) -> str:
    """A thread name from the question (Discord allows 100 characters)."""
    name = " ".join(prompt.question.split())
    return name if len(name) <= THREAD_NAME_MAX else name[: THREAD_NAME_MAX - 1] + "…"


class PromptPosts:
    """Prompt messages, posted the one way (`bot.ui.posting`): a prompt collects nothing until its message is out."""

    name = "prompt"
    marker_key = "prompt.title"

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def drafts(self) -> list[Draft]:
        """Prompts still waiting for their message."""
        return [Draft(p.id, p.guild_id, p.channel_id) for p in await prompts.drafts(self.bot.db)]

    async def content(self, draft: Draft) -> dict[str, Any]:
        """The question with its deadline and its 'Idee insturen' button."""
        prompt = await prompts.get_prompt(self.bot.db, draft.id)
        language = await channel_language(self.bot.db, prompt.guild_id)
        return {"embed": prompt_embed(prompt, language), "view": prompt_view(prompt, language)}

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Open the prompt's thread (unless it has one, or the bot may not) and record message and thread."""
        prompt = await prompts.get_prompt(self.bot.db, draft.id)
        thread = message.thread or await self._open_thread(prompt, message)
        await prompts.attach_message(self.bot.db, prompt, message.id, thread.id if thread else None)

    async def _open_thread(self, prompt: Prompt, message: discord.Message) -> discord.Thread | None:
        channel = self.bot.get_channel(prompt.channel_id)
        if not isinstance(channel, discord.TextChannel):
            return None
        if not channel.permissions_for(channel.guild.me).create_public_threads:
            return None
        try:
            return await channel.get_partial_message(message.id).create_thread(name=thread_name(prompt))
        except discord.HTTPException:
            log.warning("could not open a thread on prompt %s", prompt.id, exc_info=True)
            return None

    async def discard(self, draft: Draft) -> None:
        """Remove a prompt nobody saw, with its timers."""
        await prompts.discard(self.bot.db, draft.id, self.bot.clock.now())


async def post_prompt(bot: Leerkring, prompt: Prompt) -> Prompt:
    """Post the prompt with its button and thread; a prompt Discord will not show is discarded and refused."""
    try:
        await posting.post(bot, PromptPosts(bot), Draft(prompt.id, prompt.guild_id, prompt.channel_id))
    except posting.Refused:
        raise UserError("prompt.cannot_post", channel=f"<#{prompt.channel_id}>") from None
    return await prompts.get_prompt(bot.db, prompt.id)


def _channel_of(bot: Leerkring, prompt: Prompt) -> discord.TextChannel:
    channel = bot.get_channel(prompt.channel_id)
    if not isinstance(channel, discord.TextChannel):
        raise LookupError(f"channel {prompt.channel_id} of prompt {prompt.id} is gone")
    return channel


async def close_now(bot: Leerkring, intake: MessageIntake, prompt: Prompt) -> None:
    """Catch up on replies, close the prompt (which schedules its digest) and mark its message closed."""
    await intake.catch_up()
    await prompts.close_prompt(bot.db, prompt.id, bot.clock.now())
    prompt = await prompts.get_prompt(bot.db, prompt.id)
    language = await channel_language(bot.db, prompt.guild_id)
    try:
        message = _channel_of(bot, prompt).get_partial_message(prompt.posted_id)
        await message.edit(embed=prompt_embed(prompt, language), view=None)
    except (discord.HTTPException, LookupError):
        log.warning("could not mark prompt %s as closed", prompt.id, exc_info=True)


async def post_digest(bot: Leerkring, prompt: Prompt, in_doubt: bool) -> int:
    """Post a closed prompt's digest once and record it; raises when Discord refuses (the timer retries).

    A run in doubt first looks for a digest sent just before a stop; the deterministic nonce covers the rest.
    """
    if prompt.digest_message_id is not None:
        return prompt.digest_message_id
    channel = _channel_of(bot, prompt)
    digest = None
    if in_doubt:
        sent_to = bot.get_partial_messageable(channel.id, guild_id=prompt.guild_id)
        digest = await find_own_message(bot, sent_to, "prompt.digest_title", id=prompt.id)
    if digest is None:
        language = await channel_language(bot.db, prompt.guild_id)
        embed = digest_embed(prompt, await ideas.digest_ideas(bot.db, prompt.id), language)
        digest = await channel.send(embed=embed, nonce=f"digest-{prompt.id}")
    await prompts.record_digest(bot.db, prompt.id, digest.id)
    return digest.id


async def send_reminder(bot: Leerkring, prompt: Prompt) -> int:
    """Post the pre-deadline reminder as a reply to the prompt, mentioning only attendees yet to contribute."""
    channel = _channel_of(bot, prompt)
    summary = await prompts.reminder_summary(bot.db, prompt)
    language = await channel_language(bot.db, prompt.guild_id)
    message = await channel.send(
        reminder_text(prompt, summary, language),
        nonce=f"remind-{prompt.id}",
        allowed_mentions=discord.AllowedMentions(
            everyone=False, roles=False, replied_user=False, users=[discord.Object(u) for u in summary.to_nudge]
        ),
        reference=channel.get_partial_message(prompt.posted_id).to_reference(fail_if_not_exists=False),
    )
    return message.id
