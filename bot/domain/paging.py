"""Lists shown a page at a time (ideas, shared material): the page size, the page count, a page's place."""

from dataclasses import dataclass

from bot.errors import UserError

PAGE_SIZE = 10


def page_count(count: int) -> int:
    """How many pages of PAGE_SIZE a list of `count` takes (at least one)."""
    return max(1, -(-count // PAGE_SIZE))


def page_offset(number: int, count: int, refusal: str) -> int:
    """Where page `number` of a list of `count` starts; a page that is not there is refused with key `refusal`."""
    if not 1 <= number <= page_count(count):
        raise UserError(refusal, page=number, pages=page_count(count))
    return (number - 1) * PAGE_SIZE


@dataclass(frozen=True)
class Paged:
    """Which page this is of a list of `count`; a feature's page adds its rows."""

    number: int
    count: int

    @property
    def pages(self) -> int:
        """How many pages the whole list has (at least one)."""
        return page_count(self.count)
