"""Buttons and the idea form: persistent, with the prompt or idea id in the custom_id, so they survive restarts.

Custom ids: `leerkring:idea:submit:<prompt_id>` (the prompt's button), `leerkring:idea:form:<prompt_id>`
(the form it opens; answered by the Ideas cog's listener, so also after a restart) and
`leerkring:idea:support:<idea_id>` (support on the bot's copy of a form or command idea; it only adds) and
`leerkring:idea:unsupport:<idea_id>` (withdrawing it, offered when a member who supports it already clicks again).
The duplicate question's buttons: `leerkring:idea:alike:<offer_id>` ("Steun #N": support the offered idea instead)
and `leerkring:idea:anyway:<pending_id>` ("Toch insturen"); the waiting idea is kept in the store, so they work
after a restart too.
"""

import asyncio
import logging
import re
from collections.abc import Awaitable, Container
from typing import Any, ClassVar, Self

import discord

from bot.domain import ideas, prompts, proposals
from bot.domain.ideas import Idea
from bot.domain.prompts import Prompt
from bot.domain.settings import channel_language
from bot.i18n import t
from bot.ui.boundary import guarded
from bot.ui.custom_ids import ID, id_in
from bot.ui.forms import persistent_form
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.own_messages import find_own_message
from bot.ui.replies import answer_language, defer_privately, deferred_if_slow, reply, send_private
from cogs.ideas._render import alike_embed, idea_copy_embed

log = logging.getLogger(__name__)

FORM_ID = re.compile(rf"leerkring:idea:form:(?P<prompt_id>{ID})")
FORM_FIELD = "text"


class NumberedButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"leerkring:idea:(?:submit|support):(?P<number>{ID})"
):
    """A persistent idea button whose custom_id ends in the number of the prompt or idea it acts on."""

    prefix: ClassVar[str]
    emoji: ClassVar[str]
    style: ClassVar[discord.ButtonStyle]

    def __init__(self, number: int, label: str = "") -> None:
        button: discord.ui.Button = discord.ui.Button(
            label=label or None, emoji=self.emoji, style=self.style, custom_id=f"{self.prefix}{number}"
        )
        super().__init__(button)
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild the button from a click."""
        return cls(id_in(match["number"]), getattr(item, "label", None) or "")


class SubmitIdeaButton(NumberedButton, template=rf"leerkring:idea:submit:(?P<number>{ID})"):
    """'Idee insturen' on a prompt message: opens the idea form."""

    prefix = "leerkring:idea:submit:"
    emoji = "💡"
    style = discord.ButtonStyle.primary

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Open the form, unless the prompt has closed."""
        assert interaction.guild_id is not None
        prompt = await prompts.find_open_prompt(leerkring(interaction).db, interaction.guild_id, self.number)
        await interaction.response.send_modal(idea_form(prompt, await answer_language(interaction)))


class SupportButton(NumberedButton, template=rf"leerkring:idea:support:(?P<number>{ID})"):
    """'Steunen' on the bot's copy of an idea: only ever adds support, so a repeated click changes nothing."""

    prefix = "leerkring:idea:support:"
    emoji = "👍"
    style = discord.ButtonStyle.secondary

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Support the idea and tell the member the count; given already, offer 'Steun intrekken' instead."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        added, idea = await ideas.support_idea(
            bot.db, interaction.guild_id, self.number, interaction.user.id, bot.clock.now()
        )
        language = await answer_language(interaction)
        if added:
            await send_private(interaction, t("idea.supported", language, id=idea.id, count=idea.support))
            return
        view = discord.ui.View(timeout=None)
        view.add_item(WithdrawSupportButton(idea.id, t("idea.withdraw_support_button", language)))
        await send_private(interaction, t("idea.already_supported", language, id=idea.id), view=view)


class WithdrawSupportButton(NumberedButton, template=rf"leerkring:idea:unsupport:(?P<number>{ID})"):
    """'Steun intrekken' under the answer to a repeated 'Steunen': withdraws the member's support (once)."""

    prefix = "leerkring:idea:unsupport:"
    emoji = "↩️"
    style = discord.ButtonStyle.secondary

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Withdraw the member's support and tell them the count (or that there was none)."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        removed, idea = await ideas.withdraw_support(bot.db, interaction.guild_id, self.number, interaction.user.id)
        key = "idea.unsupported" if removed else "idea.not_supported"
        await reply(interaction, key, id=idea.id, count=idea.support)


class SupportAlikeButton(NumberedButton, template=rf"leerkring:idea:alike:(?P<number>{ID})"):
    """'Steun #N' under the duplicate question: support that idea instead of storing the member's own."""

    prefix = "leerkring:idea:alike:"
    emoji = "👍"
    style = discord.ButtonStyle.primary

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Support the offered idea; the waiting idea is not stored."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        idea = await proposals.support_instead(
            bot.db, interaction.guild_id, self.number, interaction.user.id, bot.clock.now()
        )
        await reply(interaction, "idea.supported_instead", id=idea.id, count=idea.support)


class SubmitAnywayButton(NumberedButton, template=rf"leerkring:idea:anyway:(?P<number>{ID})"):
    """'Toch insturen' under the duplicate question: store the member's idea as they sent it."""

    prefix = "leerkring:idea:anyway:"
    emoji = "📨"
    style = discord.ButtonStyle.secondary

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Store the waiting idea, post it for support and confirm it with its number."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        prompt, idea, created = await proposals.submit_anyway(
            bot.db, interaction.guild_id, self.number, interaction.user.id, bot.clock.now()
        )
        await confirm_stored(interaction, prompt, idea, created)


def prompt_view(prompt: Prompt, language: str) -> discord.ui.View:
    """The button under an open prompt."""
    view = discord.ui.View(timeout=None)
    view.add_item(SubmitIdeaButton(prompt.id, t("prompt.submit_button", language)))
    return view


def support_view(idea: Idea, language: str) -> discord.ui.View:
    """The support button under the bot's copy of an idea."""
    view = discord.ui.View(timeout=None)
    view.add_item(SupportButton(idea.id, t("idea.support_button", language)))
    return view


def idea_form(prompt: Prompt, language: str) -> discord.ui.Modal:
    """The form behind the prompt's button: one text field of up to 4000 characters, answerable after a restart."""
    field: discord.ui.TextInput[discord.ui.Modal] = discord.ui.TextInput(
        label=t("idea.form_label", language),
        style=discord.TextStyle.paragraph,
        custom_id=FORM_FIELD,
        max_length=ideas.TEXT_MAX,
    )
    return persistent_form(f"leerkring:idea:form:{prompt.id}", t("idea.form_title", language, id=prompt.id), field)


COPY_WAIT_SECONDS = 1.0
"""How long an edit or withdrawal waits for the idea's copy to be recorded (its answer is due within 3 s)."""


class CopiesInFlight:
    """The ideas whose copy is being posted, so that an edit or withdrawal of one can wait until it is recorded."""

    def __init__(self) -> None:
        self._posting: dict[int, asyncio.Future[None]] = {}

    async def post(self, bot: Leerkring, prompt: Prompt, idea: Idea, look_first: bool = False) -> None:
        """Post an idea's copy (see `post_copy`), known as in flight until it is recorded."""
        posting = self._posting[idea.id] = asyncio.ensure_future(post_copy(bot, prompt, idea, look_first))
        try:
            await posting
        finally:
            del self._posting[idea.id]

    async def repair(self, bot: Leerkring, guild_ids: Container[int]) -> None:
        """Post the copies a stop left out (it came after the answer, before the copy was recorded), each once.

        A copy that reached its channel before the stop is found there by its title and recorded; any other is
        posted with the same nonce as the first attempt, so Discord drops a repeat it still remembers.
        """
        for idea in await ideas.ideas_without_copy(bot.db, guild_ids):
            if idea.id not in self._posting:
                await self.post(bot, await prompts.get_prompt(bot.db, idea.prompt_id), idea, look_first=True)

    async def settled(self, idea_id: int, within: float = COPY_WAIT_SECONDS) -> None:
        """Return once no copy of this idea is being posted, or after `within` seconds (a copy recorded later is
        brought in line with the idea by `post_copy` itself)."""
        posting = self._posting.get(idea_id)
        if posting is not None:
            await asyncio.wait({posting}, timeout=within)


COPIES = CopiesInFlight()
"""The copies being posted in this process (one bot a process): `/idea edit` and `/idea withdraw` wait for them."""


async def submit_idea(interaction: discord.Interaction, find_prompt: Awaitable[Prompt], text: str, source: str) -> None:
    """Store a form or command idea and confirm it privately with its number, then post it for support; when open
    ideas of other members resemble it, ask first (privately): support one of them, or send it anyway.

    Finding the prompt, comparing and storing take milliseconds, so the answer is usually the interaction's
    response itself: one request for the answer instead of two (a deferral, then the edit of @original); only
    slow work is deferred first. The idea is durable before it is confirmed; its copy in the thread is a view of
    it, posted after the answer (and made to match the idea if it changed meanwhile).
    """
    bot = leerkring(interaction)

    async def propose() -> tuple[Prompt, proposals.Proposal]:
        prompt = await find_prompt
        proposal = await proposals.propose_idea(
            bot.db, prompt, interaction.user.id, text, source, interaction.id, bot.clock.now()
        )
        return prompt, proposal

    prompt, proposal = await deferred_if_slow(interaction, propose())
    if proposal.idea is not None:
        await confirm_stored(interaction, prompt, proposal.idea, proposal.created)
        return
    assert proposal.pending is not None
    language = await answer_language(interaction)
    view = discord.ui.View(timeout=None)
    for offer, idea in proposal.offered:
        view.add_item(SupportAlikeButton(offer.id, t("idea.support_alike_button", language, id=idea.id)))
    view.add_item(SubmitAnywayButton(proposal.pending.id, t("idea.submit_anyway_button", language)))
    await send_private(interaction, embed=alike_embed(proposal, language), view=view)


async def confirm_stored(interaction: discord.Interaction, prompt: Prompt, idea: Idea, created: bool) -> None:
    """Confirm a stored form or command idea privately with its number, then post a new one's copy for support."""
    await reply(interaction, "idea.added", id=idea.id, prompt=prompt.id)
    if created:
        await COPIES.post(leerkring(interaction), prompt, idea)


async def post_copy(bot: Leerkring, prompt: Prompt, idea: Idea, look_first: bool = False) -> None:
    """Post a form or command idea in the prompt's thread (or channel) with a support button.

    With `look_first`, a copy the bot already posted among the channel's latest messages is recorded instead.

    The idea may have been edited, withdrawn or erased between its confirmation and its copy being recorded;
    the copy is then brought in line with it (edited or deleted), so no copy shows what the idea no longer says.
    """
    target = bot.get_channel(prompt.thread_id or prompt.channel_id)
    if not isinstance(target, discord.abc.Messageable):
        log.warning("prompt %s: no channel to post idea %s in", prompt.id, idea.id)
        return
    language = await channel_language(bot.db, prompt.guild_id)
    embed = idea_copy_embed(idea, language)
    try:
        found = await find_own_message(bot, target, "idea.copy_title", id=idea.id) if look_first else None
        if found is not None and found.embeds:
            message, embed = found, found.embeds[0]
        else:
            message = await target.send(embed=embed, view=support_view(idea, language), nonce=f"idea-{idea.id}")
        await ideas.record_copy(bot.db, idea, message.channel.id, message.id)
        now = await ideas.current_idea(bot.db, idea.id)
        if now is None:
            await message.delete()
        elif (fresh := idea_copy_embed(now, language)).to_dict() != embed.to_dict():
            await message.edit(embed=fresh)
    except discord.HTTPException:
        log.warning("could not post idea %s of prompt %s", idea.id, prompt.id, exc_info=True)
