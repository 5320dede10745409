"""Dutch localisations of command, option and choice names and descriptions, from the catalogue."""

from discord import Locale, app_commands

from bot.i18n import command_translations


class CatalogueTranslator(app_commands.Translator):
    """Gives Discord the Dutch text of every `locale_str` in the command tree."""

    async def translate(
        self, string: app_commands.locale_str, locale: Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        """Return the Dutch text for Dutch clients; None leaves the English text in place."""
        if locale is not Locale.dutch:
            return None
        return command_translations().get(string.message)
