"""The duplicate guard: an idea from the form or /idea add that resembles open ideas of the server waits, held in
the store (so a restart loses nothing), until its author supports one of them instead or sends it anyway."""

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db import Database, Tx
from bot.db import ideas as store
from bot.db import pending_ideas as pending_store
from bot.db.pending_ideas import Offer, PendingIdea
from bot.domain import duplicates, ideas, prompts
from bot.domain.ideas import Idea
from bot.domain.prompts import Prompt
from bot.errors import UserError

PENDING_KEPT = timedelta(days=30)
"""How long an unanswered duplicate question is kept before the pending idea is forgotten."""


@dataclass(frozen=True)
class Proposal:
    """What became of an idea sent by form or command: stored (`idea`), or waiting (`pending`) with alike ideas."""

    idea: Idea | None
    created: bool
    pending: PendingIdea | None
    offered: list[tuple[Offer, Idea]]


async def propose_idea(
    db: Database, prompt: Prompt, author_id: int, text: str, source: str, interaction_id: int, now: datetime
) -> Proposal:
    """Store the idea, unless open ideas of other members resemble it: then hold it and offer up to three of them.

    Once per interaction: a repeated one finds the idea it stored, or the question it left.
    """
    cleaned = ideas.idea_text(prompt, text)
    stored = await store.load_by_interaction(db, interaction_id)
    if stored is not None:
        return Proposal(stored, False, None, [])
    waiting = await pending_store.load_by_interaction(db, interaction_id)
    if waiting is not None:
        return await _question(db, waiting, await pending_store.offers(db, waiting.id))
    open_ideas = await store.open_texts(db, prompt.guild_id, author_id, duplicates.MATCH_CHARS)
    # On a worker thread: comparing with every open idea grows with them, and must not hold up other interactions'
    # deferrals (a burst of hundreds against thousands of open ideas stalled the event loop past Discord's 3 s).
    matches = await asyncio.to_thread(duplicates.closest, cleaned, open_ideas)
    if not matches:
        idea, created = await ideas.add_idea(db, prompt, author_id, cleaned, source, interaction_id, now)
        return Proposal(idea, created, None, [])

    def hold(tx: Tx) -> tuple[PendingIdea, list[Offer]]:
        pending_store.forget_older_than(tx, now - PENDING_KEPT)
        pending = pending_store.hold(tx, prompt.guild_id, prompt.id, author_id, cleaned, source, interaction_id, now)
        return pending, pending_store.offer(tx, pending.id, [match.idea_id for match in matches])

    return await _question(db, *await db.write(hold))


async def _question(db: Database, pending: PendingIdea, offers: list[Offer]) -> Proposal:
    """A waiting idea with the ideas offered for it (those since withdrawn left out)."""
    found = {idea.id: idea for idea in await store.load_many(db, [offer.idea_id for offer in offers])}
    offered = [(offer, found[offer.idea_id]) for offer in offers if offer.idea_id in found]
    return Proposal(None, False, pending, [(offer, idea) for offer, idea in offered if idea.withdrawn_at is None])


async def _own_pending(db: Database, guild_id: int, pending_id: int | None, shown_id: int, user_id: int) -> PendingIdea:
    """The member's waiting idea of this server, or refuse: gone (chosen already, or never there), or not theirs."""
    pending = await pending_store.load(db, pending_id) if pending_id is not None else None
    if pending is None or pending.guild_id != guild_id:
        raise UserError("idea.choice_gone", id=shown_id)
    if pending.author_id != user_id:
        raise UserError("idea.choice_not_yours")
    return pending


async def support_instead(db: Database, guild_id: int, offer_id: int, user_id: int, now: datetime) -> Idea:
    """'Steun #N': the member supports the offered idea (or the idea it was merged into) and theirs is not stored."""
    offer = await pending_store.load_offer(db, offer_id)
    pending = await _own_pending(db, guild_id, offer.pending_id if offer else None, offer_id, user_id)
    assert offer is not None
    target = await ideas.get_idea(db, guild_id, offer.idea_id)
    if target.merged_into is not None:
        target = await ideas.get_idea(db, guild_id, target.merged_into)
    if target.author_id == user_id:
        raise UserError("idea.own_support")

    def choose(tx: Tx) -> None:
        if not pending_store.settle(tx, pending.id):
            raise UserError("idea.choice_gone", id=offer_id)
        store.add_support(tx, target.id, user_id, now)

    await db.write(choose)
    return await ideas.get_idea(db, guild_id, target.id)


async def submit_anyway(
    db: Database, guild_id: int, pending_id: int, user_id: int, now: datetime
) -> tuple[Prompt, Idea, bool]:
    """'Toch insturen': store the waiting idea as it was sent; return its prompt, the idea and whether it is new."""
    pending = await _own_pending(db, guild_id, pending_id, pending_id, user_id)
    prompt = await prompts.find_open_prompt(db, guild_id, pending.prompt_id)

    def send(tx: Tx) -> tuple[Idea, bool]:
        if not pending_store.settle(tx, pending.id):
            raise UserError("idea.choice_gone", id=pending_id)
        return ideas.store_idea_in(
            tx, prompt, pending.author_id, pending.text, pending.source, pending.interaction_id, now
        )

    idea, created = await db.write(send)
    return prompt, idea, created
