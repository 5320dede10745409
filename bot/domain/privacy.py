"""A member's right to erasure: everything the bot stores about them in a server, erased or anonymised."""

from dataclasses import dataclass, field
from datetime import datetime

from bot.db import Database
from bot.db import privacy as store
from bot.domain import audit
from bot.domain.settings import get_settings

REMOVED_MEMBER = store.REMOVED_MEMBER


@dataclass(frozen=True)
class IdeaCopy:
    """A message of the bot's own that shows one of the member's ideas (form and command ideas)."""

    idea_id: int
    channel_id: int
    message_id: int


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: rows touched per kind, and the Discord messages that need to follow."""

    ideas_mode: str
    counts: dict[str, int]
    session_ids: list[int] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    idea_copies: list[IdeaCopy] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        """Whether anything was stored about the member at all."""
        return any(self.counts.values())


async def erase_member(db: Database, now: datetime, guild_id: int, user_id: int, action: str) -> Erasure:
    """Erase a member's data in a server in one transaction; repeating it changes nothing.

    Profile, answers, supports and host entries go; ideas are erased or kept as "a participant from
    <organisation>" per the server's setting; the member's organiser records stay without their id.
    The audit log notes that (and how much) was erased, not whose data it was.
    """
    mode = (await get_settings(db, guild_id)).member_ideas
    async with db.transaction() as conn:
        session_ids = await store.answered_sessions(conn, guild_id, user_id)
        call_ids = await store.volunteered_calls(conn, guild_id, user_id)
        copies = [IdeaCopy(*row) for row in await store.copied_ideas(conn, guild_id, user_id)]
        erasure = Erasure(mode, await store.erase_member(conn, guild_id, user_id, mode), session_ids, call_ids, copies)
        if erasure.anything:
            await audit.record_in(
                conn, now, guild_id, audit.SYSTEM, action, f"{audit.counts_detail(erasure.counts)} ideas:{mode}"
            )
    return erasure
