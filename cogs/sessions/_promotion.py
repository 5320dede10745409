"""How "a place came free and it is yours" reads: the direct message, and the line when the DM was refused."""

import discord

from bot.documents.wording import place
from bot.domain import places, sessions
from bot.domain.notices import Batch
from bot.i18n import t
from bot.ui.leerkring import Leerkring
from bot.ui.render import COLOUR, plain
from cogs.sessions._render import jump_url, when_text


class PlaceNotice:
    """The outbox kind of a waiting-list promotion (registered with `bot.ui.notices.register`)."""

    name = places.NOTICE_KIND
    mention_when_off = True
    """A place that came free must reach the member: with DMs off they are mentioned in the session's channel."""

    async def _session(self, bot: Leerkring, batch: Batch) -> sessions.Session:
        return await sessions.get_session(bot.db, batch.guild_id, int(batch.params["session_id"]))

    async def direct_message(self, bot: Leerkring, batch: Batch, language: str) -> discord.Embed:
        """The DM: which session, when, where, and the link to its announcement."""
        session = await self._session(bot, batch)
        embed = discord.Embed(
            title=t("place.notice_title", language, title=plain(session.title)),
            description=t("place.notice_text", language, button=t("session.button_not_coming", language)),
            colour=COLOUR,
        )
        embed.add_field(name=t("session.field_when", language), value=when_text(session), inline=False)
        embed.add_field(name=t("session.field_place", language), value=plain(place(session, language)))
        if session.announcement_message_id:
            link = jump_url(session.guild_id, session.channel_id, session.announcement_message_id)
            embed.add_field(name=t("session.field_announcement", language), value=link)
        return embed

    async def line(self, bot: Leerkring, batch: Batch, language: str) -> str:
        """The line in the session's channel, before the mention of the member whose DMs are closed."""
        session = await self._session(bot, batch)
        return t("place.notice_line", language, title=plain(session.title))
