"""The RSVP buttons under a session announcement; persistent, so they keep working after a restart."""

import re
from typing import Any

import discord

from bot.domain import sessions
from bot.domain.sessions import Session
from bot.domain.settings import channel_language
from bot.i18n import t
from bot.ui.boundary import guarded
from bot.ui.custom_ids import ID, id_in
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.replies import answer_language, send_private
from cogs.sessions._render import announcement_embed, answer_text


class RsvpButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"leerkring:rsvp:(?P<session>{ID}):(?P<answer>yes|no)"
):
    """'Ik kom' / 'Ik kom niet' for one session; the session id and answer live in the custom_id."""

    def __init__(self, session_id: int, attending: bool, label: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.success if attending else discord.ButtonStyle.secondary,
                custom_id=f"leerkring:rsvp:{session_id}:{'yes' if attending else 'no'}",
            )
        )
        self.session_id = session_id
        self.attending = attending

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> "RsvpButton":
        """Rebuild the button from a click on any announcement, also one sent before a restart."""
        return cls(id_in(match["session"]), match["answer"] == "yes", getattr(item, "label", None) or "")

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the answer, update the announcement in place and confirm privately."""
        bot = leerkring(interaction)
        assert interaction.guild_id is not None
        answer = await sessions.rsvp(
            bot.db, bot.clock.now(), interaction.guild_id, self.session_id, interaction.user.id, self.attending
        )
        session = await sessions.get_session(bot.db, interaction.guild_id, self.session_id)
        embed, view = await announcement(bot, session)
        await interaction.response.edit_message(embed=embed, view=view)
        await send_private(interaction, answer_text(answer, session.title, await answer_language(interaction)))


def rsvp_view(session_id: int, language: str) -> discord.ui.View:
    """The two RSVP buttons for an announcement."""
    view = discord.ui.View(timeout=None)
    view.add_item(RsvpButton(session_id, True, t("session.button_coming", language)))
    view.add_item(RsvpButton(session_id, False, t("session.button_not_coming", language)))
    return view


async def announcement(bot: Leerkring, session: Session) -> tuple[discord.Embed, discord.ui.View | None]:
    """The announcement's embed and (unless cancelled) its RSVP buttons, in the server's language."""
    language = await channel_language(bot.db, session.guild_id)
    embed = announcement_embed(session, await sessions.rsvp_counts(bot.db, session.id), language)
    return embed, None if session.cancelled else rsvp_view(session.id, language)
