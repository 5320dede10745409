"""A 'Bevestigen' / 'Annuleren' question for the member who asked, answered within a few minutes."""

from collections.abc import Awaitable, Callable

import discord

from bot.i18n import t
from bot.ui.boundary import guarded
from bot.ui.replies import answer_language, send_private

CONFIRM_SECONDS = 300


class ConfirmView(discord.ui.View):
    """Two buttons; `on_confirm` runs when the asking member presses 'Bevestigen'."""

    def __init__(
        self, owner_id: int, language: str, on_confirm: Callable[[discord.Interaction], Awaitable[None]]
    ) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.owner_id = owner_id
        self.on_confirm = on_confirm
        self.confirm.label = t("confirm.yes", language)
        self.cancel.label = t("confirm.no", language)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the member who asked may answer."""
        return interaction.user.id == self.owner_id

    @discord.ui.button(style=discord.ButtonStyle.danger)
    @guarded
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button["ConfirmView"]) -> None:
        """Go ahead."""
        self.stop()
        await interaction.response.edit_message(view=None)
        await self.on_confirm(interaction)

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    @guarded
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button["ConfirmView"]) -> None:
        """Leave everything as it was."""
        self.stop()
        await interaction.response.edit_message(
            content=t("confirm.cancelled", await answer_language(interaction)), view=None
        )


async def ask_confirmation(
    interaction: discord.Interaction, question: str, on_confirm: Callable[[discord.Interaction], Awaitable[None]]
) -> None:
    """Ask the member privately; `on_confirm` runs only after 'Bevestigen'."""
    view = ConfirmView(interaction.user.id, await answer_language(interaction), on_confirm)
    await send_private(interaction, question, view=view)
