"""How the bot's embeds look wherever they come from: the colour, and lines fitted into a description."""

import discord

COLOUR = discord.Colour.from_rgb(0, 102, 153)
DESCRIPTION_BUDGET = 4000


def fit_lines(lines: list[str], budget: int = DESCRIPTION_BUDGET) -> str:
    """Join lines until the text would exceed Discord's embed description limit; mark what was left out."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            kept.append("…")
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)
