"""The report as Word, read back with python-docx: the same content as the Markdown, Word's own styles."""

import io
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from bot.clock import ManualClock
from bot.db import Database
from bot.documents.report_files import report_files
from bot.domain.report import Report, ThemeIdeas
from tests.document_reading import docx_outline, markdown_outline
from tests.report_world import full_report, listed, with_themes
from tests.unit.test_markdown_safety import HOSTILE

THEMES = {"Burgerberaad over het klimaat": "Participatie", "Jongerenraad": "Jongeren"}


@pytest.fixture
async def report(db: Database, clock: ManualClock) -> Report:
    return with_themes(await full_report(db, clock), THEMES)


def files(report: Report, language: str) -> dict[str, bytes]:
    return dict(report_files(report, language))


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_word_and_markdown_carry_the_same_content_in_the_same_order(report: Report, language: str) -> None:
    made = files(report, language)
    stem = "verslag-1" if language == "nl" else "report-1"
    map_file = f"{stem}-kaart.png" if language == "nl" else f"{stem}-map.png"
    assert sorted(made) == sorted([f"{stem}.md", f"{stem}.png", map_file, f"{stem}.docx"])
    outline = markdown_outline(made[f"{stem}.md"].decode())
    assert docx_outline(made[f"{stem}.docx"]) == outline
    kinds = {kind for kind, _ in outline}
    assert kinds == {"h1", "h2", "h3", "h4", "p", "number", "bullet", "bullet2", "figure"}


async def test_word_uses_real_heading_and_list_styles(report: Report) -> None:
    word = docx.Document(io.BytesIO(files(report, "nl")["verslag-1.docx"]))
    styles = [(p.style.name, p.text) for p in word.paragraphs if p.style is not None]
    assert styles[0] == ("Heading 1", "Verslag Kick-off democratische vernieuwing")
    assert ("Heading 2", "Wat valt op?") in styles and ("Heading 2", "Voorstellen") in styles
    assert ("Heading 3", "Vraag #1: Welke experimenten wil je delen?") in styles
    assert ("Heading 4", "Participatie") in styles and ("Heading 4", "Zonder thema") in styles
    assert ("List Bullet", "Meerwaarde op schaal") in styles
    assert ("List Bullet 2", "juni") in styles
    numbered = [p for p in word.paragraphs if p.style is not None and p.style.name == "List Number"]
    assert [p.text.split(" — ")[0] for p in numbered] == [
        "Jongerenraad",
        "Burgerberaad over het klimaat",
        "Wijkbudgetten | met inwoners",
    ]
    [italic] = [r.text for r in numbered[0].runs if r.italic]
    assert italic == "Meierijstad"


async def test_every_numbered_list_starts_again_at_one(report: Report) -> None:
    word = docx.Document(io.BytesIO(files(report, "nl")["verslag-1.docx"]))
    numbered = [p for p in word.paragraphs if p.style is not None and p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(ids)) == 3
    numbering = word.part.numbering_part.element
    for num_id in ids:
        [num] = [n for n in numbering.num_lst if n.numId == num_id]
        assert num.xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]


@pytest.mark.parametrize(("language", "tag"), [("nl", "nl-NL"), ("en", "en-GB")])
async def test_properties_and_language(report: Report, language: str, tag: str) -> None:
    stem = "verslag-1" if language == "nl" else "report-1"
    word = docx.Document(io.BytesIO(files(report, language)[f"{stem}.docx"]))
    properties = word.core_properties
    title = "Verslag" if language == "nl" else "Report"
    assert properties.title == f"{title} Kick-off democratische vernieuwing"
    assert properties.created == report.generated_at
    assert properties.language == tag
    for name in ("Normal", "Heading 1", "Heading 2", "List Bullet", "List Number"):
        lang = word.styles[name].element.rPr.find(qn("w:lang"))
        assert lang is not None and lang.get(qn("w:val")) == tag, name
    defaults = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert defaults.get(qn("w:val")) == tag


async def test_the_chart_and_the_map_are_embedded_as_the_same_images(report: Report) -> None:
    made = files(report, "nl")
    word = docx.Document(io.BytesIO(made["verslag-1.docx"]))
    assert len(word.inline_shapes) == 2
    for shape in word.inline_shapes:
        assert shape.width <= docx.shared.Inches(6.3) and shape.height <= docx.shared.Inches(8.6)
    images = [part.blob for part in word.part.package.parts if part.content_type == "image/png"]
    assert sorted(images) == sorted([made["verslag-1.png"], made["verslag-1-kaart.png"]])


async def test_member_text_is_plain_text_in_word_and_never_markup_in_markdown(report: Report) -> None:
    [prompt] = report.prompts
    hostile = [replace(idea, text=text) for idea, text in zip(listed(prompt) * 4, HOSTILE, strict=False)]
    record = dict.fromkeys(("stands_out", "opportunities"), "\n".join(HOSTILE))
    themes = [ThemeIdeas(None, len(hostile), hostile)]
    tampered = replace(report, prompts=[replace(prompt, themes=themes)], record=record)
    made = files(tampered, "nl")
    word = docx.Document(io.BytesIO(made["verslag-1.docx"]))
    texts = [p.text for p in word.paragraphs]
    for text in HOSTILE:
        assert any(paragraph.startswith(text) for paragraph in texts), text
    rendered = MarkdownIt("commonmark").render(made["verslag-1.md"].decode())
    links = [resource.link for resource in report.material]
    assert rendered.count("<img") == 2 and "<script" not in rendered and rendered.count("<a ") == len(links)
    assert all(f'<a href="{link}">' in rendered for link in links)
    assert rendered.count("<h1>") == 1
    assert docx_outline(made["verslag-1.docx"]) == markdown_outline(made["verslag-1.md"].decode())


async def test_one_format_only(report: Report) -> None:
    assert [name for name, _ in report_files(report, "nl", "md")] == [
        "verslag-1.md",
        "verslag-1.png",
        "verslag-1-kaart.png",
    ]
    assert [name for name, _ in report_files(report, "nl", "docx")] == ["verslag-1.docx"]
