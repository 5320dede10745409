"""Showing prompts in Discord: the question with its button and thread, the reminder, and the closing digest."""

import logging

import discord

from bot.domain import ideas, prompts
from bot.domain.prompts import Prompt
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.ui.leerkring import Leerkring
from cogs.ideas._intake import MessageIntake
from cogs.ideas._render import digest_embed, prompt_embed, reminder_text
from cogs.ideas._views import prompt_view

log = logging.getLogger(__name__)

THREAD_NAME_MAX = 100


def thread_name(prompt: Prompt) -> str:
    """A thread name from the question (Discord allows 100 characters)."""
    name = " ".join(prompt.question.split())
    return name if len(name) <= THREAD_NAME_MAX else name[: THREAD_NAME_MAX - 1] + "…"


async def post_prompt(bot: Leerkring, prompt: Prompt, target: discord.TextChannel) -> Prompt:
    """Post the prompt with its button and open a thread on it; a prompt that cannot be posted is discarded."""
    language = await channel_language(bot.db, prompt.guild_id)
    try:
        message = await target.send(
            embed=prompt_embed(prompt, language), view=prompt_view(prompt, language), nonce=f"prompt-{prompt.id}"
        )
    except discord.HTTPException as error:
        await prompts.discard(bot.db, prompt.id, bot.clock.now())
        raise UserError("prompt.cannot_post", channel=target.mention) from error
    thread = None
    if target.permissions_for(target.guild.me).create_public_threads:
        try:
            thread = await message.create_thread(name=thread_name(prompt))
        except discord.HTTPException:
            log.warning("could not open a thread on prompt %s", prompt.id, exc_info=True)
    return await prompts.attach_message(bot.db, prompt, message.id, thread.id if thread else None)


def _channel_of(bot: Leerkring, prompt: Prompt) -> discord.TextChannel:
    channel = bot.get_channel(prompt.channel_id)
    if not isinstance(channel, discord.TextChannel):
        raise LookupError(f"channel {prompt.channel_id} of prompt {prompt.id} is gone")
    return channel


async def close_and_digest(bot: Leerkring, intake: MessageIntake, prompt: Prompt) -> int:
    """Catch up on replies, close the prompt, mark its message closed and post the digest (each once)."""
    await intake.catch_up()
    await prompts.close_prompt(bot.db, prompt.id, bot.clock.now())
    prompt = await prompts.get_prompt(bot.db, prompt.id)
    channel = _channel_of(bot, prompt)
    language = await channel_language(bot.db, prompt.guild_id)
    try:
        await channel.get_partial_message(prompt.posted_id).edit(embed=prompt_embed(prompt, language), view=None)
    except discord.HTTPException:
        log.warning("could not mark prompt %s as closed", prompt.id, exc_info=True)
    if prompt.digest_message_id is not None:
        return prompt.digest_message_id
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
