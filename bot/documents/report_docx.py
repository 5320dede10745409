"""The report as a Word document (python-docx): the neutral form's sections with Word's own styles.

Headings are 'Heading 1' (the title) to 'Heading 4', lists 'List Bullet' (points below an item 'List Bullet 2')
and 'List Number' (each list numbered from 1), the chart a picture; the document's properties carry the
title, date and language, and the text styles the language, so Word checks Dutch spelling as Dutch.
Text goes into runs as it is: nothing a member typed is read as markup.

Lists are written beside python-docx's tree and spliced in on save (`bot.documents.docx_lists`): a report of
100,000 ideas is never held whole.
"""

import io
from collections.abc import Mapping

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches
from PIL import Image

from bot.documents.docx_lists import SplicedLists
from bot.documents.docx_runs import add_runs, xml_safe
from bot.documents.report_blocks import (
    Block,
    Bullets,
    Figure,
    Numbered,
    Paragraph,
    ReportDocument,
    Subheading,
    one_line,
)

LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
TEXT_STYLES = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Bullet",
    "List Bullet 2",
    "List Number",
)
PICTURE_WIDTH = Inches(6.3)
PICTURE_HEIGHT = Inches(8.6)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_language(rpr: BaseOxmlElement, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    lang.set(qn("w:val"), tag)


def _language(word: Document, tag: str) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_language(rpr, tag)
    for name in TEXT_STYLES:
        _set_language(word.styles[name].element.get_or_add_rPr(), tag)


def _fresh_numbering(word: Document) -> int:
    """A new numbering instance of the 'List Number' style that starts again at 1; its id."""
    numbering = word.part.numbering_part.element
    style_num = word.styles["List Number"].element.pPr.numPr.numId.val
    abstract = next(num.abstractNumId.val for num in numbering.num_lst if num.numId == style_num)
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _picture(word: Document, figure: Figure, data: bytes) -> None:
    """The image fitted to the page (as wide as the text, or as tall as the page allows), described as alt text."""
    width, height = Image.open(io.BytesIO(data)).size
    if PICTURE_WIDTH * height / width <= PICTURE_HEIGHT:
        shape = word.add_picture(io.BytesIO(data), width=PICTURE_WIDTH)
    else:
        shape = word.add_picture(io.BytesIO(data), height=PICTURE_HEIGHT)
    shape._inline.docPr.set("descr", xml_safe(figure.description))


def _block(word: Document, block: Block, images: Mapping[str, bytes], lists: SplicedLists) -> None:
    if isinstance(block, Paragraph):
        add_runs(word.add_paragraph(), block.runs)
    elif isinstance(block, Bullets):
        lists.add(block.items, "List Bullet", None)
    elif isinstance(block, Numbered):
        lists.add(block.items, "List Number", _fresh_numbering(word))
    elif isinstance(block, Subheading):
        word.add_heading(xml_safe(one_line(block.text)), block.level)
    elif isinstance(block, Figure) and block.name in images:
        _picture(word, block, images[block.name])


def report_docx(document: ReportDocument, images: Mapping[str, bytes]) -> bytes:
    """Write the whole report as a .docx; a figure is embedded from `images` by its file name."""
    word = docx.Document()
    tag = LANGUAGE_TAGS[document.language]
    _language(word, tag)
    properties = word.core_properties
    title = xml_safe(one_line(document.title))
    properties.title = title
    properties.created = document.created
    properties.modified = document.created
    properties.language = tag
    properties.author = "Leerkring"
    word.add_heading(title, 1)
    with SplicedLists(word) as lists:
        for section in document.sections:
            if section.heading:
                word.add_heading(xml_safe(one_line(section.heading)), 2)
            for block in section.blocks:
                _block(word, block, images, lists)
        saved = io.BytesIO()
        word.save(saved)
        return lists.spliced(saved)
