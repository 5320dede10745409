"""The report's long lists are streamed: read in chunks as each writer goes through them, Word's lists written as
XML beside python-docx's tree. Read back, a long report is the same in Markdown and Word, every idea in its place."""

import io
from datetime import datetime

import docx
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import ManualClock
from bot.db import Database, Tx
from bot.db import ideas as store
from bot.db.ideas import STORED_CHUNK, NewIdea
from bot.documents.docx_lists import docx_paragraph_xml
from bot.documents.docx_runs import plain_paragraph_xml
from bot.documents.report_blocks import Run
from bot.documents.report_files import report_files
from bot.domain import prompts
from bot.domain.report import build_report
from tests import report_world
from tests.document_reading import docx_outline, markdown_outline
from tests.follow_up_seed import seed_follow_up

GUILD, CHANNEL = 1001, 55
MANY = 2 * STORED_CHUNK + 37
THEMES = ("Wonen", "jeugd", None)
WORD = docx.Document()

runs = st.lists(st.builds(Run, text=st.text(), bold=st.booleans(), italic=st.booleans()), max_size=5)


@given(
    runs=runs,
    style=st.sampled_from(["ListNumber", "ListBullet", "ListBullet2"]),
    numbering=st.none() | st.integers(1, 500),
)
def test_a_list_paragraph_written_as_text_is_the_xml_python_docx_writes(
    runs: list[Run], style: str, numbering: int | None
) -> None:
    written = plain_paragraph_xml(style, tuple(runs), numbering)
    assert written is not None
    assert written.encode() == docx_paragraph_xml(WORD, style, tuple(runs), numbering)


def test_a_paragraph_with_a_link_is_left_to_python_docx() -> None:
    assert plain_paragraph_xml("ListBullet", (Run("Zie "), Run("https://example.org", link=True)), None) is None


async def _many_ideas(db: Database, clock: ManualClock) -> tuple[int, list[tuple[str | None, int, int]]]:
    """The kick-off's prompt with MANY more ideas under three themes and varied support; the session and
    (theme, support, id) of every idea the report lists."""
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    [prompt] = await prompts.session_prompts(db, GUILD, seeded.session_id)
    now: datetime = clock.now()

    def add(tx: Tx) -> None:
        for n in range(MANY):
            new = NewIdea(GUILD, prompt.id, 400 + n, "Gemeente Ede", None, f"Idee {n}", "command", None, 50_000 + n,
                          CHANNEL, now)  # fmt: skip
            idea_id = store.insert(tx, new, now)
            assert idea_id is not None
            store.set_theme(tx, idea_id, THEMES[n % 3], now)
            for supporter in range(n % 4):
                store.add_support(tx, idea_id, 10_000 + supporter, now)

    await db.write(add)
    listed = [(idea.theme, idea.support, idea.id) for idea in await store.current(db, prompt.id)]
    return seeded.session_id, listed


def _report_order(listed: list[tuple[str | None, int, int]]) -> list[int]:
    """Themes alphabetically (any case), those under none last; in each, most supported first, then by number."""
    ordered = sorted(listed, key=lambda idea: (idea[0] is None, (idea[0] or "").casefold(), -idea[1], idea[2]))
    return [idea_id for _, _, idea_id in ordered]


async def test_a_long_report_lists_every_idea_in_order_in_markdown_and_word(db: Database, clock: ManualClock) -> None:
    session_id, listed = await _many_ideas(db, clock)
    report = await build_report(db, GUILD, session_id, clock.now())
    [section] = report.prompts
    assert section.count == len(listed) == MANY + 3
    assert [(group.theme, group.count) for group in section.themes] == [
        (theme, sum(1 for idea in listed if idea[0] == theme)) for theme in ("jeugd", "Wonen", None)
    ]
    made = dict(report_files(report, "nl"))
    outline = markdown_outline(made["verslag-1.md"].decode())
    assert docx_outline(made["verslag-1.docx"]) == outline
    numbered = [text for kind, text in outline if kind == "number"]
    texts = {idea.id: idea.text for idea in report_world.listed(section)}
    assert [text.split(" — ")[0] for text in numbered] == [texts[idea_id] for idea_id in _report_order(listed)]
    word = docx.Document(io.BytesIO(made["verslag-1.docx"]))
    lists = {p._p.pPr.numPr.numId.val for p in word.paragraphs if p.style is not None and p.style.name == "List Number"}
    assert len(lists) == 3
