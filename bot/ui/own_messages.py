"""Finding a message the bot may have sent just before a crash: by its embed footer, in either language."""

import discord

from bot.i18n import LANGUAGES, t
from bot.ui.leerkring import Leerkring

HISTORY_SCAN = 100


async def find_own_message(
    bot: Leerkring, channel: discord.PartialMessageable, footer_key: str, **params: object
) -> discord.Message | None:
    """The bot's message whose embed footer is catalogue text `footer_key`, among the channel's latest messages."""
    footers = {t(footer_key, language, **params) for language in LANGUAGES}
    async for message in channel.history(limit=HISTORY_SCAN):
        if message.author.id == bot.application_id and any(embed.footer.text in footers for embed in message.embeds):
            return message
    return None
