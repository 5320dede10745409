"""A member's right to erasure: everything the bot stores about them in a server, erased or anonymised."""

from dataclasses import dataclass, field
from datetime import datetime

from bot.db import Database, Tx
from bot.db import privacy as store
from bot.db.personal_data import OWN_COUNTS, REMOVED_MEMBER, UNLINKED_COUNTS
from bot.db.privacy import IdeaCopy
from bot.domain import audit, places
from bot.domain.settings import get_settings

__all__ = ["REMOVED_MEMBER", "Erasure", "IdeaCopy", "erase_member"]


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: rows touched per kind, and the Discord messages that need to follow."""

    ideas_mode: str
    counts: dict[str, int]
    session_ids: list[int] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    idea_copies: list[IdeaCopy] = field(default_factory=list)
    shared_files: list[int] = field(default_factory=list)
    """The material (files) whose message names the member as sharer; it now names nobody."""

    @property
    def anything(self) -> bool:
        """Whether anything was stored about the member at all."""
        return any(self.counts.values())

    @property
    def erased(self) -> list[tuple[str, int]]:
        """(count name, rows) of the member's own rows that went, in the declaration's order."""
        return [(name, self.counts.get(name, 0)) for name in OWN_COUNTS]

    @property
    def unlinked(self) -> int:
        """How many of the server's records (sessions, prompts, status changes …) stay without the member's id."""
        return sum(self.counts.get(name, 0) for name in UNLINKED_COUNTS)


async def erase_member(db: Database, now: datetime, guild_id: int, user_id: int, action: str) -> Erasure:
    """Erase a member's data in a server in one transaction; repeating it changes nothing.

    Profile, answers, supports and host entries go (a place they had goes to the next on the waiting list);
    ideas are erased or kept as "a participant from <organisation>" per the server's setting; the member's
    organiser records stay without their id.
    The audit log notes that (and how much) was erased, not whose data it was.
    """
    mode = (await get_settings(db, guild_id)).member_ideas

    def erase(tx: Tx) -> Erasure:
        session_ids = store.answered_sessions(tx, guild_id, user_id)
        call_ids = store.volunteered_calls(tx, guild_id, user_id)
        copies = store.copied_ideas(tx, guild_id, user_id)
        files = store.shared_files(tx, guild_id, user_id)
        counts = store.erase_member(tx, guild_id, user_id, mode)
        erasure = Erasure(mode, counts, session_ids, call_ids, copies, files)
        for session_id in session_ids:
            places.fill_freed_places(tx, now, session_id)
        if erasure.anything:
            audit.record_in(
                tx, now, guild_id, audit.SYSTEM, action, f"{audit.counts_detail(erasure.counts)} ideas:{mode}"
            )
        return erasure

    return await db.write(erase)
