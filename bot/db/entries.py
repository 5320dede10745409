"""A municipality's entry that several members make together, each with their own note: host calls and sign-ups.

An entry table holds one row per municipality, a members table one row per member of it (with the note); a
trigger ends the entry with its last member (migrations 0007 and 0010). Reads join the two, one row per member.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

E = TypeVar("E")


@dataclass(frozen=True)
class EntryMember:
    """A member in a municipality's entry, with the note that is theirs."""

    user_id: int
    note: str | None


class MemberEntry:
    """What an entry shows of its members; mixed into the entry's value type (with these two fields)."""

    municipality_name: str
    members: tuple[EntryMember, ...]

    @property
    def notes(self) -> list[str]:
        """The members' notes, in the order they joined."""
        return [member.note for member in self.members if member.note]

    @property
    def member_ids(self) -> set[int]:
        """Who is in the entry."""
        return {member.user_id for member in self.members}

    @property
    def shown(self) -> str:
        """'Zeist (Raadzaal, 40 personen · kantine)'."""
        notes = " · ".join(self.notes)
        return f"{self.municipality_name} ({notes})" if notes else self.municipality_name


def entries_of(rows: list[Any], make: Callable[[Any, tuple[EntryMember, ...]], E]) -> list[E]:
    """Entries from rows with one row per member (columns `id`, `user_id`, `note`; an entry's rows together).

    `make(row, members)` builds an entry from its first row and its members, first one first.
    """
    firsts: dict[int, Any] = {}
    members: dict[int, list[EntryMember]] = {}
    for row in rows:
        firsts.setdefault(row["id"], row)
        members.setdefault(row["id"], []).append(EntryMember(row["user_id"], row["note"]))
    return [make(firsts[entry_id], tuple(found)) for entry_id, found in members.items()]
