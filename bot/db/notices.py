"""SQL for the outbox: notice batches (one change told to several members) and their notices (one DM each).

The one way to tell a member something personally is to queue it in the same write as the change it is
about, so that the change and its notice commit together, exactly once:

    def record(tx: Tx) -> None:
        store.change_status(tx, change)
        notices.queue_notices(
            tx, now, guild_id=guild_id, user_ids=[author, *supporters], kind="idea_status",
            params={"idea_id": 12, "status": "accepted"}, link=url, channel_id=thread_id,
            announce=True, coalesce_key="idea-status:12",
        )

    await db.write(record)

`queue_notice` does the same for one member (a waiting-list place: "you got a place"), with the channel where
they are mentioned instead when Discord refuses the direct message. A queued batch is delivered by a durable
timer of kind `KIND` (subject: the batch id) once `delay` has passed: each member with notifications on gets a
direct message; a refused one (closed DMs, Discord error 50007) is mentioned once in the batch's public line
in `channel_id`, which is also posted when `announce` is true. The feature that owns `kind` renders both
(`bot.ui.notices.NoticeKind`, registered with `bot.ui.notices.register`).

A batch queued with the same `coalesce_key` (in the same server) while an earlier one has not started yet
replaces it: the earlier batch and its notices become `superseded` and only the last is sent. Batches with a
coalesce key wait `COALESCE_WINDOW` by default, so two changes within a minute give one message, the last,
while both changes stay recorded by the feature itself.

`open_batch` creates a batch that its feature delivers itself, inside its own timer (session reminders by
DM), idempotently by its `origin`.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.db import timers
from bot.db.codec import to_db
from bot.db.connection import Database, Tx

KIND = "notice"
"""The timer kind that delivers a queued batch (subject: the batch id)."""

COALESCE_WINDOW = timedelta(minutes=1)
"""How long a batch with a coalesce key waits, so a later change within it replaces it."""

JsonParams = Mapping[str, str | int | float | bool | None]


class NoticeStatus(StrEnum):
    """Where one member's direct message stands."""

    PENDING = "pending"
    SENDING = "sending"
    """Claimed for sending: if the bot stopped here, the message may or may not have gone out (in doubt)."""
    SENT = "sent"
    REFUSED = "refused"
    """Discord refused the direct message: the member is mentioned in the public line instead."""
    SKIPPED = "skipped"
    """The member turned notifications off."""
    SUPERSEDED = "superseded"


class LineStatus(StrEnum):
    """Where a batch's public line stands."""

    PENDING = "pending"
    SENDING = "sending"
    POSTED = "posted"
    NONE = "none"
    """No line was needed (nobody to mention and nothing to announce)."""


@dataclass(frozen=True)
class Batch:
    """One change told to several members: what it says, and where its public line goes."""

    id: int
    guild_id: int
    kind: str
    params: dict[str, Any]
    link: str | None
    channel_id: int | None
    announce: bool
    coalesce_key: str | None
    origin: str | None
    status: str
    line_status: LineStatus
    line_message_id: int | None
    mentioned: int


@dataclass(frozen=True)
class Notice:
    """One member's direct message of a batch."""

    id: int
    batch_id: int
    guild_id: int
    user_id: int
    status: NoticeStatus
    message_id: int | None


@dataclass(frozen=True)
class Tally:
    """How a delivered batch reached its members: by direct message, and by mention (in its public line)."""

    sent: int
    mentioned: int


_BATCH_COLUMNS = (
    "id, guild_id, kind, params, link, channel_id, announce, coalesce_key, origin, status, line_status, "
    "line_message_id, mentioned"
)
_NOTICE_COLUMNS = "id, batch_id, guild_id, user_id, status, message_id"


def _batch(row: Any) -> Batch:
    data = dict(row)
    data["params"] = json.loads(data["params"])
    data["announce"] = bool(data["announce"])
    data["line_status"] = LineStatus(data["line_status"])
    return Batch(**data)


def _notice(row: Any) -> Notice:
    data = dict(row)
    data["status"] = NoticeStatus(data["status"])
    return Notice(**data)


def _unique(user_ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(user_ids))


def _insert_batch(
    tx: Tx,
    now: datetime,
    *,
    guild_id: int,
    user_ids: Iterable[int],
    kind: str,
    params: JsonParams,
    link: str | None,
    channel_id: int | None,
    announce: bool,
    coalesce_key: str | None,
    origin: str | None,
) -> int:
    cursor = tx.execute(
        "INSERT INTO notice_batches (guild_id, kind, params, link, channel_id, announce, coalesce_key, origin, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (guild_id, kind, json.dumps(dict(params)), link, channel_id, int(announce), coalesce_key, origin, to_db(now)),
    )
    batch_id = cursor.lastrowid
    assert batch_id is not None
    tx.executemany(
        "INSERT INTO notices (batch_id, guild_id, user_id) VALUES (?, ?, ?)",
        ((batch_id, guild_id, user_id) for user_id in _unique(user_ids)),
    )
    return batch_id


def _supersede_waiting(tx: Tx, now: datetime, guild_id: int, coalesce_key: str) -> None:
    """Replace the batches with this key that have not started: timer cancelled, batch and notices superseded.

    A batch that began (a DM went out, or is in doubt, before a retry) is left to finish.
    """
    waiting = tx.all(
        "SELECT b.id FROM notice_batches b WHERE b.guild_id = ? AND b.coalesce_key = ? AND b.status = 'pending' "
        "AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.batch_id = b.id AND n.status != 'pending')",
        (guild_id, coalesce_key),
    )
    for (batch_id,) in waiting:
        if timers.cancel(tx, KIND, batch_id, now):
            tx.execute(
                "UPDATE notice_batches SET status = 'superseded', line_status = 'none' WHERE id = ?", (batch_id,)
            )
            tx.execute(
                "UPDATE notices SET status = 'superseded', settled_at = ? WHERE batch_id = ? AND status = 'pending'",
                (to_db(now), batch_id),
            )


def queue_notices(
    tx: Tx,
    now: datetime,
    *,
    guild_id: int,
    user_ids: Iterable[int],
    kind: str,
    params: JsonParams,
    link: str | None = None,
    channel_id: int | None = None,
    announce: bool = False,
    coalesce_key: str | None = None,
    delay: timedelta | None = None,
) -> int:
    """Queue one change to tell `user_ids` by DM (inside the change's own write); return the batch id.

    `params` (JSON values) and `link` are what the kind's renderer shows; `channel_id` is where the public line
    goes (mentioning whoever refused DMs; posted anyway when `announce`). A waiting batch with the same
    `coalesce_key` is replaced. It is delivered after `delay` (default: `COALESCE_WINDOW` with a coalesce key,
    at once without).
    """
    if coalesce_key is not None:
        _supersede_waiting(tx, now, guild_id, coalesce_key)
    wait = delay if delay is not None else (COALESCE_WINDOW if coalesce_key else timedelta(0))
    batch_id = _insert_batch(
        tx,
        now,
        guild_id=guild_id,
        user_ids=user_ids,
        kind=kind,
        params=params,
        link=link,
        channel_id=channel_id,
        announce=announce,
        coalesce_key=coalesce_key,
        origin=None,
    )
    timers.insert(tx, guild_id, KIND, batch_id, now + wait)
    return batch_id


def queue_notice(
    tx: Tx,
    now: datetime,
    *,
    guild_id: int,
    user_id: int,
    kind: str,
    params: JsonParams,
    link: str | None,
    fallback_channel_id: int | None,
    coalesce_key: str | None = None,
    delay: timedelta | None = None,
) -> int:
    """Queue a DM to one member (mentioned in `fallback_channel_id` when Discord refuses it); return the batch id."""
    return queue_notices(
        tx,
        now,
        guild_id=guild_id,
        user_ids=[user_id],
        kind=kind,
        params=params,
        link=link,
        channel_id=fallback_channel_id,
        announce=False,
        coalesce_key=coalesce_key,
        delay=delay,
    )


def open_batch(
    tx: Tx,
    now: datetime,
    *,
    origin: str,
    guild_id: int,
    user_ids: Iterable[int],
    kind: str,
    params: JsonParams,
    link: str | None = None,
    channel_id: int | None = None,
    announce: bool = False,
) -> int:
    """The batch of `origin` (created once; its feature delivers it in its own timer); return its id."""
    existing = tx.one("SELECT id FROM notice_batches WHERE origin = ?", (origin,))
    if existing is not None:
        return int(existing[0])
    return _insert_batch(
        tx,
        now,
        guild_id=guild_id,
        user_ids=user_ids,
        kind=kind,
        params=params,
        link=link,
        channel_id=channel_id,
        announce=announce,
        coalesce_key=None,
        origin=origin,
    )


async def load_batch(db: Database, batch_id: int) -> Batch | None:
    """Return a batch, or None."""
    row = await db.fetch_one(f"SELECT {_BATCH_COLUMNS} FROM notice_batches WHERE id = ?", (batch_id,))
    return _batch(row) if row else None


async def batch_notices(db: Database, batch_id: int) -> list[Notice]:
    """Return a batch's notices in the order they were queued."""
    rows = await db.fetch_all(f"SELECT {_NOTICE_COLUMNS} FROM notices WHERE batch_id = ? ORDER BY id", (batch_id,))
    return [_notice(row) for row in rows]


def begin_sending(tx: Tx, notice_id: int) -> bool:
    """Claim a pending notice for sending (pending → sending); False when it is no longer pending."""
    return (
        tx.execute("UPDATE notices SET status = 'sending' WHERE id = ? AND status = 'pending'", (notice_id,)).rowcount
        == 1
    )


def settle(tx: Tx, notice_id: int, status: NoticeStatus, message_id: int | None, now: datetime) -> None:
    """Record how a pending or sending notice ended."""
    tx.execute(
        "UPDATE notices SET status = ?, message_id = ?, settled_at = ? "
        "WHERE id = ? AND status IN ('pending', 'sending')",
        (status, message_id, to_db(now), notice_id),
    )


def begin_line(tx: Tx, batch_id: int) -> None:
    """Mark a batch's public line as being posted (in doubt until recorded)."""
    tx.execute(
        "UPDATE notice_batches SET line_status = 'sending' WHERE id = ? AND line_status = 'pending'", (batch_id,)
    )


def finish_batch(tx: Tx, batch_id: int, line: LineStatus, message_id: int | None, mentioned: int) -> None:
    """Record that a batch is delivered: its line (posted, with its message and how many it mentioned, or none)."""
    tx.execute(
        "UPDATE notice_batches SET status = 'done', line_status = ?, line_message_id = ?, mentioned = ? WHERE id = ?",
        (line, message_id, mentioned, batch_id),
    )


async def tallies(db: Database, origins: list[str]) -> dict[str, Tally]:
    """How the delivered batches of these origins reached their members: DMs sent and members mentioned."""
    if not origins:
        return {}
    marks = ", ".join("?" for _ in origins)
    rows = await db.fetch_all(
        f"SELECT b.origin, b.mentioned, (SELECT count(*) FROM notices n WHERE n.batch_id = b.id AND n.status = 'sent') "
        f"FROM notice_batches b WHERE b.status = 'done' AND b.origin IN ({marks})",
        origins,
    )
    return {row[0]: Tally(row[2], row[1]) for row in rows}
