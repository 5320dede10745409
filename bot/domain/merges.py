"""Merging ideas: an organiser merges idea `id` into `into`; its supporters and author count for `into` once each."""

from dataclasses import dataclass
from datetime import datetime

from bot.db import Database, Tx
from bot.db import ideas as store
from bot.db import merges as merge_store
from bot.domain import audit
from bot.domain.ideas import MERGE_NOTICE, Idea, current_of, get_idea, tell_about
from bot.errors import UserError


@dataclass(frozen=True)
class Merge:
    """A merge done: the merged idea, the idea it went into (the end of the chain), how many supporters that gained."""

    idea: Idea
    target: Idea
    gained: int
    asked_id: int
    """The idea the organiser named; not the target when it had been merged itself (the merge followed it)."""


async def merge_ideas(db: Database, guild_id: int, idea_id: int, into_id: int, by: int, now: datetime) -> Merge:
    """Merge idea `idea_id` into `into_id` (following `into_id` to the idea it was merged into), in one write with
    its audit entry and the notice to the merged idea's author and supporters and the target's author; refuse
    merging an idea into itself, one merged already, or a merge that would make a cycle."""
    if idea_id == into_id:
        raise UserError("idea.merge_self", id=idea_id)

    def merge(tx: Tx) -> tuple[int, int, int]:
        idea = current_of(store.load_in(tx, idea_id), guild_id, idea_id)
        asked = current_of(store.load_in(tx, into_id), guild_id, into_id)
        if idea.merged_into is not None:
            raise UserError("idea.merged_already", id=idea.id, into=idea.merged_into)
        end = asked.merged_into or asked.id
        target = current_of(store.load_in(tx, end), guild_id, end)
        if target.id == idea.id:
            raise UserError("idea.merge_cycle", id=idea.id, into=asked.id)
        gained = merge_store.merge(tx, idea.id, target.id, by, now)
        audit.record_in(tx, now, guild_id, by, audit.IDEA_MERGE, f"#{idea.id} → #{target.id}")
        params = {"idea_id": idea.id, "into": target.id}
        coalesce = f"idea-merge:{idea.id}"
        tell_about(tx, idea, MERGE_NOTICE, params, actor=by, now=now, coalesce_key=coalesce, also=(target.author_id,))
        return idea.id, target.id, gained

    merged_id, target_id, gained = await db.write(merge)
    merged = await store.load(db, merged_id)
    assert merged is not None
    return Merge(merged, await get_idea(db, guild_id, target_id), gained, into_id)


async def merged_into(db: Database, idea: Idea) -> list[Idea]:
    """The current ideas merged into this idea, by number."""
    return await store.merged_ideas(db, [idea.id])
