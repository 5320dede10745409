"""A Word document's lists kept out of python-docx's tree: written as XML into spooled files, spliced in on save.

python-docx holds the whole document as an element tree, and adds each paragraph at the end of the body by scanning
it: 100,000 ideas took minutes and hundreds of MiB. Here each list item becomes its paragraph's XML at once (in a
temporary file past a few MiB), a placeholder paragraph holds the list's place in the tree, and the saved package's
document part is copied with every placeholder replaced by its list.
"""

import contextlib
import io
import re
import secrets
import zipfile
from collections.abc import Iterable
from types import TracebackType
from typing import IO, Self

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from bot.documents.docx_runs import add_runs, plain_paragraph_xml
from bot.documents.report_blocks import Item, Runs
from bot.files import spooled

DOCUMENT_PART = "word/document.xml"
COPY_BYTES = 1024 * 1024
BELOW_STYLE = "List Bullet 2"
"""The style of the points below a list item."""
_DECLARATION = re.compile(rb' xmlns:[\w.-]+="[^"]*"')


def docx_paragraph_xml(word: Document, style_id: str, runs: Runs, numbering: int | None) -> bytes:
    """A list paragraph built by python-docx (for the document's relationships: links), as XML without namespace
    declarations (the document part's root declares them)."""
    element = OxmlElement("w:p", nsdecls=word.element.nsmap)
    assert isinstance(element, CT_P)
    properties = element.get_or_add_pPr()
    properties.style = style_id
    if numbering is not None:
        numbers = properties.get_or_add_numPr()
        numbers.get_or_add_ilvl().val = 0
        numbers.get_or_add_numId().val = numbering
    add_runs(WordParagraph(element, word._body), runs)
    head, rest = etree.tostring(element, encoding="utf-8").split(b">", 1)
    return _DECLARATION.sub(b"", head) + b">" + rest


class SplicedLists:
    """The lists of one document: `add` while the document is built, `spliced` once it is saved; a context manager
    (leaving it removes the spooled files)."""

    def __init__(self, word: Document) -> None:
        self._word = word
        self._marker = secrets.token_hex(16)
        self._spools: list[IO[bytes]] = []
        self._files = contextlib.ExitStack()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._files.close()

    def _paragraph(self, style_id: str, runs: Runs, numbering: int | None) -> bytes:
        plain = plain_paragraph_xml(style_id, runs, numbering)
        return plain.encode() if plain is not None else docx_paragraph_xml(self._word, style_id, runs, numbering)

    def add(self, items: Iterable[Item], style: str, numbering: int | None) -> None:
        """Write a list's items (each with its points below) and put the list's placeholder at the end of the body."""
        spool = self._files.enter_context(spooled())
        style_id = self._word.styles[style].style_id
        below_id = self._word.styles[BELOW_STYLE].style_id
        for item in items:
            spool.write(self._paragraph(style_id, item.runs, numbering))
            for below in item.below:
                spool.write(self._paragraph(below_id, below, None))
        self._word.add_paragraph(f"{self._marker}-{len(self._spools)}")
        self._spools.append(spool)

    def spliced(self, saved: IO[bytes]) -> bytes:
        """The saved package with every placeholder in its document part replaced by its list."""
        out = io.BytesIO()
        with zipfile.ZipFile(saved) as package, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as result:
            for info in package.infolist():
                if info.filename != DOCUMENT_PART:
                    result.writestr(info, package.read(info))
                    continue
                with result.open(DOCUMENT_PART, "w") as part:
                    self._write_part(package.read(info), part)
        return out.getvalue()

    def _write_part(self, xml: bytes, part: IO[bytes]) -> None:
        for number, spool in enumerate(self._spools):
            placeholder = f"<w:p><w:r><w:t>{self._marker}-{number}</w:t></w:r></w:p>".encode()
            before, found, xml = xml.partition(placeholder)
            if not found:
                raise RuntimeError(f"list {number} has no placeholder in the document")
            part.write(before)
            spool.seek(0)
            while chunk := spool.read(COPY_BYTES):
                part.write(chunk)
        part.write(xml)
