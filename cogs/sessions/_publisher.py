"""Showing sessions in Discord: the announcement message and the mirrored Discord scheduled event."""

import logging
from typing import Any

import discord

from bot.documents.wording import place
from bot.domain import sessions
from bot.domain.sessions import Session
from bot.domain.settings import channel_language
from bot.i18n import t
from bot.ui import posting
from bot.ui.leerkring import Leerkring
from bot.ui.posting import Draft
from bot.ui.render import mention_chunks
from cogs.sessions._views import announcement

log = logging.getLogger(__name__)

EXTERNAL_EVENT = 3
GUILD_ONLY = 2
EVENT_CANCELLED = 4


class Announcements:
    """Session announcements, posted the one way (`bot.ui.posting`): a session is a draft until its announcement is."""

    name = "session"
    marker_key = "session.footer"

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def drafts(self) -> list[Draft]:
        """Sessions still waiting for their announcement."""
        return [Draft(s.id, s.guild_id, s.channel_id) for s in await sessions.drafts(self.bot.db)]

    async def content(self, draft: Draft) -> dict[str, Any]:
        """The announcement with its RSVP buttons."""
        embed, view = await announcement(self.bot, await sessions.get_session(self.bot.db, draft.guild_id, draft.id))
        return {"embed": embed, "view": view}

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Make the session planned, with its default reminders."""
        session = await sessions.get_session(self.bot.db, draft.guild_id, draft.id)
        await sessions.publish_session(self.bot.db, self.bot.clock.now(), session, message.id)

    async def discard(self, draft: Draft) -> None:
        """Remove a session nobody was told about."""
        await sessions.discard_session(self.bot.db, draft.id)


async def announce(bot: Leerkring, session: Session) -> Session:
    """Post a draft's announcement and make the session planned; `Refused` (the draft removed) if Discord says no."""
    await posting.post(bot, Announcements(bot), Draft(session.id, session.guild_id, session.channel_id))
    return await sessions.get_session(bot.db, session.guild_id, session.id)


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
