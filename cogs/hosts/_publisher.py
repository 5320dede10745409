"""Showing host calls in Discord: posting the call, keeping it up to date, announcing a confirmed host."""

import logging
from typing import Any

import discord

from bot.domain import hosts
from bot.domain.hosts import HostCall
from bot.domain.sessions import Session
from bot.domain.settings import channel_language
from bot.errors import UserError
from bot.i18n import t
from bot.ui import posting
from bot.ui.leerkring import Leerkring
from bot.ui.posting import Draft
from cogs.hosts._render import call_embed, confirmation_text
from cogs.hosts._views import call_view

log = logging.getLogger(__name__)


async def call_message(bot: Leerkring, call: HostCall) -> tuple[discord.Embed, discord.ui.View | None]:
    """The call's embed and (while open) its buttons, in the server's language."""
    language = await channel_language(bot.db, call.guild_id)
    embed = call_embed(call, await hosts.call_sessions(bot.db, call), await hosts.entries(bot.db, call.id), language)
    return embed, None if call.closed else call_view(call.id, language)


class CallPosts:
    """Host-call messages, posted the one way (`bot.ui.posting`): a call runs only once its message is out."""

    name = "hostcall"
    marker_key = "hosts.call_footer"

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def drafts(self) -> list[Draft]:
        """Calls still waiting for their message."""
        return [Draft(call.id, call.guild_id, call.channel_id) for call in await hosts.draft_calls(self.bot.db)]

    async def content(self, draft: Draft) -> dict[str, Any]:
        """The call with its buttons."""
        embed, view = await call_message(self.bot, await hosts.get_call(self.bot.db, draft.guild_id, draft.id))
        return {"embed": embed, "view": view}

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Remember the call's message."""
        await hosts.record_message(self.bot.db, draft.id, message.id)

    async def discard(self, draft: Draft) -> None:
        """Remove a call nobody saw, with its deadline timers."""
        await hosts.discard_call(self.bot.db, draft.id, self.bot.clock.now())


async def post_call(bot: Leerkring, call: HostCall) -> discord.Message:
    """Post the call in its channel and remember the message; a call Discord will not show is removed and refused."""
    try:
        return await posting.post(bot, CallPosts(bot), Draft(call.id, call.guild_id, call.channel_id))
    except posting.Refused:
        raise UserError("hosts.cannot_post", channel=f"<#{call.channel_id}>") from None


async def refresh_call(bot: Leerkring, guild_id: int, call_id: int) -> None:
    """Bring a call's message up to date; a deleted message is logged, not fatal."""
    call = await hosts.get_call(bot.db, guild_id, call_id)
    if call.message_id is None:
        return
    embed, view = await call_message(bot, call)
    channel = bot.get_partial_messageable(call.channel_id, guild_id=call.guild_id)
    try:
        await channel.get_partial_message(call.message_id).edit(embed=embed, view=view)
    except discord.NotFound:
        log.warning("the message of host call %s was deleted", call.id)


async def refresh_calls_with(bot: Leerkring, session: Session) -> None:
    """Update every open call that includes a session (after a confirmation or cancellation)."""
    for call_id in await hosts.open_call_ids_with(bot.db, session.id):
        await refresh_call(bot, session.guild_id, call_id)


async def announce_host(bot: Leerkring, session: Session) -> None:
    """Announce the confirmed host where the session's call was (else in the session's channel)."""
    call = await hosts.latest_call_with(bot.db, session.id)
    channel_id = call.channel_id if call else session.channel_id
    others = [
        v.municipality_name
        for v in await hosts.session_volunteers(bot.db, session.id)
        if v.municipality_code != session.host_code
    ]
    text = confirmation_text(session, others, await channel_language(bot.db, session.guild_id))
    channel = bot.get_partial_messageable(channel_id, guild_id=session.guild_id)
    await channel.send(text, nonce=f"lk-host-{session.id}-{session.host_code}"[:25])


async def warn_unhosted(bot: Leerkring, call: HostCall) -> bool:
    """Tell the call's organiser which sessions have no volunteer yet; False when all have one."""
    entries = await hosts.entries(bot.db, call.id)
    empty = [s for s in await hosts.open_sessions(bot.db, call) if not any(v.session_id == s.id for v in entries)]
    if not empty:
        return False
    language = await channel_language(bot.db, call.guild_id)
    titles = ", ".join(f"#{s.id} {s.title}" for s in empty)
    when = discord.utils.format_dt(call.closes_at, "R") if call.closes_at else "-"
    channel = bot.get_partial_messageable(call.channel_id, guild_id=call.guild_id)
    await channel.send(
        f"<@{call.created_by}> " + t("hosts.warning", language, sessions=titles, when=when),
        allowed_mentions=discord.AllowedMentions(users=[discord.Object(call.created_by)]),
        nonce=f"lk-hostwarn-{call.id}",
    )
    return True
