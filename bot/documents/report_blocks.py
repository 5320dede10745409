"""The report in a neutral form that every writer renders: sections of headings, paragraphs, lists and a figure.

Text is always plain (member text included); emphasis is a property of a run, never markup in the text, so the
Markdown writer escapes every run and the Word writer puts it in a run as it is.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

BULLETS = ("- ", "* ", "• ", "– ")
SUB_BULLET = "o "


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of plain text, bold and/or italic as a whole; `link`: the text is a checked web address, linked."""

    text: str
    bold: bool = False
    italic: bool = False
    link: bool = False


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs."""

    runs: Runs


@dataclass(frozen=True, slots=True)
class Item:
    """One list item, with bullet points below it (a note, or a typed sub-point)."""

    runs: Runs
    below: tuple[Runs, ...] = ()


Row = TypeVar("Row")


@dataclass(frozen=True)
class Listed(Generic[Row]):
    """List items made one at a time as a writer goes through them, from rows read as they are needed (the report's
    ideas): a long list is never held whole. Gone through once per writer, so `rows` must be iterable again."""

    rows: Iterable[Row]
    make: Callable[[Row], Item]

    def __iter__(self) -> Iterator[Item]:
        return map(self.make, self.rows)


Items = tuple[Item, ...] | Listed
"""A list's items: held (a few), or made as they are written (many)."""


@dataclass(frozen=True)
class Bullets:
    """A bullet list."""

    items: Items


@dataclass(frozen=True)
class Numbered:
    """A numbered list, starting at 1."""

    items: Items


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section: level 3 (a prompt) or 4 (a theme)."""

    text: str
    level: int


@dataclass(frozen=True)
class Figure:
    """An image the report comes with (the chart), by its file name, with a text that describes it."""

    name: str
    description: str


Block = Paragraph | Bullets | Numbered | Subheading | Figure


@dataclass(frozen=True)
class Section:
    """A part of the report: its heading (level 2; None for the opening lines) and its blocks."""

    heading: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ReportDocument:
    """The whole report: its title (level 1), language, date, and its non-empty sections in order."""

    title: str
    language: str
    created: datetime
    sections: tuple[Section, ...]


def one_line(text: str) -> str:
    """A heading's text on one line: every run of whitespace, line breaks included, one space."""
    return " ".join(text.split())


def plain(text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A paragraph of one run."""
    return Paragraph((Run(text, bold, italic),))


def typed_blocks(text: str) -> tuple[Block, ...]:
    """Typed text as paragraphs and bullet lists: lines starting '- ', '• ' … are points, 'o ' sub-points."""
    blocks: list[Block] = []
    items: list[Item] = []

    def end_list() -> None:
        if items:
            blocks.append(Bullets(tuple(items)))
            items.clear()

    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        point = next((line[len(mark) :].strip() for mark in BULLETS if line.startswith(mark)), None)
        if point is not None:
            items.append(Item((Run(point),)))
        elif line.startswith(SUB_BULLET) and items:
            last = items.pop()
            items.append(Item(last.runs, (*last.below, (Run(line[len(SUB_BULLET) :].strip()),))))
        else:
            end_list()
            blocks.append(plain(line))
    end_list()
    return tuple(blocks)
