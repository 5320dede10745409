"""Telling members something personally: the outbox's rules, with Discord behind a `Courier`.

A feature queues a notice in the same write as its change (`queue_notices`, `queue_notice` from
`bot.db.notices`, re-exported here; see that module for the API and coalescing). `deliver` then carries a
batch out, exactly once per member, also across a stop at any point:

1. per member in turn: notifications off → `skipped`; otherwise claimed (`pending → sending`), sent by the
   courier, recorded `sent` — or `refused` when Discord refuses the direct message;
   a notice found `sending` was interrupted: the courier first looks for the message in the member's DM
   channel and only sends when it is not there;
2. the public line, when the batch has a channel and something to say (it announces, or someone must be
   mentioned instead of a DM), posted the same way (claimed, in doubt looked for first);
3. the batch is recorded done, with how many members the line mentioned.

The courier makes the requests (and paces them); the rules here need no Discord.
"""

from dataclasses import dataclass
from typing import Protocol

from bot.clock import Clock
from bot.db import Database, preferences
from bot.db import notices as store
from bot.db.notices import (
    COALESCE_WINDOW,
    KIND,
    Batch,
    LineStatus,
    Notice,
    NoticeStatus,
    Tally,
    open_batch,
    queue_notice,
    queue_notices,
)
from bot.db.preferences import Notifications

__all__ = [
    "COALESCE_WINDOW",
    "KIND",
    "Batch",
    "Courier",
    "Delivery",
    "Notice",
    "NoticeStatus",
    "Refused",
    "Tally",
    "deliver",
    "get_batch",
    "open_batch",
    "queue_notice",
    "queue_notices",
    "tallies",
]


class Refused(Exception):
    """Discord refused the direct message (the member closed DMs, or is no longer reachable)."""


@dataclass(frozen=True)
class Delivery:
    """How a batch reached its members (user ids), and the public line's message and mentions."""

    sent: tuple[int, ...] = ()
    refused: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    line_message_id: int | None = None
    mentioned: int = 0


class Courier(Protocol):
    """The Discord side of delivering one kind of batch: direct messages and the public line."""

    async def find_sent(self, batch: Batch, notice: Notice) -> int | None:
        """The id of the notice's DM if it went out before an interruption, else None."""
        ...

    async def send(self, batch: Batch, notice: Notice) -> int:
        """Send the notice's DM and return its message id; raise `Refused` when Discord refuses it."""
        ...

    async def find_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int] | None:
        """The public line's (message id, members mentioned) if it went out before an interruption, else None."""
        ...

    async def post_line(self, batch: Batch, delivery: Delivery) -> tuple[int, int]:
        """Post the public line (mentioning whom `delivery` says); return (message id, members mentioned)."""
        ...


async def get_batch(db: Database, batch_id: int) -> Batch:
    """Return a batch (it must exist)."""
    batch = await store.load_batch(db, batch_id)
    if batch is None:
        raise LookupError(f"notice batch {batch_id} does not exist")
    return batch


async def tallies(db: Database, origins: list[str]) -> dict[str, Tally]:
    """How the delivered batches of these origins went: DMs sent and members mentioned, by origin."""
    return await store.tallies(db, origins)


async def _deliver_one(db: Database, clock: Clock, batch: Batch, notice: Notice, courier: Courier) -> NoticeStatus:
    if notice.status is NoticeStatus.PENDING:
        wanted = await preferences.load(db, notice.guild_id, notice.user_id)
        if wanted.notifications is Notifications.OFF:
            await db.write(lambda tx: store.settle(tx, notice.id, NoticeStatus.SKIPPED, None, clock.now()))
            return NoticeStatus.SKIPPED
        if not await db.write(lambda tx: store.begin_sending(tx, notice.id)):
            return NoticeStatus.SUPERSEDED
        message_id = None
    else:
        message_id = await courier.find_sent(batch, notice)
    status = NoticeStatus.SENT
    if message_id is None:
        try:
            message_id = await courier.send(batch, notice)
        except Refused:
            status = NoticeStatus.REFUSED
    await db.write(lambda tx: store.settle(tx, notice.id, status, message_id, clock.now()))
    return status


def _delivery(notices: list[Notice]) -> Delivery:
    def having(status: NoticeStatus) -> tuple[int, ...]:
        return tuple(notice.user_id for notice in notices if notice.status is status)

    return Delivery(having(NoticeStatus.SENT), having(NoticeStatus.REFUSED), having(NoticeStatus.SKIPPED))


async def _post_line(db: Database, batch: Batch, delivery: Delivery, courier: Courier) -> tuple[int, int] | None:
    if batch.channel_id is None or not (batch.announce or delivery.refused):
        return None
    if batch.line_status is LineStatus.SENDING and (found := await courier.find_line(batch, delivery)):
        return found
    await db.write(lambda tx: store.begin_line(tx, batch.id))
    return await courier.post_line(batch, delivery)


async def deliver(db: Database, clock: Clock, batch_id: int, courier: Courier) -> Delivery:
    """Carry a batch out (what is left of it after an interruption) and return how it reached its members."""
    batch = await get_batch(db, batch_id)
    if batch.status == "pending":
        for notice in await store.batch_notices(db, batch.id):
            if notice.status in (NoticeStatus.PENDING, NoticeStatus.SENDING):
                await _deliver_one(db, clock, batch, notice, courier)
        delivery = _delivery(await store.batch_notices(db, batch.id))
        line = await _post_line(db, batch, delivery, courier)
        message_id, mentioned = line or (None, 0)
        state = LineStatus.POSTED if line else LineStatus.NONE
        await db.write(lambda tx: store.finish_batch(tx, batch.id, state, message_id, mentioned))
        batch = await get_batch(db, batch_id)
    delivery = _delivery(await store.batch_notices(db, batch.id))
    return Delivery(delivery.sent, delivery.refused, delivery.skipped, batch.line_message_id, batch.mentioned)
