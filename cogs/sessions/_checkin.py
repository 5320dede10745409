"""The check-in at a session's start: 'Ben je er? [Ik ben er]', posted the one way, counted once per member.

The message is posted by a durable timer (`CheckinDelivery`) through `bot.ui.posting`, so a stop between
posting and recording leaves one message; the button is persistent (the session id lives in its custom_id);
a check-in asks the Sessions cog to update the message (`CHECKIN_CHANGED`), which coalesces bursts of clicks.
"""

import logging
import re
from typing import Any

import discord

from bot.domain import checkins, records, sessions
from bot.domain.sessions import Session
from bot.domain.settings import channel_language
from bot.domain.timers import Outcome, Status, Timer
from bot.i18n import t
from bot.ui import posting
from bot.ui.boundary import guarded
from bot.ui.custom_ids import ID, id_in
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.posting import Draft
from bot.ui.replies import reply
from cogs.sessions._render import checkin_embed

log = logging.getLogger(__name__)

CHECKIN_CHANGED = "leerkring_checkin_changed"
"""Dispatched (guild id, session id) when a member checked in: the Sessions cog updates the message soon."""


class CheckinButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"leerkring:checkin:(?P<session>{ID})"):
    """'Ik ben er' under a session's check-in message; the session id lives in the custom_id."""

    def __init__(self, session_id: int, label: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.success, custom_id=f"leerkring:checkin:{session_id}"
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> "CheckinButton":
        """Rebuild the button from a click, also on a message sent before a restart."""
        return cls(id_in(match["session"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Check the member in (once), confirm privately and have the message's count follow."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        session, new = await records.check_in(
            bot.db, bot.clock.now(), interaction.guild_id, self.session_id, interaction.user.id
        )
        await reply(interaction, "checkin.done" if new else "checkin.already", title=session.title)
        if new:
            bot.dispatch(CHECKIN_CHANGED, session.guild_id, session.id)


async def checkin_content(bot: Leerkring, session: Session) -> dict[str, Any]:
    """The check-in message: its embed with the count and the 'Ik ben er' button, in the server's language."""
    language = await channel_language(bot.db, session.guild_id)
    count = await records.checkin_count(bot.db, session.id)
    view = discord.ui.View(timeout=None)
    view.add_item(CheckinButton(session.id, t("checkin.button", language)))
    return {"embed": checkin_embed(session, count, checkins.closes(session), language), "view": view}


class CheckinPosts:
    """Check-in messages, posted the one way (`bot.ui.posting`): the draft is the session's check-in row."""

    name = "checkin"
    marker_key = "checkin.footer"

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def drafts(self) -> list[Draft]:
        """Check-in messages still waiting to be recorded."""
        return [Draft(c.session_id, c.guild_id, c.channel_id) for c in await records.checkin_drafts(self.bot.db)]

    async def content(self, draft: Draft) -> dict[str, Any]:
        """The check-in message with its button."""
        return await checkin_content(self.bot, await sessions.get_session(self.bot.db, draft.guild_id, draft.id))

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Remember the check-in message."""
        await records.record_checkin_message(self.bot.db, draft.id, message.id)

    async def discard(self, draft: Draft) -> None:
        """Forget a check-in message nobody saw; its timer posts it (again) when it runs."""
        await records.discard_checkin_draft(self.bot.db, draft.id)


class CheckinDelivery:
    """The timer handler for `session_checkin` timers: post the check-in at the start, late, or record it missed."""

    def __init__(self, bot: Leerkring) -> None:
        self.bot = bot

    async def run(self, timer: Timer) -> Outcome:
        """Post the check-in message once (a run in doubt finds the message it already recorded)."""
        now = self.bot.clock.now()
        session = await sessions.get_session(self.bot.db, timer.guild_id, timer.subject_id)
        status = checkins.fate(now, timer.due_at, session)
        if status is Status.MISSED:
            return Outcome(Status.MISSED)
        stored = await records.prepare_checkin(self.bot.db, now, session)
        if stored.message_id is not None:
            return Outcome(status, str(stored.message_id))
        draft = Draft(session.id, session.guild_id, stored.channel_id)
        message = await posting.post(self.bot, CheckinPosts(self.bot), draft)
        return Outcome(status, str(message.id))

    async def failed(self, timer: Timer, error: str) -> None:
        """A check-in that could not be posted is logged; the session goes on without it."""
        log.error("the check-in of session %s in guild %s failed for good: %s", timer.subject_id, timer.guild_id, error)


async def refresh_checkin(bot: Leerkring, guild_id: int, session_id: int) -> None:
    """Bring the check-in message's count up to date; a deleted message is logged, not fatal."""
    stored = await records.checkin_message(bot.db, session_id)
    if stored is None or stored.message_id is None:
        return
    session = await sessions.get_session(bot.db, guild_id, session_id)
    channel = bot.get_partial_messageable(stored.channel_id, guild_id=guild_id)
    try:
        await channel.get_partial_message(stored.message_id).edit(**await checkin_content(bot, session))
    except discord.HTTPException as error:
        log.warning("could not update the check-in of session %s: %s", session_id, error)
