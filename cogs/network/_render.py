"""How `/network` looks: the counts per municipality in an embed, the map as its image."""

import discord

from bot.domain.network import Network, Place
from bot.i18n import t
from bot.ui.render import COLOUR, FIELD_VALUE_MAX, budget_embed, fit_lines, plain


def _name(place: Place, language: str) -> str:
    shown = plain(place.name)
    return shown if place.current else t("network.former", language, name=shown)


def _counted(rows: list[tuple[Place, int]], language: str) -> str:
    return fit_lines([f"{_name(place, language)} — {count}" for place, count in rows], FIELD_VALUE_MAX, language)


def network_embed(network: Network, language: str, map_name: str) -> discord.Embed:
    """The network's counts: members per municipality, hosts, sign-ups per open call, ideas; the map below."""
    members = sum(count for _, count in network.members) + sum(count for _, count in network.organisations)
    lines = [t("network.summary", language, municipalities=len(network.involved), members=members)]
    former = [place.name for place in network.involved if not place.current]
    if former:
        lines.append(t("network.not_on_map", language, count=len(former), names=", ".join(map(plain, former))))
    embed = discord.Embed(title=t("network.title", language), description="\n".join(lines), colour=COLOUR)
    none = t("network.none", language)
    members_lines = [f"{_name(place, language)} — {count}" for place, count in network.members]
    members_lines += [f"{plain(name)} — {count}" for name, count in network.organisations if count]
    embed.add_field(
        name=t("network.members_heading", language),
        value=fit_lines(members_lines, FIELD_VALUE_MAX, language) or none,
        inline=False,
    )
    embed.add_field(name=t("network.hosts_heading", language), value=_counted(network.hosts, language) or none)
    embed.add_field(name=t("network.ideas_heading", language), value=_counted(network.ideas, language) or none)
    calls = [
        t(
            "network.signup_line",
            language,
            id=c.call_id,
            question=plain(" ".join(c.question.split())),
            count=c.municipalities,
        )
        for c in network.signups
    ]
    embed.add_field(
        name=t("network.signups_heading", language),
        value=fit_lines(calls, FIELD_VALUE_MAX, language) or none,
        inline=False,
    )
    embed.set_image(url=f"attachment://{map_name}")
    return budget_embed(embed, language)
