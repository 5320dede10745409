"""How the bot's embeds look wherever they come from: the colour, and fitting them into Discord's limits.

`budget_embeds` is the one place that makes a message's embeds fit every limit Discord has: per text (title,
description, field name and value, footer, author), per embed (25 fields), per message (10 embeds, 6000
characters in all). Descriptions and field values are cut at whole lines with a localised "… and N more"
line; the other texts are cut with "…". Every embed list the bot sends goes through it.
"""

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.i18n import t

COLOUR = discord.Colour.from_rgb(0, 102, 153)


def plain(text: str) -> str:
    """Typed text as it was typed: no Discord markdown (headings, masked links, bold, quotes, lists) of its own."""
    return discord.utils.escape_markdown(text)


CONTENT_MAX = 2000
"""Discord's limit on a message's text (outside embeds)."""
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
EMBEDS_MAX = 10
TOTAL_MAX = 6000
"""Discord's limits on embeds; the total counts titles, descriptions, field names and values, footers and
authors of all the embeds of one message."""

SHARE_MIN = 60
"""Over the total, descriptions and field values share what the other texts leave while each keeps at least
this much; below it, titles and names share too, and last of all the footers (where a message's marker is)."""
LINED, NAMED, FOOTER = 0, 1, 2
"""Which texts give way first when a message is over the total."""


def more_line(count: int, language: str) -> str:
    """'… and N more that don't fit here', in `language`."""
    return t("render.more", language, count=count)


def cut(text: str, limit: int) -> str:
    """The text, or its start ending in '…' when it is longer than `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…" if limit > 0 else ""


def fit_lines(lines: Sequence[str], budget: int, language: str) -> str:
    """Whole lines within `budget` characters and '… and N more' for the rest (never empty for a budget of 1+)."""
    text = "\n".join(lines)
    if len(text) <= budget:
        return text
    ends = [0]
    for line in lines:
        ends.append(ends[-1] + len(line) + (1 if len(ends) > 1 else 0))
    for kept in range(len(lines) - 1, 0, -1):
        marker = more_line(len(lines) - kept, language)
        if ends[kept] + 1 + len(marker) <= budget:
            return f"{text[: ends[kept]]}\n{marker}"
    marker = more_line(len(lines) - 1, language)
    if len(lines) > 1 and budget - len(marker) - 1 >= SHARE_MIN:
        return f"{cut(lines[0], budget - len(marker) - 1)}\n{marker}"
    return cut(text, budget)


@dataclass
class _Slot:
    """One text of an embed, as a place in the embed's dict, with its limit, how it is cut and its budget."""

    holder: dict[str, Any]
    key: str
    limit: int
    rank: int
    budget: int = 0

    def __post_init__(self) -> None:
        self.budget = self.limit

    @property
    def size(self) -> int:
        """How long the text is once within its own limit."""
        return min(len(self.text), self.limit)

    @property
    def text(self) -> str:
        """The text as the embed has it."""
        return str(self.holder.get(self.key) or "")

    def fit(self, language: str) -> None:
        """Cut the text to its budget, once, so that '… and N more' counts what the embed had."""
        if len(self.text) <= self.budget:
            return
        if self.rank == LINED:
            self.holder[self.key] = fit_lines(self.text.split("\n"), self.budget, language)
        else:
            self.holder[self.key] = cut(self.text, self.budget)


def _slots(embed: dict[str, Any]) -> list[_Slot]:
    slots = [
        _Slot(embed, "title", TITLE_MAX, NAMED),
        _Slot(embed.get("author") or {}, "name", AUTHOR_MAX, NAMED),
        _Slot(embed, "description", DESCRIPTION_MAX, LINED),
        _Slot(embed.get("footer") or {}, "text", FOOTER_MAX, FOOTER),
    ]
    for field in embed.get("fields") or []:
        slots += [_Slot(field, "name", FIELD_NAME_MAX, NAMED), _Slot(field, "value", FIELD_VALUE_MAX, LINED)]
    return [slot for slot in slots if slot.text]


def _cap_fields(embed: dict[str, Any], language: str) -> None:
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        hidden = len(fields) - FIELDS_MAX + 1
        embed["fields"] = [*fields[: FIELDS_MAX - 1], {"name": "…", "value": more_line(hidden, language)}]


def shares(lengths: Sequence[int], budget: int) -> list[int]:
    """How much of each length to keep to fit `budget` together: one cap for all, short ones pass on the rest."""
    remaining, left = budget, len(lengths)
    for length in sorted(lengths):
        share = remaining // left
        if length > share:
            return [min(each, share) for each in lengths]
        remaining -= length
        left -= 1
    return list(lengths)


def _share_total(slots: list[_Slot]) -> None:
    if sum(slot.size for slot in slots) <= TOTAL_MAX:
        return
    for rank in (LINED, NAMED, FOOTER):
        giving = [slot for slot in slots if slot.rank <= rank]
        budget = TOTAL_MAX - sum(slot.size for slot in slots if slot.rank > rank)
        if rank == FOOTER or sum(min(slot.size, SHARE_MIN) for slot in giving) <= budget:
            for slot, share in zip(giving, shares([slot.size for slot in giving], budget), strict=True):
                slot.budget = share
            return


def budget_embeds(embeds: Sequence[discord.Embed], language: str) -> list[discord.Embed]:
    """The embeds of one message trimmed to every Discord limit, saying how much is not shown."""
    shown: list[dict[str, Any]] = [copy.deepcopy(dict(embed.to_dict())) for embed in embeds[:EMBEDS_MAX]]
    if len(embeds) > EMBEDS_MAX:
        footer = shown[-1].setdefault("footer", {})
        footer["text"] = "\n".join(filter(None, [footer.get("text"), more_line(len(embeds) - EMBEDS_MAX, language)]))
    for embed in shown:
        _cap_fields(embed, language)
    slots = [slot for embed in shown for slot in _slots(embed)]
    _share_total(slots)
    for slot in slots:
        slot.fit(language)
    return [discord.Embed.from_dict(embed) for embed in shown]


def budget_embed(embed: discord.Embed, language: str) -> discord.Embed:
    """One embed (a message's only one) trimmed to every Discord limit; see `budget_embeds`."""
    return budget_embeds([embed], language)[0]
