"""Forms (modals) that can be answered after a restart: what a form needs lives in its custom_id, and a
listener answers the submit by that custom_id, never discord.py's in-memory modal store.

A feature builds its form with `persistent_form` and answers it from its cog's `on_interaction` with
`answer_form(interaction, {PATTERN: handler})`; the handler gets the custom_id's match and the typed values.
"""

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import discord

from bot.errors import OK
from bot.ui.boundary import answer_error, tell_outcome

CUSTOM_ID_MAX = 100
"""Discord's limit on a custom_id."""

FormHandler = Callable[[discord.Interaction, re.Match[str], dict[str, str]], Awaitable[None]]


def persistent_form(custom_id: str, title: str, *inputs: discord.ui.TextInput[Any]) -> discord.ui.Modal:
    """A form whose submit is answered by custom_id (see `answer_form`), also after a restart."""
    if len(custom_id) > CUSTOM_ID_MAX:
        raise ValueError(f"custom_id longer than {CUSTOM_ID_MAX} characters: {custom_id!r}")
    form = discord.ui.Modal(title=title[:45], custom_id=custom_id)
    for item in inputs:
        form.add_item(item)
    form.stop()  # not kept in discord.py's modal store: the feature's listener answers every submit
    return form


def can_open_form(interaction: discord.Interaction) -> bool:
    """Whether the interaction may still be answered with a form: not yet answered, and not itself a form's submit."""
    return not interaction.response.is_done() and interaction.type is not discord.InteractionType.modal_submit


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The text typed in each field of a submitted form, by the field's custom_id (action rows or labels)."""
    values: dict[str, str] = {}
    pending = list(data.get("components") or [])
    while pending:
        component = pending.pop()
        if component.get("type") == discord.ComponentType.text_input.value:
            values[str(component.get("custom_id"))] = str(component.get("value") or "")
        pending.extend(component.get("components") or [])
        if isinstance(component.get("component"), dict):
            pending.append(component["component"])
    return values


async def answer_form(interaction: discord.Interaction, forms: Mapping[re.Pattern[str], FormHandler]) -> bool:
    """Answer a form submit whose custom_id matches one of `forms`, through the error boundary; False if none."""
    if interaction.type is not discord.InteractionType.modal_submit or interaction.data is None:
        return False
    custom_id = str(interaction.data.get("custom_id", ""))
    for pattern, handler in forms.items():
        match = pattern.fullmatch(custom_id)
        if match is None:
            continue
        try:
            await handler(interaction, match, form_values(dict(interaction.data)))
        except Exception as error:
            await answer_error(interaction, error)
        else:
            tell_outcome(interaction, OK)
        return True
    return False
