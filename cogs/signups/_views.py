"""The sign-up call's buttons and the forms they open: the municipality (when the profile has none), the note.

Everything is persistent: the state lives in the custom_id, so buttons and forms work after a restart. The
forms are answered by the Signups cog's listener (`FORMS`).
"""

import re
from typing import Any

import discord

from bot.domain import profiles, signups
from bot.domain.signups import SignupCall
from bot.i18n import t
from bot.ui.boundary import guarded
from bot.ui.custom_ids import ID, id_in
from bot.ui.events import SignupCallChanged, emit
from bot.ui.forms import FormHandler, persistent_form
from bot.ui.leerkring import leerkring
from bot.ui.replies import answer_language, reply, send_private

NOTE_FIELD = "note"
MUNICIPALITY_FIELD = "municipality"
NOTE_FORM = re.compile(rf"leerkring:signup:note:(?P<call>{ID})")
MUNICIPALITY_FORM = re.compile(rf"leerkring:signup:municipality:(?P<call>{ID})")


async def _open_call(interaction: discord.Interaction, call_id: int) -> SignupCall:
    """The call while it is open (a closed one is refused politely)."""
    assert interaction.guild_id is not None
    return await signups.get_open_call(leerkring(interaction).db, interaction.guild_id, call_id)


def _changed(interaction: discord.Interaction, call_id: int) -> None:
    assert interaction.guild_id is not None
    emit(leerkring(interaction), SignupCallChanged(interaction.guild_id, call_id))


class SignupButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"leerkring:signup:(?P<action>join|leave):(?P<call>{ID})"
):
    """'Wij doen mee' ('join') and 'Terugtrekken' ('leave') under a call (labelled in `language` when shown)."""

    def __init__(self, action: str, call_id: int, language: str | None = None) -> None:
        self.action, self.call_id = action, call_id
        button: discord.ui.Button[Any] = discord.ui.Button(
            custom_id=f"leerkring:signup:{action}:{call_id}",
            label=t(f"signups.button_{action}", language) if language else None,
            style=discord.ButtonStyle.success if action == "join" else discord.ButtonStyle.secondary,
        )
        super().__init__(button)

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Join or withdraw, while the call is open."""
        call = await _open_call(interaction, self.call_id)
        await (_join if self.action == "join" else _leave)(interaction, call)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> "SignupButton":
        """Rebuild the button from its custom_id."""
        return cls(match["action"], id_in(match["call"]))


async def _join(interaction: discord.Interaction, call: SignupCall) -> None:
    """The note form; the municipality form first when the member's profile has no municipality."""
    assert interaction.guild_id is not None
    profile = await profiles.get_profile(leerkring(interaction).db, interaction.guild_id, interaction.user.id)
    form = note_form if profile and profile.municipality else municipality_form
    await interaction.response.send_modal(form(call.id, await answer_language(interaction)))


async def _leave(interaction: discord.Interaction, call: SignupCall) -> None:
    """Take the member's own part out of the call; colleagues' parts stay."""
    left = await signups.withdraw(leerkring(interaction).db, call, interaction.user.id)
    if not left:
        await reply(interaction, "signups.nothing_to_withdraw")
        return
    _changed(interaction, call.id)
    await reply(interaction, "signups.withdrawn", municipality=", ".join(left))


def note_form(call_id: int, language: str) -> discord.ui.Modal:
    """The optional note that goes with signing up: contact, what the municipality brings."""
    note: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=NOTE_FIELD,
        label=t("signups.note_label", language)[:45],
        placeholder=t("signups.note_placeholder", language)[:100],
        required=False,
        max_length=signups.NOTE_MAX,
        style=discord.TextStyle.paragraph,
    )
    return persistent_form(f"leerkring:signup:note:{call_id}", t("signups.note_title", language), note)


def municipality_form(call_id: int, language: str) -> discord.ui.Modal:
    """Asked on the spot when a member signs up without a municipality on their profile."""
    name: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=MUNICIPALITY_FIELD,
        label=t("signups.municipality_label", language)[:45],
        placeholder=t("signups.municipality_placeholder", language)[:100],
        max_length=100,
    )
    return persistent_form(f"leerkring:signup:municipality:{call_id}", t("signups.municipality_title", language), name)


async def submit_note(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    """Sign the member's municipality up, with their note."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    call = await signups.get_call(bot.db, interaction.guild_id, id_in(match["call"]))
    profile = await profiles.get_profile(bot.db, interaction.guild_id, interaction.user.id)
    if profile is None or profile.municipality is None:
        await reply(interaction, "signups.municipality_needed")
        return
    municipality = profile.municipality
    new = await signups.join(bot.db, bot.clock.now(), call, municipality, values.get(NOTE_FIELD), interaction.user.id)
    _changed(interaction, call.id)
    key = "signups.entered" if new else "signups.entered_by_colleague"
    await reply(interaction, key, municipality=municipality.display_name)


async def submit_municipality(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    """Save the municipality on the profile, then offer 'Wij doen mee' again (a form cannot answer a form)."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    call = await _open_call(interaction, id_in(match["call"]))
    name = values.get(MUNICIPALITY_FIELD, "")
    profile = await profiles.set_municipality(bot.db, interaction.guild_id, interaction.user.id, name, bot.clock.now())
    language = await answer_language(interaction)
    view = discord.ui.View(timeout=None)
    view.add_item(SignupButton("join", call.id, language))
    municipality = profile.municipality.display_name if profile.municipality else name
    await send_private(interaction, t("signups.municipality_saved", language, municipality=municipality), view=view)


def call_view(call_id: int, language: str) -> discord.ui.View:
    """The call message's two buttons."""
    view = discord.ui.View(timeout=None)
    view.add_item(SignupButton("join", call_id, language))
    view.add_item(SignupButton("leave", call_id, language))
    return view


PERSISTENT_ITEMS = (SignupButton,)
FORMS: dict[re.Pattern[str], FormHandler] = {NOTE_FORM: submit_note, MUNICIPALITY_FORM: submit_municipality}
