"""Finding a message the bot may have sent just before a crash: by the marker its embed carries, in either language."""

import discord

from bot.i18n import LANGUAGES, t
from bot.ui.leerkring import Leerkring

HISTORY_SCAN = 100


def _marked(embed: discord.Embed, markers: set[str]) -> bool:
    return embed.footer.text in markers or embed.title in markers


async def find_own_message(
    bot: Leerkring, channel: discord.abc.Messageable, marker_key: str, **params: object
) -> discord.Message | None:
    """The bot's message with an embed whose footer or title is catalogue text `marker_key`, among the latest ones."""
    markers = {t(marker_key, language, **params) for language in LANGUAGES}
    async for message in channel.history(limit=HISTORY_SCAN):
        if message.author.id == bot.application_id and any(_marked(embed, markers) for embed in message.embeds):
            return message
    return None
