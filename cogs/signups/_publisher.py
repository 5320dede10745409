"""Showing sign-up calls in Discord: posting the call, keeping it up to date, warning the organiser, closing.

The warning and the closing run as durable timers (`bot.domain.timers`), so they happen after a restart too.
"""

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

import discord

from bot.domain import signups
from bot.domain.settings import channel_language
from bot.domain.signups import SignupCall
from bot.domain.timers import Outcome, Status, Timer
from bot.errors import UserError
from bot.i18n import t
from bot.ui import posting
from bot.ui.leerkring import Leerkring
from bot.ui.posting import Draft
from cogs.signups._render import call_embed
from cogs.signups._views import call_view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignupPosts:
    """Sign-up call messages, posted the one way (`bot.ui.posting`): a call runs only once its message is out."""

    bot: Leerkring
    name: ClassVar[str] = "signup"
    marker_key: ClassVar[str] = "signups.call_footer"

    async def drafts(self) -> list[Draft]:
        """Calls still waiting for their message."""
        calls = await signups.draft_calls(self.bot.db)
        return [Draft(call.id, call.guild_id, call.channel_id) for call in calls]

    async def content(self, draft: Draft) -> dict[str, Any]:
        """The call with its buttons."""
        return await call_message(self.bot, await signups.get_call(self.bot.db, draft.guild_id, draft.id))

    async def discard(self, draft: Draft) -> None:
        """Remove a call nobody saw, with its timers."""
        await signups.discard_call(self.bot.db, draft.id, self.bot.clock.now())

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Remember the call's message."""
        await signups.record_message(self.bot.db, draft.id, message.id)


async def call_message(bot: Leerkring, call: SignupCall) -> dict[str, Any]:
    """The call's embed and (while open) its buttons, in the server's language."""
    language = await channel_language(bot.db, call.guild_id)
    embed = call_embed(call, await signups.entries(bot.db, call.id), language)
    return {"embed": embed, "view": None if call.closed else call_view(call.id, language)}


async def refresh_call(bot: Leerkring, guild_id: int, call_id: int) -> None:
    """Bring a posted call's message up to date; a deleted message is logged, not fatal."""
    call = await signups.get_call(bot.db, guild_id, call_id)
    if call.message_id is not None:
        message = bot.get_partial_messageable(call.channel_id, guild_id=guild_id).get_partial_message(call.message_id)
        try:
            await message.edit(**await call_message(bot, call))
        except discord.NotFound:
            log.warning("the message of sign-up call %s was deleted", call.id)


async def warn_organiser(bot: Leerkring, call: SignupCall) -> None:
    """Tell the call's organiser, in the call's channel, that it closes soon and how many signed up."""
    language = await channel_language(bot.db, call.guild_id)
    assert call.closes_at is not None
    text = t(
        "signups.warning",
        language,
        id=call.id,
        count=call.entry_count,
        when=discord.utils.format_dt(call.closes_at, "R"),
    )
    channel = bot.get_partial_messageable(call.channel_id, guild_id=call.guild_id)
    await channel.send(
        f"<@{call.created_by}> {text}",
        allowed_mentions=discord.AllowedMentions(users=[discord.Object(call.created_by)]),
        nonce=f"lk-signupwarn-{call.id}"[: posting.NONCE_MAX],
    )


class SignupDeadline:
    """The timers of a call's deadline: the warning before it (`warn`) and the closing at it."""

    def __init__(self, bot: Leerkring, *, warn: bool) -> None:
        self.bot = bot
        self.warn = warn

    async def run(self, timer: Timer) -> Outcome:
        """Warn the organiser of a call still open, or close the call (idempotently) and show its final state."""
        call = await signups.get_call(self.bot.db, timer.guild_id, timer.subject_id)
        if self.warn and not call.closed:
            await warn_organiser(self.bot, call)
        elif not self.warn:
            await signups.close_call(self.bot.db, timer.guild_id, call.id, self.bot.clock.now())
            await refresh_call(self.bot, timer.guild_id, call.id)
        return Outcome(Status.DONE)

    async def failed(self, timer: Timer, error: str) -> None:
        """Nothing more to do: a missed warning is not repeated, and a closed call stays closed in the database."""


async def post_call(bot: Leerkring, call: SignupCall) -> discord.Message:
    """Post the call and remember the message; a call Discord will not show is removed and refused."""
    draft = Draft(call.id, call.guild_id, call.channel_id)
    try:
        return await posting.post(bot, SignupPosts(bot), draft)
    except posting.Refused as refused:
        raise UserError("signups.cannot_post", channel=f"<#{refused.draft.channel_id}>") from None
