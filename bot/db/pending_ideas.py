"""SQL for ideas waiting for the member's choice after the duplicate question, and the ideas offered to them."""

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.db.codec import from_db, to_db
from bot.db.connection import Database, Tx

_OFFERS = "SELECT id, pending_id, idea_id FROM pending_idea_offers WHERE pending_id = ? ORDER BY id"
_SELECT = "SELECT id, guild_id, prompt_id, author_id, text, source, interaction_id, created_at FROM pending_ideas"


@dataclass(frozen=True)
class PendingIdea:
    """An idea from the form or /idea add held until its author chooses to support an alike idea or send it anyway."""

    id: int
    guild_id: int
    prompt_id: int
    author_id: int
    text: str
    source: str
    interaction_id: int
    created_at: datetime


@dataclass(frozen=True)
class Offer:
    """One alike idea offered for a pending idea ("Steun #N")."""

    id: int
    pending_id: int
    idea_id: int


def _pending(row: sqlite3.Row) -> PendingIdea:
    data = dict(row)
    return PendingIdea(**{**data, "created_at": from_db(data["created_at"])})


def hold(
    tx: Tx, guild_id: int, prompt_id: int, author_id: int, text: str, source: str, interaction_id: int, now: datetime
) -> PendingIdea:
    """Keep an idea waiting (once per interaction: a repeated interaction finds the one kept before)."""
    tx.execute(
        "INSERT INTO pending_ideas (guild_id, prompt_id, author_id, text, source, interaction_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING",
        (guild_id, prompt_id, author_id, text, source, interaction_id, to_db(now)),
    )
    row = tx.one(f"{_SELECT} WHERE interaction_id = ?", (interaction_id,))
    assert row is not None
    return _pending(row)


def offer(tx: Tx, pending_id: int, idea_ids: list[int]) -> list[Offer]:
    """Record the ideas offered for a pending idea, in the order shown; return all its offers."""
    for idea_id in idea_ids:
        tx.execute(
            "INSERT INTO pending_idea_offers (pending_id, idea_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (pending_id, idea_id),
        )
    return [Offer(**dict(row)) for row in tx.all(_OFFERS, (pending_id,))]


async def load(db: Database, pending_id: int) -> PendingIdea | None:
    """A pending idea, or None (unknown, or its author chose already)."""
    row = await db.fetch_one(f"{_SELECT} WHERE id = ?", (pending_id,))
    return _pending(row) if row else None


async def load_by_interaction(db: Database, interaction_id: int) -> PendingIdea | None:
    """The pending idea an interaction left, or None."""
    row = await db.fetch_one(f"{_SELECT} WHERE interaction_id = ?", (interaction_id,))
    return _pending(row) if row else None


async def offers(db: Database, pending_id: int) -> list[Offer]:
    """The ideas offered for a pending idea, in the order shown."""
    return [Offer(**dict(row)) for row in await db.fetch_all(_OFFERS, (pending_id,))]


async def load_offer(db: Database, offer_id: int) -> Offer | None:
    """One offer, or None."""
    row = await db.fetch_one("SELECT id, pending_id, idea_id FROM pending_idea_offers WHERE id = ?", (offer_id,))
    return Offer(**dict(row)) if row else None


def settle(tx: Tx, pending_id: int) -> bool:
    """Remove a pending idea once its author chose (its offers go with it); False when it was settled already."""
    return tx.execute("DELETE FROM pending_ideas WHERE id = ?", (pending_id,)).rowcount == 1


def forget_older_than(tx: Tx, cutoff: datetime) -> int:
    """Remove the pending ideas nobody chose for since before `cutoff`; return how many."""
    return tx.execute("DELETE FROM pending_ideas WHERE created_at < ?", (to_db(cutoff),)).rowcount
