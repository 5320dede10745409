"""`/prompt …`: organisers put follow-up questions; the prompt's reminder and closing run as durable timers."""

import logging
from datetime import timedelta

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.client import LeerkringBot
from bot.domain import ideas, prompts
from bot.domain.prompts import CLOSE_TIMER, REMINDER_TIMER, Prompt
from bot.domain.settings import channel_language
from bot.domain.timers import Outcome, Status, Timer
from bot.errors import UserError
from bot.i18n import t
from bot.ui.checks import organiser_only
from bot.ui.replies import answer_language, reply, send_private
from cogs._idea_choices import open_prompt_choices, prompt_choice
from cogs._idea_intake import MessageIntake, intake_of
from cogs._idea_render import deadline, digest_embed, prompt_embed, reminder_text
from cogs._idea_views import prompt_view

log = logging.getLogger(__name__)

THREAD_NAME_MAX = 100
LIST_LIMIT = 20
LATE_AFTER = timedelta(minutes=5)


def thread_name(prompt: Prompt) -> str:
    """A thread name from the question (Discord allows 100 characters)."""
    name = " ".join(prompt.question.split())
    return name if len(name) <= THREAD_NAME_MAX else name[: THREAD_NAME_MAX - 1] + "…"


class Prompts(commands.Cog):
    """Follow-up prompts: open, list, close; reminders before and a digest at the deadline."""

    group = app_commands.Group(
        name=_("prompt"), description=_("Follow-up questions whose answers are collected"), guild_only=True
    )

    def __init__(self, bot: LeerkringBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Carry out prompt deadlines and reminders, also those scheduled before a restart."""
        self.bot.timers.register(CLOSE_TIMER, ClosingTimer(self))
        self.bot.timers.register(REMINDER_TIMER, ReminderTimer(self))

    @property
    def intake(self) -> MessageIntake:
        """The message intake of the Ideas cog, to catch up before a prompt closes."""
        return intake_of(self.bot)

    @group.command(name=_("open"), description=_("Post a follow-up question and collect ideas (organisers)"))
    @app_commands.rename(question=_("question"), session=_("session"), closes=_("closes"), channel=_("channel"))
    @app_commands.describe(
        question=_("The question to put to the members"),
        session=_("The session this follow-up belongs to (its number)"),
        closes=_("When the prompt closes, e.g. 25 juni 17:00"),
        channel=_("Where to post it; by default this channel"),
    )
    @organiser_only()
    async def open(
        self,
        interaction: discord.Interaction,
        question: str,
        session: int | None = None,
        closes: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Open a prompt: store it, post it with its button, and open a thread on it."""
        assert interaction.guild is not None
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise UserError("prompt.bad_channel")
        await interaction.response.defer(ephemeral=True, thinking=True)
        prompt = await prompts.open_prompt(
            self.bot.db,
            interaction.guild.id,
            target.id,
            question,
            session_id=session,
            closes=closes,
            interaction_id=interaction.id,
            created_by=interaction.user.id,
            now=self.bot.clock.now(),
        )
        if prompt.message_id is None:
            prompt = await self._post(prompt, target)
        await self.bot.timers.reschedule()
        await self.intake.catch_up()
        await reply(
            interaction,
            "prompt.opened",
            id=prompt.id,
            channel=target.mention,
            closes=deadline(prompt, await answer_language(interaction)),
        )

    async def _post(self, prompt: Prompt, target: discord.TextChannel) -> Prompt:
        language = await channel_language(self.bot.db, prompt.guild_id)
        try:
            message = await target.send(
                embed=prompt_embed(prompt, language), view=prompt_view(prompt, language), nonce=f"prompt-{prompt.id}"
            )
        except discord.HTTPException as error:
            await prompts.discard(self.bot.db, prompt.id, self.bot.clock.now())
            raise UserError("prompt.cannot_post", channel=target.mention) from error
        thread = None
        if target.permissions_for(target.guild.me).create_public_threads:
            try:
                thread = await message.create_thread(name=thread_name(prompt))
            except discord.HTTPException:
                log.warning("could not open a thread on prompt %s", prompt.id, exc_info=True)
        return await prompts.attach_message(self.bot.db, prompt, message.id, thread.id if thread else None)

    @group.command(name=_("list"), description=_("The open prompts, and the most recent closed ones"))
    async def list_prompts(self, interaction: discord.Interaction) -> None:
        """List prompts."""
        assert interaction.guild_id is not None
        found = await prompts.recent_prompts(self.bot.db, interaction.guild_id, LIST_LIMIT)
        language = await answer_language(interaction)
        if not found:
            await reply(interaction, "prompt.list_empty")
            return
        embed = discord.Embed(title=t("prompt.list_title", language))
        for prompt in found:
            state = deadline(prompt, language) if prompt.is_open else t("prompt.is_closed", language)
            embed.add_field(
                name=prompt_choice(prompt).name,
                value=f"<#{prompt.thread_id or prompt.channel_id}> · {state}",
                inline=False,
            )
        await send_private(interaction, embed=embed)

    @group.command(name=_("close"), description=_("Close a prompt now and post its digest (organisers)"))
    @app_commands.rename(prompt_id=_("id"))
    @app_commands.describe(prompt_id=_("The prompt's number"))
    @organiser_only()
    async def close(self, interaction: discord.Interaction, prompt_id: int) -> None:
        """Close a prompt by hand."""
        assert interaction.guild_id is not None
        prompt = await prompts.find_open_prompt(self.bot.db, interaction.guild_id, prompt_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.close_and_digest(prompt)
        await reply(interaction, "prompt.closed_now", id=prompt.id)

    close.autocomplete("prompt_id")(open_prompt_choices)

    def _channel_of(self, prompt: Prompt) -> discord.TextChannel:
        channel = self.bot.get_channel(prompt.channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise LookupError(f"channel {prompt.channel_id} of prompt {prompt.id} is gone")
        return channel

    async def close_and_digest(self, prompt: Prompt) -> int:
        """Catch up on replies, close the prompt, mark its message closed and post the digest (each once)."""
        await self.intake.catch_up()
        await prompts.close_prompt(self.bot.db, prompt.id, self.bot.clock.now())
        prompt = await prompts.get_prompt(self.bot.db, prompt.id)
        channel = self._channel_of(prompt)
        language = await channel_language(self.bot.db, prompt.guild_id)
        try:
            await channel.get_partial_message(prompt.posted_id).edit(embed=prompt_embed(prompt, language), view=None)
        except discord.HTTPException:
            log.warning("could not mark prompt %s as closed", prompt.id, exc_info=True)
        if prompt.digest_message_id is not None:
            return prompt.digest_message_id
        embed = digest_embed(prompt, await ideas.digest_ideas(self.bot.db, prompt.id), language)
        digest = await channel.send(embed=embed, nonce=f"digest-{prompt.id}")
        await prompts.record_digest(self.bot.db, prompt.id, digest.id)
        return digest.id

    async def send_reminder(self, prompt: Prompt) -> int:
        """Post the pre-deadline reminder as a reply to the prompt, mentioning only attendees yet to contribute."""
        channel = self._channel_of(prompt)
        summary = await prompts.reminder_summary(self.bot.db, prompt)
        language = await channel_language(self.bot.db, prompt.guild_id)
        message = await channel.send(
            reminder_text(prompt, summary, language),
            nonce=f"remind-{prompt.id}",
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, replied_user=False, users=[discord.Object(u) for u in summary.to_nudge]
            ),
            reference=channel.get_partial_message(prompt.posted_id).to_reference(fail_if_not_exists=False),
        )
        return message.id


class ClosingTimer:
    """Closes a prompt at its deadline and posts the digest; running it twice changes nothing."""

    def __init__(self, cog: Prompts) -> None:
        self.cog = cog

    async def run(self, timer: Timer) -> Outcome:
        """Close the prompt (late if the bot was away at the deadline)."""
        prompt = await prompts.get_prompt(self.cog.bot.db, timer.subject_id)
        digest_id = await self.cog.close_and_digest(prompt)
        late = self.cog.bot.clock.now() - timer.due_at > LATE_AFTER
        return Outcome(Status.LATE if late else Status.DONE, str(digest_id))

    async def failed(self, timer: Timer, error: str) -> None:
        """Closing keeps failing (channel gone or forbidden): the prompt is closed, the digest is missing."""
        log.error("prompt %s: closing or its digest failed for good: %s", timer.subject_id, error)


class ReminderTimer:
    """Posts the reminder before a prompt's deadline; skipped when the prompt closed in the meantime."""

    def __init__(self, cog: Prompts) -> None:
        self.cog = cog

    async def run(self, timer: Timer) -> Outcome:
        """Send the reminder once (its nonce makes a repeat after a crash harmless)."""
        prompt = await prompts.get_prompt(self.cog.bot.db, timer.subject_id)
        now = self.cog.bot.clock.now()
        if not prompt.is_open or (prompt.closes_at is not None and now >= prompt.closes_at):
            return Outcome(Status.MISSED)
        message_id = await self.cog.send_reminder(prompt)
        return Outcome(Status.LATE if now - timer.due_at > LATE_AFTER else Status.DONE, str(message_id))

    async def failed(self, timer: Timer, error: str) -> None:
        """The reminder could not be sent."""
        log.error("prompt %s: the reminder failed for good: %s", timer.subject_id, error)


async def setup(bot: LeerkringBot) -> None:
    """Load the cog."""
    await bot.add_cog(Prompts(bot))
