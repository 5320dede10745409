"""How sign-up calls look: the live call message, `/signup list`, and the warning to the organiser."""

import discord

from bot.domain.signups import SignupCall, SignupEntry
from bot.i18n import t
from bot.timeparse import discord_timestamp
from bot.ui.render import COLOUR, budget_embed, plain

CLOSED_COLOUR = discord.Colour.dark_grey()


def _one_line(text: str) -> str:
    return plain(" ".join(text.split()))


def _deadline(call: SignupCall, language: str) -> list[str]:
    lines = (
        [t("signups.call_deadline", language, when=discord_timestamp(call.closes_at, "F"))] if call.closes_at else []
    )
    return lines + ([t("signups.call_closed_note", language)] if call.closed else [])


def call_embed(call: SignupCall, entries: list[SignupEntry], language: str) -> discord.Embed:
    """The call message: the question, the deadline and the municipalities that signed up, with their count."""
    embed = discord.Embed(
        title=_one_line(call.question),
        description="\n".join([t("signups.call_intro", language), *_deadline(call, language)]),
        colour=CLOSED_COLOUR if call.closed else COLOUR,
    )
    names = "\n".join(_one_line(entry.municipality_name) for entry in entries)
    embed.add_field(
        name=t("signups.entries_heading", language, count=len(entries)),
        value=names or t("signups.no_entries_yet", language),
        inline=False,
    )
    embed.set_footer(text=t("signups.call_footer", language, id=call.id))
    return budget_embed(embed, language)


def open_calls_embed(calls: list[SignupCall], language: str) -> discord.Embed:
    """`/signup list`: every open call with its number of municipalities and its deadline."""
    embed = discord.Embed(title=t("signups.list_title", language), colour=COLOUR)
    for call in calls:
        value = "\n".join([t("signups.count_line", language, count=call.entry_count), *_deadline(call, language)])
        embed.add_field(name=f"#{call.id} {_one_line(call.question)}", value=value, inline=False)
    return budget_embed(embed, language)


def call_overview_embed(call: SignupCall, entries: list[SignupEntry], language: str) -> discord.Embed:
    """`/signup list id`: one call with every municipality and its members' notes."""
    lines = [t("signups.count_line", language, count=len(entries)), *_deadline(call, language), ""]
    lines += [_one_line(entry.shown) for entry in entries] or [t("signups.no_entries_yet", language)]
    embed = discord.Embed(title=f"#{call.id} {_one_line(call.question)}", description="\n".join(lines), colour=COLOUR)
    return budget_embed(embed, language)
