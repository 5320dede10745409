"""The one embed budget: whatever the bot puts in its embeds, a message stays within every Discord limit."""

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import t
from bot.ui.render import TOTAL_MAX, budget_embeds, fit_lines, shares
from localdiscord.validation import message_errors

texts = st.text(alphabet=st.sampled_from("ab \n…é"), min_size=1, max_size=5000)
short = st.text(alphabet=st.sampled_from("ab \n"), min_size=1, max_size=300)


@st.composite
def embeds(draw: st.DrawFn) -> discord.Embed:
    embed = discord.Embed(title=draw(st.none() | texts), description=draw(st.none() | texts))
    if draw(st.booleans()):
        embed.set_footer(text=draw(texts))
    if draw(st.booleans()):
        embed.set_author(name=draw(texts))
    for name, value in draw(st.lists(st.tuples(texts | short, texts | short), max_size=30)):
        embed.add_field(name=name, value=value)
    return embed


@settings(max_examples=150, deadline=None)
@given(st.lists(embeds(), min_size=1, max_size=12), st.sampled_from(["nl", "en"]))
def test_budgeted_embeds_are_always_within_every_discord_limit(found: list[discord.Embed], language: str) -> None:
    budgeted = budget_embeds(found, language)
    payload = [embed.to_dict() for embed in budgeted]
    assert list(message_errors({"embeds": payload})) == []
    for embed in payload:
        assert all(field["name"] and field["value"] for field in embed.get("fields", []))


def test_what_does_not_fit_is_counted_and_the_originals_stay_as_they_were() -> None:
    lines = [f"Gemeente {n} ({'x' * 80})" for n in range(100)]
    original = discord.Embed(title="Oproep", description="\n".join(lines))
    for n in range(25):
        original.add_field(name=f"#{n} Leerkring", value="\n".join(lines[:6]))
    [budgeted] = budget_embeds([original], "nl")
    size = len(budgeted.title or "") + len(budgeted.description or "")
    assert size + sum(len(f.name or "") + len(f.value or "") for f in budgeted.fields) <= TOTAL_MAX
    *shown, more = (budgeted.description or "").split("\n")
    assert shown == lines[: len(shown)] and more == t("render.more", "nl", count=100 - len(shown))
    *shown, more = (budgeted.fields[0].value or "").split("\n")
    assert shown == lines[: len(shown)] and more == t("render.more", "nl", count=6 - len(shown))
    assert original.description == "\n".join(lines) and original.fields[0].value == "\n".join(lines[:6])


def test_lines_are_kept_whole_and_a_lone_long_line_is_cut() -> None:
    assert fit_lines(["aaaa", "bbbb"], 9, "en") == "aaaa\nbbbb"
    assert fit_lines(["a" * 50, "b" * 50], 100, "en") == "a" * 50 + "\n" + t("render.more", "en", count=1)
    assert fit_lines(["a" * 50], 10, "en") == "a" * 9 + "…"


def test_shares_give_short_texts_their_length_and_split_the_rest() -> None:
    assert shares([10, 500, 1000], 610) == [10, 300, 300]
    assert shares([10, 20], 100) == [10, 20]
