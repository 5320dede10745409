import html
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.documents.markdown_text import escape_markdown, table_cells
from bot.domain import privacy_export
from tests.export_rows import document as export_document

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HOSTILE = [
    "# Een nep-kop",
    "Tekst\n## ook midden in een idee",
    "![pixel](https://tracker.invalid/p.png?who=me)",
    "[Stemformulier](https://phish.invalid/login)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<https://autolink.invalid>",
    "**vet** _schuin_ ~~doorgestreept~~ `code`",
    "1. een lijst\n- met punten\n> en een citaat\n===",
    "a | b | c",
    "&lt;b&gt;entiteiten&lt;/b&gt;",
    "\\*backslash\\*",
]


def rendered_tags(markdown: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", RENDERER.render(markdown)))


@pytest.mark.parametrize("text", HOSTILE)
def test_member_text_renders_as_one_plain_paragraph_showing_what_was_typed(text: str) -> None:
    escaped = escape_markdown(text)
    assert rendered_tags(escaped) <= {"p"}, RENDERER.render(escaped)
    assert html.unescape(RENDERER.renderInline(escaped)) == text


MARKUP_HEAVY = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n#*_[]()<>!|`~&-+=>1.")


@given(st.text(alphabet=MARKUP_HEAVY))
def test_no_typed_text_becomes_markup(text: str) -> None:
    assert rendered_tags(escape_markdown(text)) <= {"p"}


async def test_the_markdown_export_keeps_member_text_inside_its_table_cell() -> None:
    rows = [{"id": 1, "text": text} for text in HOSTILE]
    document = (await export_document(rows, "md")).decode()
    assert rendered_tags(document) <= {"h1", "table", "thead", "tbody", "tr", "th", "td", "br"}
    assert RENDERER.render(document).count("<tr>") == len(HOSTILE) + 1


def test_a_members_own_export_shows_their_text_as_typed() -> None:
    rows = [{"kind": "idea", "member_id": "7", "id": 1, "text": text} for text in HOSTILE]
    document = privacy_export.to_markdown(rows, 7, datetime(2026, 12, 3, tzinfo=UTC), "nl")
    assert rendered_tags(document) <= {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td"}
    assert RENDERER.render(document).count("<tr>") == len(HOSTILE) + 1


CELLS = st.lists(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\x00", "-", "1", ".", "|", "*", ">"])))


@given(CELLS)
def test_table_cells_escape_each_text_as_escape_markdown_does_one_line_each(texts: list[str]) -> None:
    expected = [escape_markdown(text).replace("\r", "").replace("\n", "<br>") for text in texts]
    assert table_cells(texts) == expected
