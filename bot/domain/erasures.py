"""Erasure after a grace period: of a member who left a server, or of a server that removed the bot.

Each pending erasure is a row plus a durable timer; coming back within the grace period deletes the
row and cancels the timer. Running it is idempotent: the row goes in the same transaction as the data.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db import Database, Tx
from bot.db import erasures as store
from bot.db import timers as timer_store
from bot.domain import audit
from bot.domain.privacy import Erasure, erase_member
from bot.domain.settings import get_settings

KIND = "privacy_erasure"
WHOLE_GUILD = store.WHOLE_GUILD
PendingErasure = store.PendingErasure


@dataclass(frozen=True)
class Done:
    """What a pending erasure did: a member's erasure, a server's (rows deleted), or nothing (called off)."""

    member: Erasure | None = None
    guild_rows: int | None = None


async def schedule(db: Database, now: datetime, guild_id: int, user_id: int = WHOLE_GUILD) -> datetime | None:
    """Plan the erasure of a member (or, by default, the whole server) after the grace period.

    Returns when it will run, or None when one was pending already (that one keeps its moment).
    """
    due = now + timedelta(days=(await get_settings(db, guild_id)).grace_days)

    def plan(tx: Tx) -> datetime | None:
        erasure_id = store.add_pending(tx, guild_id, user_id, now)
        if erasure_id is None:
            return None
        timer_store.insert(tx, guild_id, KIND, erasure_id, due)
        return due

    return await db.write(plan)


async def call_off(db: Database, now: datetime, guild_id: int, user_id: int = WHOLE_GUILD) -> bool:
    """Cancel a pending erasure because the member (or the bot) came back; False when none was pending."""

    def cancel(tx: Tx) -> bool:
        erasure_id = store.remove_pending(tx, guild_id, user_id)
        if erasure_id is None:
            return False
        timer_store.cancel(tx, KIND, erasure_id, now)
        return True

    return await db.write(cancel)


async def pending_guilds(db: Database) -> set[int]:
    """Return the servers whose erasure is pending."""
    return await store.pending_guilds(db)


async def pending_members(db: Database, guild_id: int) -> set[int]:
    """Return the members of a server whose erasure is pending (to check they are still away)."""
    return await store.pending_members(db, guild_id)


async def get_pending(db: Database, erasure_id: int) -> PendingErasure | None:
    """Return a pending erasure, or None when it ran or was called off."""
    return await store.load_pending(db, erasure_id)


async def guilds_with_data(db: Database) -> set[int]:
    """Return every server the database holds data of."""
    return await store.guilds_with_data(db)


async def members_with_data(db: Database, guild_id: int) -> set[int]:
    """Return the members of a server with data here and no erasure planned (to check they are still there)."""
    return await store.members_with_data(db, guild_id)


async def carry_out(db: Database, now: datetime, erasure_id: int, timer_id: int) -> Done:
    """Run a pending erasure whose grace period is over; nothing when it ran already or was called off."""
    pending = await get_pending(db, erasure_id)
    if pending is None:
        return Done()
    if pending.user_id != WHOLE_GUILD:
        return Done(member=await erase_member(db, now, pending.guild_id, pending.user_id, audit.MEMBER_ERASED))
    return Done(guild_rows=await db.write(lambda tx: store.erase_guild(tx, pending.guild_id, timer_id)))
