"""SQL for the network at a glance: who takes part, per municipality or other organisation, in one snapshot."""

from dataclasses import dataclass

from bot.db.connection import Database, Tx

Named = tuple[str | None, str, int]
"""A municipality code (None for another organisation), the name stored with it, and a count."""


@dataclass(frozen=True)
class CallEntries:
    """A posted sign-up call and the municipalities (code, stored name) that signed up for it."""

    call_id: int
    question: str
    open: bool
    municipalities: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NetworkRows:
    """The server's profiles, confirmed hosts, sign-ups and ideas, each grouped by municipality or organisation."""

    members: list[Named]
    hosts: list[Named]
    calls: list[CallEntries]
    ideas: list[Named]


def _named(tx: Tx, sql: str, guild_id: int) -> list[Named]:
    return [(row[0], str(row[1]), int(row[2])) for row in tx.all(sql, (guild_id,))]


def _calls(tx: Tx, guild_id: int) -> list[CallEntries]:
    rows = tx.all(
        "SELECT c.id, c.question, c.status, e.municipality_code, e.municipality_name FROM signup_calls c "
        "LEFT JOIN signup_entries e ON e.call_id = c.id WHERE c.guild_id = ? AND c.message_id IS NOT NULL "
        "ORDER BY c.id, e.id",
        (guild_id,),
    )
    calls: dict[int, tuple[str, bool]] = {}
    entries: dict[int, list[tuple[str, str]]] = {}
    for row in rows:
        calls[row[0]] = (row[1], row[2] == "open")
        entries.setdefault(row[0], []).extend([(row[3], row[4])] if row[3] is not None else [])
    return [CallEntries(id, question, is_open, tuple(entries[id])) for id, (question, is_open) in calls.items()]


def _rows(tx: Tx, guild_id: int) -> NetworkRows:
    return NetworkRows(
        members=_named(
            tx,
            "SELECT municipality_code, organisation, count(*) FROM profiles WHERE guild_id = ? "
            "GROUP BY municipality_code, organisation",
            guild_id,
        ),
        hosts=_named(
            tx,
            "SELECT host_code, host_name, count(*) FROM sessions WHERE guild_id = ? AND status = 'planned' "
            "AND host_code IS NOT NULL GROUP BY host_code, host_name",
            guild_id,
        ),
        calls=_calls(tx, guild_id),
        ideas=_named(
            tx,
            "SELECT municipality_code, organisation, count(*) FROM ideas WHERE guild_id = ? "
            "AND withdrawn_at IS NULL AND organisation IS NOT NULL GROUP BY municipality_code, organisation",
            guild_id,
        ),
    )


async def network_rows(db: Database, guild_id: int) -> NetworkRows:
    """Read everything the network overview shows of one server, as one consistent snapshot."""
    return await db.read(lambda tx: _rows(tx, guild_id))
