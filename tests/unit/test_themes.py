"""Themes: set in any case (the server's spelling wins), cleared, limited to 50 characters, filtered and grouped."""

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, ideas, themes
from bot.domain.prompts import Prompt
from tests.unit.test_ideas import AUTHOR, by_command, refusal
from tests.unit.test_prompts import GUILD, NOW, ORGANISER, opened


@pytest.fixture
async def prompt(db: Database, clock: ManualClock) -> Prompt:
    return await opened(db, clock)


async def test_a_theme_is_set_in_the_servers_spelling_cleared_and_audited(
    db: Database, clock: ManualClock, prompt: Prompt
) -> None:
    first = await by_command(db, prompt, "Buurtbudget", 900)
    second = await by_command(db, prompt, "Jongerenraad", 901)
    put = await themes.set_theme(db, GUILD, first.id, "  Participatie\u202e ", ORGANISER, NOW)
    assert put.theme == "Participatie"
    again = await themes.set_theme(db, GUILD, second.id, "PARTICIPATIE", ORGANISER, NOW)
    assert again.theme == "Participatie", "one theme, however it is typed"
    assert await themes.server_themes(db, GUILD, "tic") == ["Participatie"]
    cleared = await themes.set_theme(db, GUILD, first.id, "  ", ORGANISER, NOW)
    assert cleared.theme is None
    entries = await audit.latest(db, GUILD)
    assert [e.detail for e in entries if e.action == audit.IDEA_THEME] == [
        f"#{first.id}: -",
        f"#{second.id}: Participatie",
        f"#{first.id}: Participatie",
    ]


async def test_a_theme_over_fifty_characters_or_of_another_server_is_refused(db: Database, prompt: Prompt) -> None:
    idea = await by_command(db, prompt, "Buurtbudget", 900)
    assert await refusal(themes.set_theme(db, GUILD, idea.id, "x" * 51, ORGANISER, NOW)) == "idea.theme_too_long"
    assert await refusal(themes.set_theme(db, GUILD + 1, idea.id, "Wonen", ORGANISER, NOW)) == "idea.unknown"
    assert await refusal(themes.set_theme(db, GUILD, 99, "Wonen", ORGANISER, NOW)) == "idea.unknown"
    assert (await ideas.get_idea(db, GUILD, idea.id)).theme is None
    fifty = await themes.set_theme(db, GUILD, idea.id, "y" * 50, ORGANISER, NOW)
    assert fifty.theme == "y" * 50


async def test_lists_filter_by_theme_and_group_themes_first(db: Database, prompt: Prompt) -> None:
    plain_idea = await by_command(db, prompt, "Geen thema", 900)
    wonen = await by_command(db, prompt, "Tiny houses", 901)
    inspraak = await by_command(db, prompt, "Jongerenraad", 902)
    await themes.set_theme(db, GUILD, wonen.id, "Wonen", ORGANISER, NOW)
    await themes.set_theme(db, GUILD, inspraak.id, "inspraak", ORGANISER, NOW)
    await ideas.support_idea(db, GUILD, plain_idea.id, AUTHOR + 5, NOW)

    everything = await ideas.list_page(db, GUILD, None, 1)
    assert [i.id for i in everything.ideas] == [inspraak.id, wonen.id, plain_idea.id]
    groups = themes.group_by_theme(everything.ideas)
    assert [(g.theme, [i.id for i in g.ideas]) for g in groups] == [
        ("inspraak", [inspraak.id]),
        ("Wonen", [wonen.id]),
        (None, [plain_idea.id]),
    ]
    chosen = await themes.resolve_theme(db, GUILD, "WONEN")
    only = await ideas.list_page(db, GUILD, None, 1, chosen)
    assert (chosen, [i.id for i in only.ideas], only.count) == ("Wonen", [wonen.id], 1)
    assert await refusal(themes.resolve_theme(db, GUILD, "Klimaat")) == "idea.unknown_theme"
    assert await themes.resolve_theme(db, GUILD, None) is None
