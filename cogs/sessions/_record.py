"""The session's record (`/session close`): a form of five paragraphs, answered by custom_id so a restart loses nothing.

The form carries its session in the custom_id and is answered by the Sessions cog's listener (`FORMS`), never
discord.py's in-memory modal store; it opens prefilled with what was saved before.
"""

import re
from typing import Any

import discord

from bot.domain import records, sessions
from bot.domain.records import SessionRecord
from bot.domain.sessions import Session
from bot.i18n import t
from bot.ui.checks import require_organiser
from bot.ui.custom_ids import ID, id_in
from bot.ui.forms import FormHandler, persistent_form
from bot.ui.leerkring import leerkring
from bot.ui.replies import reply

RECORD_FORM = re.compile(rf"leerkring:session:record:(?P<session>{ID})")


def record_form(session: Session, record: SessionRecord | None, language: str) -> discord.ui.Modal:
    """The five paragraphs of a session's record, all optional, prefilled with the saved ones."""
    inputs: list[discord.ui.TextInput[Any]] = [
        discord.ui.TextInput(
            custom_id=name,
            label=t(f"record.label_{name}", language)[:45],
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=records.PARAGRAPH_MAX,
            default=record.paragraphs[name] if record else None,
        )
        for name in records.FIELDS
    ]
    title = t("record.form_title", language, id=session.id)
    return persistent_form(f"leerkring:session:record:{session.id}", title, *inputs)


async def submit_record(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    """Save the record of the form's session (organisers only) and confirm privately."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    session = await sessions.get_session(bot.db, interaction.guild_id, id_in(match["session"]))
    await require_organiser(interaction)
    await records.save_record(bot.db, bot.clock.now(), interaction.guild_id, session.id, interaction.user.id, values)
    await reply(interaction, "record.saved", id=session.id, title=session.title)


FORMS: dict[re.Pattern[str], FormHandler] = {RECORD_FORM: submit_record}
