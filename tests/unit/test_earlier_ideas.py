"""The report's follow-up parts: 'Wat is er met eerdere ideeën gebeurd?' (status changes since the previous
session, grouped by status, with who took them up) and merged ideas under their target with who brought them."""

from datetime import UTC, datetime

from markdown_it import MarkdownIt

from bot.clock import ManualClock
from bot.db import Database
from bot.documents.report_markdown import report_markdown
from bot.documents.report_sections import report_document
from bot.domain import ideas, merges, themes
from bot.domain.report import build_report
from bot.municipalities import directory
from tests.follow_up_seed import ORGANISER, seed_follow_up
from tests.report_world import listed
from tests.unit.test_report import CHANNEL, GUILD


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def status(db: Database, idea_id: int, value: str, when: str, municipality: str | None = None) -> None:
    taker = directory().resolve(municipality) if municipality else None
    note = "Loopt via de griffie" if value == "rejected" else None
    await ideas.set_status(db, GUILD, idea_id, value, note, moment(when), changed_by=ORGANISER, municipality=taker)


async def test_changes_since_the_previous_session_grouped_by_status_with_who_took_them_up(
    db: Database, clock: ManualClock
) -> None:
    await seed_follow_up(db, clock, GUILD, CHANNEL)  # idea 1 taken up by Zeist before the kick-off (27 Nov)
    await status(db, 2, "considering", "2026-12-15T10:00")
    await status(db, 2, "rejected", "2027-01-05T10:00")
    await status(db, 3, "taken_up", "2027-01-10T10:00", "Lochem")
    await status(db, 1, "done", "2027-02-01T10:00", "Zeist")
    await status(db, 3, "considering", "2027-07-01T10:00")  # after the report was made: not in it

    report = await build_report(db, GUILD, 2, moment("2027-06-26T09:00"))
    assert report.earlier is not None and report.earlier.since is not None
    assert report.earlier.since.title == "Kick-off democratische vernieuwing"
    shown = [(g.status, [(c.idea.id, c.change.municipality_name) for c in g.ideas]) for g in report.earlier.groups]
    assert shown == [("taken_up", [(3, "Lochem")]), ("done", [(1, "Zeist")]), ("rejected", [(2, None)])]

    text = report_markdown(report_document(report, "nl"))
    section = text[text.index("## Wat is er met eerdere ideeën gebeurd?") : text.index("## Aanmeldingen")]
    assert "*Statuswijzigingen sinds de vorige bijeenkomst (vrijdag 27 november 2026).*" in section
    assert "### opgepakt\n\n- \\#3 Jongerenraad — opgepakt door Lochem\n" in section
    assert "### afgerond\n\n- \\#1 Burgerberaad over het klimaat — afgerond · opgepakt door Zeist\n" in section
    assert "- \\#2 Wijkbudgetten \\| met inwoners — afgewezen: Loopt via de griffie" in section
    english = report_markdown(report_document(report, "en"))
    assert "## What happened to earlier ideas?" in english


async def test_a_first_session_shows_every_change_so_far_and_without_changes_the_section_is_left_out(
    db: Database, clock: ManualClock
) -> None:
    await seed_follow_up(db, clock, GUILD, CHANNEL)
    first = await build_report(db, GUILD, 1, clock.now())
    assert first.earlier is not None and first.earlier.since is None
    assert [(g.status, [c.idea.id for c in g.ideas]) for g in first.earlier.groups] == [("taken_up", [1])]
    quiet = await build_report(db, GUILD, 2, moment("2027-06-26T09:00"))
    text = report_markdown(report_document(quiet, "nl"))
    assert "## Wat is er met eerdere ideeën gebeurd?" not in text, "no change since: the section is left out"


async def test_merged_ideas_stand_under_their_target_with_the_municipality_that_brought_them(
    db: Database, clock: ManualClock
) -> None:
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    await merges.merge_ideas(db, GUILD, 3, 1, ORGANISER, clock.now())
    report = await build_report(db, GUILD, seeded.session_id, clock.now())
    [section] = report.prompts
    assert [i.id for i in listed(section)] == [1, 2]
    assert [i.id for i in section.merged[1]] == [3]
    text = report_markdown(report_document(report, "nl"))
    assert "   - Zeist trekt dit\n   - samengevoegd: \\#3 Jongerenraad — *Meierijstad*\n2. Wijkbudgetten" in text


async def test_themes_and_merged_ideas_read_back_as_headings_and_nested_lists(db: Database, clock: ManualClock) -> None:
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    await themes.set_theme(db, GUILD, 1, "Klimaat *en* [zo]", ORGANISER, clock.now())
    await merges.merge_ideas(db, GUILD, 3, 1, ORGANISER, clock.now())
    text = report_markdown(report_document(await build_report(db, GUILD, seeded.session_id, clock.now()), "nl"))
    html = MarkdownIt("commonmark").render(text)
    assert "<h4>Klimaat *en* [zo]</h4>" in html, "a theme's name stays text"
    assert "<h4>Zonder thema</h4>" in html
    item = html[html.index("<li>Burgerberaad") : html.index("</li>", html.index("samengevoegd"))]
    nested = "<ul>\n<li>Zeist trekt dit</li>\n<li>samengevoegd: #3 Jongerenraad — <em>Meierijstad</em>"
    assert nested in item, "nested under its target"
