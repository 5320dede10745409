"""`/idea …` and the listeners that turn messages, edits, deletions, 👍 and the idea form into stored ideas."""

import logging
import re
from collections.abc import Awaitable

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.domain import ideas, merges, prompts, themes
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.i18n import t
from bot.municipalities import directory
from bot.ui import notices
from bot.ui.checks import organiser_only
from bot.ui.choices import municipality_choices
from bot.ui.custom_ids import id_in
from bot.ui.events import IDEAS_HANDLED, MemberDataErased, listens_to
from bot.ui.forms import answer_form
from bot.ui.leerkring import Leerkring
from bot.ui.render import plain
from bot.ui.replies import answer_language, reply, send_private
from bot.ui.shards import shard
from cogs.ideas._choices import any_idea_choices, open_prompt_choices, own_idea_choices, theme_choices
from cogs.ideas._intake import MessageIntake, is_support, too_long_nonce
from cogs.ideas._notices import MergeNotice, StatusNotice, ThemeNotice
from cogs.ideas._render import idea_copy_embed, idea_embed, page_embed, status_text
from cogs.ideas._views import (
    COPIES,
    FORM_FIELD,
    FORM_ID,
    SubmitAnywayButton,
    SubmitIdeaButton,
    SupportAlikeButton,
    SupportButton,
    WithdrawSupportButton,
    submit_idea,
)

log = logging.getLogger(__name__)


class Ideas(commands.Cog):
    """Collecting ideas in answer to prompts."""

    group = app_commands.Group(name=_("idea"), description=_("Ideas in answer to a prompt"), guild_only=True)

    def __init__(self, bot: Leerkring, intake: MessageIntake) -> None:
        self.bot = bot
        self.intake = intake

    async def cog_load(self) -> None:
        """Make the idea buttons work, also on messages sent before a restart; tell status, theme and merge changes
        by the outbox."""
        self.bot.add_dynamic_items(
            SubmitIdeaButton, SupportButton, WithdrawSupportButton, SupportAlikeButton, SubmitAnywayButton
        )
        for kind in (StatusNotice(), ThemeNotice(), MergeNotice()):
            notices.register(kind)

    @group.command(name=_("add"), description=_("Contribute an idea to an open prompt"))
    @app_commands.rename(text=_("text"), prompt=_("prompt"))
    @app_commands.describe(
        text=_("Your idea (up to 4000 characters)"),
        prompt=_("The prompt's number; by default the open prompt of this channel"),
    )
    async def add(self, interaction: discord.Interaction, text: str, prompt: int | None = None) -> None:
        """Add an idea by command."""
        assert interaction.guild_id is not None
        chosen = ideas.choose_prompt(self.bot.db, interaction.guild_id, prompt, interaction.channel_id)
        await submit_idea(interaction, chosen, text, "command")

    add.autocomplete("prompt")(open_prompt_choices)

    @group.command(name=_("list"), description=_("Ideas, most supported first"))
    @app_commands.rename(prompt=_("prompt"), theme=_("theme"), page=_("page"))
    @app_commands.describe(
        prompt=_("Only the ideas for this prompt"),
        theme=_("Only the ideas under this theme"),
        page=_("Which page of the list"),
    )
    @app_commands.autocomplete(theme=theme_choices)
    async def list_ideas(
        self, interaction: discord.Interaction, prompt: int | None = None, theme: str | None = None, page: int = 1
    ) -> None:
        """Show one page of ideas, grouped by theme."""
        assert interaction.guild_id is not None
        chosen = await themes.resolve_theme(self.bot.db, interaction.guild_id, theme)
        found = await ideas.list_page(self.bot.db, interaction.guild_id, prompt, page, chosen)
        language = await answer_language(interaction)
        await send_private(interaction, embed=page_embed(found, prompt, chosen, language))

    @group.command(name=_("edit"), description=_("Change the text of one of your ideas"))
    @app_commands.rename(idea_id=_("id"), text=_("text"))
    @app_commands.describe(idea_id=_("The idea's number"), text=_("The new text (up to 4000 characters)"))
    async def edit(self, interaction: discord.Interaction, idea_id: int, text: str) -> None:
        """Edit one's own idea."""
        assert interaction.guild_id is not None
        await COPIES.settled(idea_id)
        idea = await ideas.edit_idea(
            self.bot.db, interaction.guild_id, idea_id, interaction.user.id, text, self.bot.clock.now()
        )
        await self._refresh_copy(idea)
        await reply(interaction, "idea.edited", id=idea.id)

    @group.command(name=_("withdraw"), description=_("Withdraw one of your ideas"))
    @app_commands.rename(idea_id=_("id"))
    @app_commands.describe(idea_id=_("The idea's number"))
    async def withdraw(self, interaction: discord.Interaction, idea_id: int) -> None:
        """Withdraw one's own idea."""
        assert interaction.guild_id is not None
        await COPIES.settled(idea_id)
        idea = await ideas.withdraw_idea(
            self.bot.db, interaction.guild_id, idea_id, interaction.user.id, self.bot.clock.now()
        )
        await self._remove_copy(idea)
        await reply(interaction, "idea.withdrawn", id=idea.id)

    @group.command(name=_("status"), description=_("Move an idea through its lifecycle (organisers)"))
    @app_commands.rename(idea_id=_("id"), status=_("status"), note=_("note"), municipality=_("municipality"))
    @app_commands.describe(
        idea_id=_("The idea's number"),
        status=_("The idea's new status"),
        note=_("An optional explanation"),
        municipality=_("The municipality that took the idea up"),
    )
    @app_commands.autocomplete(municipality=municipality_choices)
    @app_commands.choices(
        status=[
            app_commands.Choice(name=_("new"), value="new"),
            app_commands.Choice(name=_("under consideration"), value="considering"),
            app_commands.Choice(name=_("taken up"), value="taken_up"),
            app_commands.Choice(name=_("done"), value="done"),
            app_commands.Choice(name=_("rejected"), value="rejected"),
        ]
    )
    @organiser_only()
    async def status(
        self,
        interaction: discord.Interaction,
        idea_id: int,
        status: app_commands.Choice[str],
        note: str | None = None,
        municipality: str | None = None,
    ) -> None:
        """Set an idea's status (and who took it up); the change is kept in its history."""
        assert interaction.guild_id is not None
        taker = directory().resolve(municipality) if municipality else None
        idea = await ideas.set_status(
            self.bot.db,
            interaction.guild_id,
            idea_id,
            status.value,
            note,
            self.bot.clock.now(),
            changed_by=interaction.user.id,
            municipality=taker,
        )
        language = await answer_language(interaction)
        await reply(interaction, "idea.status_set", id=idea.id, status=status_text(idea, language))

    @group.command(name=_("theme"), description=_("Put an idea under a theme, or under none (organisers)"))
    @app_commands.rename(idea_id=_("id"), theme=_("theme"))
    @app_commands.describe(
        idea_id=_("The idea's number"), theme=_("The theme (up to 50 characters); leave empty to clear it")
    )
    @app_commands.autocomplete(theme=theme_choices)
    @organiser_only()
    async def theme(self, interaction: discord.Interaction, idea_id: int, theme: str | None = None) -> None:
        """Put an idea under a theme (the server's themes offered as you type), or clear it."""
        assert interaction.guild_id is not None
        idea = await themes.set_theme(
            self.bot.db, interaction.guild_id, idea_id, theme, interaction.user.id, self.bot.clock.now()
        )
        if idea.theme:
            await reply(interaction, "idea.theme_set", id=idea.id, theme=plain(idea.theme))
        else:
            await reply(interaction, "idea.theme_cleared", id=idea.id)

    @group.command(name=_("show"), description=_("One idea: its text, support, status history and source"))
    @app_commands.rename(idea_id=_("id"))
    @app_commands.describe(idea_id=_("The idea's number"))
    async def show(self, interaction: discord.Interaction, idea_id: int) -> None:
        """Show one idea with its status history."""
        assert interaction.guild_id is not None
        idea, history = await ideas.status_history(self.bot.db, interaction.guild_id, idea_id)
        merged = await merges.merged_into(self.bot.db, idea)
        await send_private(interaction, embed=idea_embed(idea, history, merged, await answer_language(interaction)))

    @group.command(
        name=_("merge"),
        description=_("Merge an idea into another: its supporters and author support that one (organisers)"),
    )
    @app_commands.rename(idea_id=_("id"), into=_("into"))
    @app_commands.describe(idea_id=_("The idea's number"), into=_("The idea to merge it into"))
    @organiser_only()
    async def merge(self, interaction: discord.Interaction, idea_id: int, into: int) -> None:
        """Merge one idea into another (following a merged one to the idea it went into)."""
        assert interaction.guild_id is not None
        done = await merges.merge_ideas(
            self.bot.db, interaction.guild_id, idea_id, into, interaction.user.id, self.bot.clock.now()
        )
        language = await answer_language(interaction)
        target = done.target
        text = t("idea.merged", language, id=done.idea.id, into=target.id, gained=done.gained, support=target.support)
        if done.asked_id != target.id:
            text += "\n" + t("idea.merged_followed", language, asked=done.asked_id, into=target.id, id=done.idea.id)
        await send_private(interaction, text)

    edit.autocomplete("idea_id")(own_idea_choices)
    withdraw.autocomplete("idea_id")(own_idea_choices)
    list_ideas.autocomplete("prompt")(open_prompt_choices)
    status.autocomplete("idea_id")(any_idea_choices)
    theme.autocomplete("idea_id")(any_idea_choices)
    show.autocomplete("idea_id")(any_idea_choices)
    merge.autocomplete("idea_id")(any_idea_choices)
    merge.autocomplete("into")(any_idea_choices)

    # --- listeners -------------------------------------------------------------------------------

    def _handled(self, what: str, message_id: int) -> None:
        """Announce that a message event has been dealt with (`on_ideas_handled`), for logs and tests."""
        self.bot.dispatch(IDEAS_HANDLED, what, message_id)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A reply to a prompt or a message in its thread becomes an idea."""
        outcome = await self.intake.on_message(message)
        self._handled(outcome.value, message.id)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Editing an idea's message edits the idea."""
        if "content" in payload.data and not (payload.data.get("author") or {}).get("bot"):
            now = self.bot.clock.now()
            try:
                await ideas.edit_from_message(self.bot.db, payload.message_id, payload.data["content"], now)
            except UserError as refusal:
                await self._refuse_edit(payload, refusal)
        self._handled("edit", payload.message_id)

    async def _refuse_edit(self, payload: discord.RawMessageUpdateEvent, refusal: UserError) -> None:
        """Tell the member, in a reply to their edited message, why the idea kept its text."""
        if payload.guild_id is None:
            return
        channel = self.bot.get_partial_messageable(payload.channel_id, guild_id=payload.guild_id)
        message = channel.get_partial_message(payload.message_id)
        nonce = too_long_nonce(payload.message_id)
        await self.intake.answer(message, payload.guild_id, refusal.key, nonce, **refusal.params)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """Deleting an idea's message withdraws the idea."""
        await ideas.withdraw_by_message(self.bot.db, payload.message_id, self.bot.clock.now())
        self._handled("delete", payload.message_id)

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Deleting idea messages in bulk withdraws those ideas."""
        for message_id in payload.message_ids:
            await ideas.withdraw_by_message(self.bot.db, message_id, self.bot.clock.now())
            self._handled("delete", message_id)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """👍 on an idea's message supports it (never one's own)."""
        if is_support(payload.emoji) and not (payload.member and payload.member.bot):
            await ideas.support_by_reaction(self.bot.db, payload.message_id, payload.user_id, self.bot.clock.now())
        self._handled("reaction", payload.message_id)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        """Removing the 👍 withdraws the support."""
        if is_support(payload.emoji):
            await ideas.unsupport_by_reaction(self.bot.db, payload.message_id, payload.user_id)
        self._handled("reaction", payload.message_id)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer the idea form, whether it was opened before or after the last restart."""
        await answer_form(interaction, {FORM_ID: self._submit_form})

    async def _submit_form(
        self, interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]
    ) -> None:
        assert interaction.guild_id is not None
        prompt = prompts.find_open_prompt(self.bot.db, interaction.guild_id, id_in(match["prompt_id"]))
        await submit_idea(interaction, prompt, values.get(FORM_FIELD, ""), "form")

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """Read what was posted in this shard's servers while the bot was away; post copies a stop left out."""
        await self.intake.catch_up(shard(self.bot, shard_id))
        await COPIES.repair(self.bot, shard(self.bot, shard_id))

    @commands.Cog.listener()
    async def on_shard_resumed(self, shard_id: int) -> None:
        """After a shard's connection resumed, read anything that may have slipped through in its servers."""
        await self.intake.catch_up(shard(self.bot, shard_id))

    @commands.Cog.listener()
    async def on_shard_disconnect(self, shard_id: int) -> None:
        """Events of this shard's servers may be missed from now on until its next catch-up."""
        self.intake.lose_position(shard(self.bot, shard_id))

    @listens_to(MemberDataErased)
    async def on_member_data_erased(self, event: MemberDataErased) -> None:
        """The bot's copies of the erased member's ideas are deleted, or show the idea anonymised."""
        language = await channel_language(self.bot.db, event.guild_id)
        for copy in event.erasure.idea_copies:
            channel = self.bot.get_partial_messageable(copy.channel_id, guild_id=event.guild_id)
            message = channel.get_partial_message(copy.message_id)
            if event.erasure.ideas_mode == "erase":
                await quietly(message.delete())
            else:
                idea = await ideas.get_idea(self.bot.db, event.guild_id, copy.idea_id)
                await quietly(message.edit(embed=idea_copy_embed(idea, language)))

    # --- helpers ----------------------------------------------------------------------------------

    def _copy_of(self, idea: ideas.Idea) -> discord.PartialMessage | None:
        """The bot's copy of a form or command idea, if it has one."""
        channel = self.bot.get_channel(idea.channel_id) if idea.is_copied and idea.channel_id else None
        if idea.message_id is None or not isinstance(channel, discord.TextChannel | discord.Thread):
            return None
        return channel.get_partial_message(idea.message_id)

    async def _refresh_copy(self, idea: ideas.Idea) -> None:
        """Show an edited form or command idea's new text in the bot's copy too."""
        copy = self._copy_of(idea)
        if copy is not None:
            language = await channel_language(self.bot.db, idea.guild_id)
            await quietly(copy.edit(embed=idea_copy_embed(idea, language)))

    async def _remove_copy(self, idea: ideas.Idea) -> None:
        """Delete the bot's copy of a withdrawn form or command idea."""
        copy = self._copy_of(idea)
        if copy is not None:
            await quietly(copy.delete())


async def quietly(action: Awaitable[object]) -> None:
    """Tidy up a message; if Discord refuses, the stored idea is what counts, so only log it."""
    try:
        await action
    except discord.HTTPException:
        log.warning("could not update the copy of an idea", exc_info=True)
