"""The network at a glance: members per municipality, hosts, sign-ups and ideas; every municipality once."""

from collections import Counter
from dataclasses import dataclass

from bot.db import Database
from bot.db import network as store
from bot.db.network import CallEntries, Named, NetworkRows
from bot.municipalities import directory


@dataclass(frozen=True)
class Place:
    """A municipality by CBS code: its name on the current list, or the stored name when it merged away."""

    code: str
    name: str
    current: bool


@dataclass(frozen=True)
class SignupCount:
    """An open sign-up call and how many municipalities signed up."""

    call_id: int
    question: str
    municipalities: int


@dataclass(frozen=True)
class Network:
    """Who takes part in a server's network; each list is most first, then by name."""

    members: list[tuple[Place, int]]
    organisations: list[tuple[str, int]]
    """Organisations without a municipality (VNG) and their members with a profile (0: only their ideas)."""
    hosts: list[tuple[Place, int]]
    signups: list[SignupCount]
    signed_up: list[Place]
    ideas: list[tuple[Place, int]]

    @property
    def involved(self) -> list[Place]:
        """Every municipality that takes part in any way, once, by name."""
        places = {p.code: p for p, _ in self.members} | {p.code: p for p, _ in self.hosts}
        places |= {p.code: p for p in self.signed_up} | {p.code: p for p, _ in self.ideas}
        return sorted(places.values(), key=lambda p: p.name.casefold())

    @property
    def host_codes(self) -> set[str]:
        """The municipalities that hosted a session or will host one."""
        return {place.code for place, _ in self.hosts}


def _place(code: str, stored_name: str) -> Place:
    current = directory().by_code(code)
    return Place(code, current.display_name, True) if current else Place(code, stored_name, False)


def _ranked(counts: Counter[str], names: dict[str, str]) -> list[tuple[Place, int]]:
    places = [(_place(code, names[code]), count) for code, count in counts.items()]
    return sorted(places, key=lambda item: (-item[1], item[0].name.casefold()))


def _per_municipality(rows: list[Named]) -> list[tuple[Place, int]]:
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for code, name, count in rows:
        if code is not None:
            counts[code] += count
            names.setdefault(code, name)
    return _ranked(counts, names)


def _organisations(rows: list[Named]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for code, name, count in rows:
        if code is None:
            counts[name] += count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def _network(rows: NetworkRows) -> Network:
    signed_up = {code: name for call in rows.calls for code, name in call.municipalities}
    return Network(
        members=_per_municipality(rows.members),
        organisations=_organisations(rows.members + [(None, name, 0) for code, name, _ in rows.ideas if code is None]),
        hosts=_per_municipality(rows.hosts),
        signups=[SignupCount(c.call_id, c.question, len(c.municipalities)) for c in rows.calls if c.open],
        signed_up=sorted((_place(code, name) for code, name in signed_up.items()), key=lambda p: p.name.casefold()),
        ideas=_per_municipality(rows.ideas),
    )


async def network(db: Database, guild_id: int) -> Network:
    """Gather the network of one server."""
    return _network(await store.network_rows(db, guild_id))


async def calls_and_network(db: Database, guild_id: int) -> tuple[list[CallEntries], Network]:
    """Every posted sign-up call (open or closed, with its municipalities) and the network, from one read."""
    rows = await store.network_rows(db, guild_id)
    return rows.calls, _network(rows)
