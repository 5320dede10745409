"""Runs of the report's neutral form in Word: added to a python-docx paragraph, or written straight as the same XML.

A list of 100,000 ideas is written as XML text (`plain_paragraph_xml`), about twenty times faster than through
python-docx's element tree; it is the very XML python-docx writes for the same runs (the tests hold the two
together), and anything else (a hyperlink) goes through python-docx itself.
"""

import re
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from bot.documents.report_blocks import Runs

LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
"""Word's own colour for a hyperlink."""
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAB_OR_BREAK = re.compile("([\t\r\n])")


def xml_safe(text: str) -> str:
    """The text without the characters XML cannot hold (control characters other than tab and line breaks)."""
    return _NOT_IN_XML.sub("", text)


def _hyperlink(paragraph: WordParagraph, address: str) -> None:
    """The address as a real Word hyperlink showing itself, underlined in the link colour."""
    relation = paragraph.part.relate_to(address, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(xml_safe(address))
    run.underline = True
    run.font.color.rgb = LINK_COLOUR
    link.append(run._r)
    paragraph._p.append(link)


def add_runs(paragraph: WordParagraph, runs: Runs) -> None:
    """Add the runs to a python-docx paragraph: text as it is, bold and italic as run properties, links linked."""
    for run in runs:
        if run.link:
            _hyperlink(paragraph, run.text)
            continue
        added = paragraph.add_run(xml_safe(run.text))
        added.bold = run.bold or None
        added.italic = run.italic or None


def _text_xml(text: str) -> str:
    """A run's content as python-docx writes it: each stretch a <w:t>, a tab <w:tab/>, each line break <w:br/>."""
    parts = []
    for piece in _TAB_OR_BREAK.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def _run_xml(text: str, bold: bool, italic: bool) -> str:
    marks = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    properties = f"<w:rPr>{marks}</w:rPr>" if marks else "<w:rPr/>"
    return f"<w:r>{properties}{_text_xml(xml_safe(text))}</w:r>"


def plain_paragraph_xml(style_id: str, runs: Runs, numbering: int | None) -> str | None:
    """A paragraph of the style (numbered by `numbering` at level 0, if given) holding the runs, as the XML
    python-docx would write; None when a run is a link (that needs the document's relationships)."""
    if any(run.link for run in runs):
        return None
    numbers = "" if numbering is None else f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbering}"/></w:numPr>'
    content = "".join(_run_xml(run.text, run.bold, run.italic) for run in runs)
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{numbers}</w:pPr>{content}</w:p>'
