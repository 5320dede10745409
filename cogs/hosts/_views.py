"""The host call's buttons, and the steps they open: municipality, session choice, note, withdrawal.

The buttons, selects and forms are persistent: their state lives in the custom_id, so they work after a
restart too. The forms are answered by the Hosts cog's listener (`FORMS`); the note form carries its call and
the chosen sessions as positions in the call (a bit mask), which fits Discord's 100 characters for 25 sessions.
"""

import re
from typing import Any

import discord

from bot.domain import hosts, profiles
from bot.domain.hosts import HostCall
from bot.i18n import t
from bot.municipalities import Municipality
from bot.ui.boundary import guarded
from bot.ui.custom_ids import ID, id_in
from bot.ui.events import HostCallChanged, emit
from bot.ui.forms import FormHandler, can_open_form, persistent_form
from bot.ui.leerkring import Leerkring, leerkring
from bot.ui.render import CONTENT_MAX, fit_lines
from bot.ui.replies import answer_language, reply, send_private
from cogs.hosts._render import session_heading

NOTE_MAX = hosts.NOTE_MAX
NOTE_FIELD = "note"
MUNICIPALITY_FIELD = "municipality"
NOTE_FORM = re.compile(rf"leerkring:hosts:note:(?P<call>{ID}):(?P<sessions>[0-9a-f]{{1,25}})")
MUNICIPALITY_FORM = re.compile(rf"leerkring:hosts:municipality:(?P<call>{ID})")


async def member_municipality(bot: Leerkring, guild_id: int, user_id: int) -> Municipality | None:
    """The municipality on the member's profile, or None (no profile, or another organisation)."""
    profile = await profiles.get_profile(bot.db, guild_id, user_id)
    return profile.municipality if profile else None


async def open_call_of(interaction: discord.Interaction, call_id: int) -> HostCall | None:
    """The call if it is still open; otherwise the member is told politely and None returned."""
    assert interaction.guild_id is not None
    call = await hosts.get_call(leerkring(interaction).db, interaction.guild_id, call_id)
    if call.closed:
        await reply(interaction, "hosts.call_closed")
        return None
    return call


def call_changed(interaction: discord.Interaction, call_id: int) -> None:
    """Let the hosts cog know the call message needs an update (it coalesces bursts)."""
    assert interaction.guild_id is not None
    emit(leerkring(interaction), HostCallChanged(interaction.guild_id, call_id))


async def _volunteer_step(interaction: discord.Interaction, call: HostCall) -> None:
    """After the municipality is known: pick sessions (several) or go straight to the note (one)."""
    open_sessions = await hosts.open_sessions(leerkring(interaction).db, call)
    language = await answer_language(interaction)
    if len(open_sessions) == 1 and can_open_form(interaction):
        form = await note_form(leerkring(interaction), call, [open_sessions[0].id], language)
        await interaction.response.send_modal(form)
        return
    view = discord.ui.View(timeout=None)
    view.add_item(SessionChoice("pick", call.id, open_sessions, language))
    await send_private(interaction, t("hosts.pick_sessions", language), view=view)


class CallButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"leerkring:hosts:(?P<action>join|leave):(?P<call>{ID})"
):
    """'Wij willen gastgemeente zijn' ('join') and 'Terugtrekken' ('leave') under a call."""

    def __init__(self, action: str, call_id: int, label: str = "") -> None:
        style = discord.ButtonStyle.success if action == "join" else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"leerkring:hosts:{action}:{call_id}"))
        self.action = action
        self.call_id = call_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> "CallButton":
        """Rebuild the button from its custom_id."""
        return cls(match["action"], id_in(match["call"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Volunteer (asking for the municipality if unknown) or withdraw."""
        call = await open_call_of(interaction, self.call_id)
        if call is None:
            return
        assert interaction.guild_id is not None
        if self.action == "leave":
            await _withdraw_step(interaction, call)
        elif await member_municipality(leerkring(interaction), interaction.guild_id, interaction.user.id) is None:
            await interaction.response.send_modal(municipality_form(call.id, await answer_language(interaction)))
        else:
            await _volunteer_step(interaction, call)


async def _withdraw_step(interaction: discord.Interaction, call: HostCall) -> None:
    """Withdraw the member's municipality: directly for one session, else after choosing."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    municipality = await member_municipality(bot, interaction.guild_id, interaction.user.id)
    mine = [
        v for v in await hosts.entries(bot.db, call.id) if municipality and v.municipality_code == municipality.code
    ]
    if municipality is None or not mine:
        await reply(interaction, "hosts.nothing_to_withdraw")
        return
    if len(mine) == 1:
        await withdraw(interaction, call, municipality, [mine[0].session_id])
        return
    language = await answer_language(interaction)
    entered = {v.session_id for v in mine}
    chosen = [s for s in await hosts.open_sessions(bot.db, call) if s.id in entered]
    view = discord.ui.View(timeout=None)
    view.add_item(SessionChoice("unpick", call.id, chosen, language))
    await send_private(interaction, t("hosts.pick_withdraw", language), view=view)


def selected_session_ids(interaction: discord.Interaction) -> list[int]:
    """The session ids a member picked in a select menu."""
    data: dict[str, Any] = dict(interaction.data or {})
    return [id_in(str(value)) for value in data.get("values", [])]


class SessionChoice(
    discord.ui.DynamicItem[discord.ui.Select], template=rf"leerkring:hosts:(?P<action>pick|unpick):(?P<call>{ID})"
):
    """Choose the session(s) to volunteer for ('pick') or to withdraw from ('unpick')."""

    def __init__(self, action: str, call_id: int, sessions: list[Any] | None = None, language: str = "nl") -> None:
        options = [discord.SelectOption(label=session_heading(s)[:100], value=str(s.id)) for s in (sessions or [])[:25]]
        super().__init__(
            discord.ui.Select(
                custom_id=f"leerkring:hosts:{action}:{call_id}",
                placeholder=t("hosts.pick_placeholder", language),
                min_values=1,
                max_values=max(len(options), 1),
                options=options or [discord.SelectOption(label="-")],
            )
        )
        self.action = action
        self.call_id = call_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> "SessionChoice":
        """Rebuild the select from its custom_id."""
        return cls(match["action"], id_in(match["call"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        """Volunteering: open the note form. Withdrawing: withdraw from the chosen sessions."""
        chosen = selected_session_ids(interaction)
        call = await open_call_of(interaction, self.call_id)
        if call is None:
            return
        if self.action == "pick":
            form = await note_form(leerkring(interaction), call, chosen, await answer_language(interaction))
            await interaction.response.send_modal(form)
            return
        assert interaction.guild_id is not None
        municipality = await member_municipality(leerkring(interaction), interaction.guild_id, interaction.user.id)
        if municipality is None:
            await reply(interaction, "hosts.nothing_to_withdraw")
            return
        await withdraw(interaction, call, municipality, chosen)


async def withdraw(
    interaction: discord.Interaction, call: HostCall, municipality: Municipality, ids: list[int]
) -> None:
    """Withdraw, confirm privately and refresh the call message."""
    bot = leerkring(interaction)
    removed = await hosts.withdraw(bot.db, call, municipality.code, ids, interaction.user.id)
    call_changed(interaction, call.id)
    await reply(interaction, "hosts.withdrawn", municipality=municipality.display_name, count=len(removed))


async def note_form(bot: Leerkring, call: HostCall, session_ids: list[int], language: str) -> discord.ui.Modal:
    """The optional note (room, capacity) that goes with volunteering for the chosen sessions of a call."""
    positions = {session.id: i for i, session in enumerate(await hosts.call_sessions(bot.db, call))}
    mask = sum(1 << positions[sid] for sid in set(session_ids) if sid in positions)
    note: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=NOTE_FIELD,
        label=t("hosts.note_label", language)[:45],
        placeholder=t("hosts.note_placeholder", language)[:100],
        required=False,
        max_length=NOTE_MAX,
        style=discord.TextStyle.paragraph,
    )
    return persistent_form(f"leerkring:hosts:note:{call.id}:{mask:x}", t("hosts.note_title", language), note)


async def submit_note(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    """Enter the member's municipality, with their note, for the sessions the form was opened for."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    call = await hosts.get_call(bot.db, interaction.guild_id, id_in(match["call"]))
    mask = int(match["sessions"], 16)
    session_ids = [s.id for i, s in enumerate(await hosts.call_sessions(bot.db, call)) if mask >> i & 1]
    municipality = await member_municipality(bot, interaction.guild_id, interaction.user.id)
    if municipality is None:
        await reply(interaction, "hosts.municipality_needed")
        return
    outcome = await hosts.volunteer(
        bot.db, bot.clock.now(), call, municipality, session_ids, values.get(NOTE_FIELD, ""), interaction.user.id
    )
    call_changed(interaction, call.id)
    language = await answer_language(interaction)
    lines = [
        t(
            "hosts.entered" if new else "hosts.entered_by_colleague",
            language,
            title=session.title,
            municipality=municipality.display_name,
        )
        for session, new in outcome
    ]
    await send_private(interaction, fit_lines(lines, CONTENT_MAX, language))


def municipality_form(call_id: int, language: str) -> discord.ui.Modal:
    """Asked on the spot when a member volunteers without a municipality on their profile."""
    name: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=MUNICIPALITY_FIELD,
        label=t("hosts.municipality_label", language)[:45],
        max_length=100,
        placeholder=t("hosts.municipality_placeholder", language)[:100],
    )
    return persistent_form(f"leerkring:hosts:municipality:{call_id}", t("hosts.municipality_title", language), name)


async def submit_municipality(interaction: discord.Interaction, match: re.Match[str], values: dict[str, str]) -> None:
    """Save the municipality on the profile, then continue with the session choice."""
    bot = leerkring(interaction)
    assert interaction.guild_id is not None
    call = await open_call_of(interaction, id_in(match["call"]))
    if call is None:
        return
    name = values.get(MUNICIPALITY_FIELD, "")
    await profiles.set_municipality(bot.db, interaction.guild_id, interaction.user.id, name, bot.clock.now())
    await _volunteer_step(interaction, call)


def call_view(call_id: int, language: str) -> discord.ui.View:
    """The call message's two buttons."""
    view = discord.ui.View(timeout=None)
    view.add_item(CallButton("join", call_id, t("hosts.button_volunteer", language)))
    view.add_item(CallButton("leave", call_id, t("hosts.button_withdraw", language)))
    return view


PERSISTENT_ITEMS = (CallButton, SessionChoice)
FORMS: dict[re.Pattern[str], FormHandler] = {NOTE_FORM: submit_note, MUNICIPALITY_FORM: submit_municipality}
