"""SQL for places: RSVP states, a session's capacity and its waiting list, each decision inside one write job."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.db.codec import to_db
from bot.db.connection import Database, Tx


class State(StrEnum):
    """Where a member stands for a session."""

    COMING = "coming"
    NOT_COMING = "not_coming"
    WAITING = "waiting"


class Source(StrEnum):
    """Where an RSVP came from: the member (button or command) or "Interested" on the Discord event."""

    MEMBER = "member"
    EVENT = "event"


@dataclass(frozen=True)
class Counts:
    """How a session's places stand: coming, not coming, waiting, and its capacity (None: no limit)."""

    coming: int
    not_coming: int
    waiting: int
    capacity: int | None


_WAITING_ORDER = "ORDER BY updated_at, rowid"


def state_of(tx: Tx, session_id: int, user_id: int) -> tuple[State, Source] | None:
    """Return a member's RSVP state and source for a session, or None when they never answered."""
    row = tx.one("SELECT state, source FROM rsvps WHERE session_id = ? AND user_id = ?", (session_id, user_id))
    return (State(row["state"]), Source(row["source"])) if row else None


def capacity_in(tx: Tx, session_id: int) -> int | None:
    """Return a session's capacity (None: no limit)."""
    row = tx.one("SELECT capacity FROM sessions WHERE id = ?", (session_id,))
    return row["capacity"] if row else None


def coming_in(tx: Tx, session_id: int) -> int:
    """Return how many members have a place."""
    row = tx.one("SELECT count(*) FROM rsvps WHERE session_id = ? AND state = 'coming'", (session_id,))
    return int(row[0]) if row else 0


def set_state(tx: Tx, session_id: int, user_id: int, state: State, source: Source, now: datetime) -> None:
    """Record a member's new state (the caller decided it changed); joining the waiting list puts them last."""
    tx.execute(
        "INSERT INTO rsvps (session_id, user_id, state, source, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (session_id, user_id) DO UPDATE SET state = excluded.state, source = excluded.source, "
        "updated_at = excluded.updated_at",
        (session_id, user_id, state.value, source.value, to_db(now)),
    )


def claim_as_member(tx: Tx, session_id: int, user_id: int) -> None:
    """Make an RSVP that came from the Discord event the member's own (a later un-interest leaves it)."""
    tx.execute(
        "UPDATE rsvps SET source = 'member' WHERE session_id = ? AND user_id = ? AND source = 'event'",
        (session_id, user_id),
    )


def withdraw_from_event(tx: Tx, session_id: int, user_id: int) -> State | None:
    """Remove an RSVP that came from the Discord event; return its state, or None when there was none such."""
    row = tx.one(
        "DELETE FROM rsvps WHERE session_id = ? AND user_id = ? AND source = 'event' AND state != 'not_coming' "
        "RETURNING state",
        (session_id, user_id),
    )
    return State(row["state"]) if row else None


def promote_waiting(tx: Tx, session_id: int, now: datetime) -> list[int]:
    """Give the free places to the first on the waiting list; return who got one, in list order."""
    capacity = capacity_in(tx, session_id)
    free = -1 if capacity is None else max(0, capacity - coming_in(tx, session_id))
    if free == 0:
        return []
    rows = tx.all(
        f"SELECT rowid, user_id FROM rsvps WHERE session_id = ? AND state = 'waiting' {_WAITING_ORDER} LIMIT ?",
        (session_id, free),
    )
    tx.executemany(
        "UPDATE rsvps SET state = 'coming', updated_at = ? WHERE rowid = ?", [(to_db(now), row[0]) for row in rows]
    )
    return [row["user_id"] for row in rows]


def session_home_in(tx: Tx, session_id: int) -> tuple[int, int]:
    """Return a session's server and announcement channel, inside a write job."""
    row = tx.one("SELECT guild_id, channel_id FROM sessions WHERE id = ?", (session_id,))
    assert row is not None
    return row["guild_id"], row["channel_id"]


def waiting_position(tx: Tx, session_id: int, user_id: int) -> int | None:
    """Return a member's place on the waiting list (1 is next), or None when they are not on it."""
    row = tx.one(
        "SELECT position FROM (SELECT user_id, row_number() OVER "
        f"({_WAITING_ORDER}) AS position FROM rsvps WHERE session_id = ? AND state = 'waiting') WHERE user_id = ?",
        (session_id, user_id),
    )
    return int(row[0]) if row else None


def _counts(tx: Tx, session_id: int) -> Counts:
    row = tx.one(
        "SELECT (SELECT capacity FROM sessions WHERE id = :s), "
        "coalesce(sum(state = 'coming'), 0), coalesce(sum(state = 'not_coming'), 0), "
        "coalesce(sum(state = 'waiting'), 0) FROM rsvps WHERE session_id = :s",
        {"s": session_id},
    )
    assert row is not None
    return Counts(row[1], row[2], row[3], row[0])


async def counts(db: Database, session_id: int) -> Counts:
    """Return how a session's places stand."""
    return await db.read(lambda tx: _counts(tx, session_id))


async def waiting_list(db: Database, session_id: int) -> list[int]:
    """Return the members on a session's waiting list, next first."""
    rows = await db.fetch_all(
        f"SELECT user_id FROM rsvps WHERE session_id = ? AND state = 'waiting' {_WAITING_ORDER}", (session_id,)
    )
    return [row["user_id"] for row in rows]


def answered_in(tx: Tx, session_id: int) -> dict[int, Source]:
    """Return every member with an RSVP standing (coming or waiting) or given ("not coming"), with its source.

    An RSVP from the event that is "not coming" cannot exist (the member's own answer makes it theirs).
    """
    rows = tx.all("SELECT user_id, source FROM rsvps WHERE session_id = ?", (session_id,))
    return {row["user_id"]: Source(row["source"]) for row in rows}
