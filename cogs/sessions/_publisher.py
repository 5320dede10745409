"""Showing sessions in Discord: the announcement message and the mirrored Discord scheduled event."""

import logging
from typing import Any

import discord

from bot.documents.wording import place
from bot.domain import sessions
from bot.domain.sessions import Session
from bot.domain.settings import channel_language
from bot.i18n import t
from bot.ui.leerkring import Leerkring
from bot.ui.own_messages import find_own_message
from cogs.sessions._render import mention_chunks
from cogs.sessions._views import announcement

log = logging.getLogger(__name__)

EXTERNAL_EVENT = 3
GUILD_ONLY = 2
EVENT_CANCELLED = 4


async def announce(bot: Leerkring, session: Session) -> Session:
    """Post the announcement of a draft (once, thanks to the nonce) and publish the session."""
    embed, view = await announcement(bot, session)
    channel = bot.get_partial_messageable(session.channel_id, guild_id=session.guild_id)
    assert view is not None
    message = await channel.send(embed=embed, view=view, nonce=f"lk-session-{session.id}")
    return await sessions.publish_session(bot.db, bot.clock.now(), session, message.id)


async def recover_drafts(bot: Leerkring) -> None:
    """Publish drafts whose announcement went out before a stop; remove those that were never announced."""
    for draft in await sessions.drafts(bot.db):
        channel = bot.get_partial_messageable(draft.channel_id, guild_id=draft.guild_id)
        found = await find_own_message(bot, channel, "session.footer", id=draft.id)
        if found:
            await sessions.publish_session(bot.db, bot.clock.now(), draft, found.id)
            log.warning("session %s was announced before the last stop; it is now planned", draft.id)
        else:
            await sessions.discard_session(bot.db, draft.id)
            log.warning("session %s was never announced before the last stop; it was removed", draft.id)


async def refresh(bot: Leerkring, session: Session) -> bool:
    """Bring the announcement up to date; False (logged, not fatal) when Discord would not let us."""
    if session.announcement_message_id is None:
        return True
    embed, view = await announcement(bot, session)
    channel = bot.get_partial_messageable(session.channel_id, guild_id=session.guild_id)
    try:
        await channel.get_partial_message(session.announcement_message_id).edit(embed=embed, view=view)
    except discord.HTTPException as error:
        log.warning("could not update the announcement of session %s: %s", session.id, error)
        return False
    return True


def event_payload(session: Session, language: str) -> dict[str, Any]:
    """The Discord scheduled event that mirrors a session."""
    return {
        "name": session.title,
        "privacy_level": GUILD_ONLY,
        "entity_type": EXTERNAL_EVENT,
        "scheduled_start_time": session.start.utc.isoformat(),
        "scheduled_end_time": session.end_utc.isoformat(),
        "entity_metadata": {"location": place(session, language)},
        "description": session.description or "",
    }


async def mirror_event(bot: Leerkring, session: Session) -> bool:
    """Create or update the session's Discord event; False when the bot lacks the permission."""
    payload = event_payload(session, await channel_language(bot.db, session.guild_id))
    try:
        if session.scheduled_event_id is None:
            event = await bot.http.create_guild_scheduled_event(session.guild_id, **payload)
            await sessions.record_scheduled_event(bot.db, session.id, int(event["id"]))
        else:
            await bot.http.edit_scheduled_event(session.guild_id, session.scheduled_event_id, **payload)
    except discord.Forbidden:
        return False
    except discord.HTTPException as error:
        log.warning("could not mirror session %s as a Discord event: %s", session.id, error)
    return True


async def cancel_event(bot: Leerkring, session: Session) -> None:
    """Mark the mirrored Discord event cancelled, if there is one."""
    if session.scheduled_event_id is None:
        return
    try:
        await bot.http.edit_scheduled_event(session.guild_id, session.scheduled_event_id, status=EVENT_CANCELLED)
    except discord.HTTPException as error:
        log.warning("could not cancel the Discord event of session %s: %s", session.id, error)


async def tell_cancelled(bot: Leerkring, session: Session, attendee_ids: list[int]) -> None:
    """Tell the members who were coming that the session is off, mentioning just them."""
    language = await channel_language(bot.db, session.guild_id)
    channel = bot.get_partial_messageable(session.channel_id, guild_id=session.guild_id)
    text = t("session.cancelled_notice", language, title=session.title)
    chunks = mention_chunks(attendee_ids) or [("", discord.AllowedMentions.none())]
    for index, (mentions, allowed) in enumerate(chunks):
        await channel.send(
            f"{mentions}\n{text}".strip() if index == 0 else mentions,
            allowed_mentions=allowed,
            nonce=f"lk-cancel-{session.id}-{index}",
        )
