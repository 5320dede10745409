"""Who may run which command: organiser-only commands refuse everyone else at run time."""

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from bot.domain.settings import get_settings, is_organiser
from bot.errors import UserError
from bot.ui.leerkring import leerkring

T = TypeVar("T")


class Refused(app_commands.CheckFailure):
    """A check said no; carries the user-facing reason."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error.key)
        self.user_error = error


async def member_is_organiser(interaction: discord.Interaction) -> bool:
    """Whether the interaction's member is an organiser of this server (Manage Server, or the configured role)."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    settings = await get_settings(leerkring(interaction).db, interaction.guild_id)
    role_ids = {role.id for role in interaction.user.roles}
    return is_organiser(settings, role_ids, interaction.permissions.manage_guild)


async def require_organiser(interaction: discord.Interaction) -> bool:
    """Refuse (`Refused`) unless the interaction's member is an organiser: also for forms and buttons."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        raise Refused(UserError("errors.guild_only"))
    if not await member_is_organiser(interaction):
        raise Refused(UserError("auth.not_organiser"))
    return True


def organiser_only() -> Callable[[T], T]:
    """Decorate a command so that only organisers (Manage Server, or the configured role) may run it."""
    return app_commands.check(require_organiser)
