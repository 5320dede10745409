"""The one error boundary for interactions: user errors become localised ephemeral answers, the rest is logged."""

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord

from bot.errors import ERROR, INTERACTION_OUTCOME, OK, REFUSED, UserError
from bot.ui.replies import reply

log = logging.getLogger(__name__)


ECHO_LIMIT = 100


def tell_outcome(interaction: discord.Interaction, outcome: str) -> None:
    """Let listeners (the metrics) know how an interaction ended: OK, REFUSED or ERROR."""
    interaction.client.dispatch(INTERACTION_OUTCOME, interaction, outcome)


def shortened(value: Any) -> Any:
    """Text a member typed, cut to a length fit to repeat back to them."""
    if isinstance(value, str) and len(value) > ECHO_LIMIT:
        return value[: ECHO_LIMIT - 1] + "…"
    return value


def user_error_of(error: BaseException) -> UserError | None:
    """Find the user-facing error behind an exception (possibly wrapped by discord.py), if there is one."""
    if isinstance(error, UserError):
        return error
    cause = getattr(error, "user_error", None) or getattr(error, "original", None)
    return cause if isinstance(cause, UserError) else None


def described(interaction: discord.Interaction) -> str:
    """An interaction for the log: its type, command and custom_id; never what a member typed or picked."""
    data: dict[str, Any] = dict(interaction.data or {})
    command = interaction.command.qualified_name if interaction.command else data.get("name")
    return f"{interaction.type.name} command={command!r} custom_id={data.get('custom_id')!r}"


async def answer_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the member what went wrong: the refusal itself, or a generic apology after logging."""
    if interaction.type is discord.InteractionType.autocomplete:
        log.error("%s failed in guild %s", described(interaction), interaction.guild_id, exc_info=error)
        return
    user_error = user_error_of(error)
    tell_outcome(interaction, ERROR if user_error is None else REFUSED)
    if user_error is not None:
        await reply(
            interaction, user_error.key, **{name: shortened(value) for name, value in user_error.params.items()}
        )
        return
    log.error("%s failed in guild %s", described(interaction), interaction.guild_id, exc_info=error)
    await reply(interaction, "errors.generic")


def guarded(callback: Callable[..., Awaitable[Any]]) -> Callable[..., Coroutine[Any, Any, None]]:
    """Route a button, select or modal callback's errors through the same boundary as slash commands."""

    @functools.wraps(callback)
    async def wrapper(self: object, interaction: discord.Interaction, *args: Any) -> None:
        try:
            await callback(self, interaction, *args)
        except Exception as error:
            await answer_error(interaction, error)
        else:
            tell_outcome(interaction, OK)

    return wrapper
