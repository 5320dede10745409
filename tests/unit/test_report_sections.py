"""Each section of the report: there with its data in Dutch and English, left out when it has nothing to say."""

from dataclasses import replace

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.documents import report_sections as sections
from bot.documents.report_blocks import (
    Bullets,
    Figure,
    Item,
    Numbered,
    Paragraph,
    Run,
    Section,
    Subheading,
    typed_blocks,
)
from bot.documents.report_sections import SECTIONS, SectionFunction, report_document
from bot.domain import records
from bot.domain.network import CallEntries
from bot.domain.report import Report, build_report
from tests.conftest import plan_session
from tests.follow_up_seed import seed_follow_up
from tests.report_world import AT_THE_SESSION, CHANNEL, GUILD, full_report, with_themes

BARE_GUILD = 2002


def lines(section: Section) -> list[str]:
    """The section as plain lines: its heading, then each block's text (list items one a line)."""
    found = [section.heading] if section.heading else []

    def text(runs: tuple[Run, ...]) -> str:
        return "".join(run.text for run in runs)

    for block in section.blocks:
        if isinstance(block, Paragraph):
            found.append(text(block.runs))
        elif isinstance(block, Bullets | Numbered):
            for item in block.items:
                found += [text(item.runs), *(text(below) for below in item.below)]
        elif isinstance(block, Subheading):
            found.append(block.text)
        elif isinstance(block, Figure):
            found.append(f"[{block.name}] {block.description}")
    return found


@pytest.fixture
async def full(db: Database, clock: ManualClock) -> Report:
    return await full_report(db, clock)


@pytest.fixture
async def bare(db: Database, clock: ManualClock) -> Report:
    """A session of another server with nothing around it."""
    session = await plan_session(
        db,
        clock.now(),
        guild_id=BARE_GUILD,
        created_by=1,
        channel_id=9,
        title="Stil overleg",
        starts="01-12-2026 10:00",
    )
    return await build_report(db, BARE_GUILD, session.id, clock.now())


PRESENT = [
    (sections.opening, "vrijdag 27 november 2026, 10:00–12:00 · Stadhuis Zeist", "Friday 27 November 2026"),
    (
        sections.participants,
        "Aantal deelnemers (aanwezig): 2 van 1 gemeente, o.a. Zeist. Verder: VNG.",
        "Participants (present): 2 from 1 municipality, including Zeist. Also: VNG.",
    ),
    (sections.chart, "[verslag-1.png] Grafiek: deelnemers per gemeente", "[report-1.png] Chart: participants"),
    (sections.description, "Democratische vernieuwing is één van de thema's.", "experimenten delen"),
    (sections.ideas, "Ideeën voor het vervolg", "Ideas for the follow-up"),
    (sections.record_paragraph("stands_out"), "Wat valt op?", "What stands out?"),
    (sections.record_paragraph("opportunities"), "Waar liggen de kansen?", "Where are the opportunities?"),
    (sections.record_paragraph("follow_up"), "Vervolg", "Follow-up"),
    (sections.record_paragraph("proposals"), "Voorstellen", "Proposals"),
    (
        sections.signups,
        "#1 Welke gemeenten willen meedoen met de Thorbecke-experimenten?: Zeist, Lochem",
        "Sign-ups",
    ),
    (
        sections.network_map,
        "[verslag-1-kaart.png] Het netwerk op de kaart",
        "[report-1-map.png] The network on the map",
    ),
    (sections.hosts, "Gastgemeenten", "Host municipalities"),
    (
        sections.material,
        "Inspiratiebundel (www.example.org) — https://www.example.org/",
        "Filmpje Lochem (file: lochem.mp4)",
    ),
    (sections.next_sessions, "Volgende bijeenkomsten", "Next sessions"),
    (sections.open_items, "Open punten", "Open items"),
    (sections.made_by, "Gemaakt door Leerkring op donderdag 26 november 2026.", "Made by Leerkring on Thursday"),
]
OPTIONAL = [section for section, _, _ in PRESENT if section not in (sections.opening, sections.made_by)]


@pytest.mark.parametrize(("section", "dutch", "english"), PRESENT)
async def test_a_section_with_data_is_there_in_both_languages(
    full: Report, section: SectionFunction, dutch: str, english: str
) -> None:
    for language, expected in (("nl", dutch), ("en", english)):
        made = section(full, language)
        assert made is not None
        assert any(expected in line for line in lines(made)), (language, lines(made))


@pytest.mark.parametrize("section", OPTIONAL)
async def test_an_empty_section_is_left_out(bare: Report, section: SectionFunction) -> None:
    assert section(bare, "nl") is None and section(bare, "en") is None


async def test_the_notes_appear_only_when_written(full: Report) -> None:
    notes = sections.record_paragraph("notes")
    assert notes(full, "nl") is None
    made = notes(replace(full, record={"notes": "Koffie was op"}), "nl")
    assert made is not None and lines(made) == ["Overige notities", "Koffie was op"]


async def test_a_bare_session_reports_only_its_date_and_who_made_it(bare: Report) -> None:
    document = report_document(bare, "nl")
    assert document.title == "Verslag Stil overleg"
    assert [lines(s) for s in document.sections] == [
        ["dinsdag 1 december 2026, 10:00–12:00 · Nog niet bekend"],
        ["Gemaakt door Leerkring op donderdag 26 november 2026."],
    ]


async def test_sections_come_in_the_meeting_reports_order(full: Report) -> None:
    document = report_document(full, "nl")
    headings = [s.heading for s in document.sections if s.heading]
    assert headings == [
        "Ideeën voor het vervolg",
        "Wat valt op?",
        "Waar liggen de kansen?",
        "Vervolg",
        "Voorstellen",
        "Wat is er met eerdere ideeën gebeurd?",
        "Aanmeldingen",
        "Gastgemeenten",
        "Gedeeld materiaal",
        "Volgende bijeenkomsten",
        "Open punten",
    ]
    assert len(document.sections) == len(SECTIONS) - 1  # only the notes are empty


async def test_attendance_counts_rsvps_until_anyone_checks_in(db: Database, clock: ManualClock) -> None:
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    before = (await build_report(db, GUILD, seeded.session_id, clock.now())).attendance
    assert (before.counted, before.members, before.municipalities) == (
        "registered",
        6,
        [("Zeist", 2), ("Lochem", 1), ("Meierijstad", 1)],
    )
    await records.check_in(db, AT_THE_SESSION, GUILD, seeded.session_id, seeded.members["lotte"])
    after = (await build_report(db, GUILD, seeded.session_id, clock.now())).attendance
    assert (after.counted, after.members, after.municipalities, after.other_organisations) == (
        "present",
        1,
        [("Lochem", 1)],
        [],
    )
    zeist = next(o for o in after.organisations if o.name == "Zeist")
    assert (zeist.registered, zeist.present) == (2, 0)


async def test_ideas_are_grouped_by_theme_when_they_have_one(full: Report) -> None:
    themed = with_themes(full, {"Burgerberaad over het klimaat": "Participatie", "Jongerenraad": "Jongeren"})
    made = sections.ideas(themed, "en")
    assert made is not None
    assert [(b.text, b.level) for b in made.blocks if isinstance(b, Subheading)] == [
        ("Question #1: Welke experimenten wil je delen?", 3),
        ("Jongeren", 4),
        ("Participatie", 4),
        ("Without a theme", 4),
    ]
    numbered = [[item.runs[0].text for item in b.items] for b in made.blocks if isinstance(b, Numbered)]
    assert numbered == [["Jongerenraad"], ["Burgerberaad over het klimaat"], ["Wijkbudgetten | met inwoners"]]


async def test_without_themes_the_ideas_are_one_list_under_their_prompt(full: Report) -> None:
    made = sections.ideas(full, "nl")
    assert made is not None
    assert [b.level for b in made.blocks if isinstance(b, Subheading)] == [3]
    [numbered] = [b for b in made.blocks if isinstance(b, Numbered)]
    items = list(numbered.items)
    assert [item.runs[0].text for item in items] == [
        "Burgerberaad over het klimaat",
        "Wijkbudgetten | met inwoners",
        "Jongerenraad",
    ]
    assert items[0].below == ((Run("Zeist trekt dit"),),)


def test_typed_lines_become_paragraphs_points_and_sub_points() -> None:
    typed = "Er gebeurt veel.\n\n• Eerste punt\n- Tweede punt\no een sub-punt\nTot slot."
    assert typed_blocks(typed) == (
        Paragraph((Run("Er gebeurt veel."),)),
        Bullets((Item((Run("Eerste punt"),)), Item((Run("Tweede punt"),), ((Run("een sub-punt"),),)))),
        Paragraph((Run("Tot slot."),)),
    )
    assert typed_blocks("o geen punt ervoor") == (Paragraph((Run("o geen punt ervoor"),)),)


async def test_sign_ups_mark_closed_calls_and_keep_stored_names(full: Report) -> None:
    calls = [
        CallEntries(1, "Wie doet mee?", True, ()),
        CallEntries(2, "# Thorbecke", False, (("GM0370", "Beemster"), ("GM0355", "Zeist"))),
    ]
    made = sections.signups(replace(full, signups=calls), "nl")
    assert made is not None and lines(made) == [
        "Aanmeldingen",
        "#1 Wie doet mee?: nog geen gemeenten",
        "#2 # Thorbecke (gesloten): Beemster, Zeist",
    ]
    assert sections.signups(replace(full, signups=[]), "en") is None
