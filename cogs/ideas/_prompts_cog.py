"""`/prompt …`: organisers put follow-up questions; the prompt's reminder and closing run as durable timers."""

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import prompts
from bot.domain.prompts import CLOSE_TIMER, DIGEST_TIMER, REMINDER_TIMER
from bot.errors import UserError
from bot.i18n import t
from bot.ui import posting
from bot.ui.checks import organiser_only
from bot.ui.leerkring import Leerkring
from bot.ui.replies import answer_language, reply, send_private
from cogs.ideas._choices import open_prompt_choices, prompt_choice
from cogs.ideas._intake import MessageIntake
from cogs.ideas._publisher import PromptPosts, close_now, post_prompt
from cogs.ideas._render import deadline, prompt_state
from cogs.ideas._timers import ClosingTimer, DigestTimer, ReminderTimer

LIST_LIMIT = 20


class Prompts(commands.Cog):
    """Follow-up prompts: open, list, close; reminders before and a digest at the deadline."""

    group = app_commands.Group(
        name=_("prompt"), description=_("Follow-up questions whose answers are collected"), guild_only=True
    )

    def __init__(self, bot: Leerkring, intake: MessageIntake) -> None:
        self.bot = bot
        self.intake = intake

    async def cog_load(self) -> None:
        """Carry out prompt deadlines and reminders, also those scheduled before a restart; settle unposted prompts."""
        self.bot.timers.register(CLOSE_TIMER, ClosingTimer(self.bot, self.intake))
        self.bot.timers.register(REMINDER_TIMER, ReminderTimer(self.bot))
        self.bot.timers.register(DIGEST_TIMER, DigestTimer(self.bot))
        await posting.repair(self.bot, PromptPosts(self.bot))

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
            prompt = await post_prompt(self.bot, prompt)
        await self.intake.catch_up()
        await reply(
            interaction,
            "prompt.opened",
            id=prompt.id,
            channel=target.mention,
            closes=deadline(prompt, await answer_language(interaction)),
        )

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
        digests = await prompts.digest_states(self.bot.db, interaction.guild_id)
        for prompt in found:
            state = prompt_state(prompt, digests.get(prompt.id), language)
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
        await close_now(self.bot, self.intake, prompt)
        await reply(interaction, "prompt.closed_now", id=prompt.id)

    close.autocomplete("prompt_id")(open_prompt_choices)
