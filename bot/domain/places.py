"""Places and the waiting list: who gets a place, who waits, and who moves up when one comes free.

Every rule runs inside the write job that changes an RSVP or a capacity, so one transaction decides:
two members clicking at once, or two places freeing at once, can never put more members in than fit.
A member who moves up is told exactly once: a notice (a direct message, else a mention in the session's
channel) queued in that same transaction, so a promotion and its notice commit together or not at all.
"""

from dataclasses import dataclass, field
from datetime import datetime

from bot.db import Database, Tx
from bot.db import places as store
from bot.db.places import Counts, Source, State
from bot.domain import notices
from bot.errors import UserError

CAPACITY_MAX = 100_000
NO_LIMIT = 0
"""The capacity an organiser gives to lift the limit (on edit; on create it is the same as leaving it out)."""
NOTICE_KIND = "place"
"""The outbox kind of "a place came free and it is yours" (params: the session id)."""

__all__ = [
    "Answer",
    "Counts",
    "Source",
    "State",
    "answer_in",
    "counts",
    "fill_freed_places",
    "follow_interest_in",
    "parse_capacity",
    "waiting_list",
    "withdraw_interest_in",
]


@dataclass(frozen=True)
class Answer:
    """How a member's answer turned out: their state, whether it changed, their waiting place, who moved up."""

    state: State
    changed: bool
    position: int | None = None
    promoted: list[int] = field(default_factory=list)


def parse_capacity(value: int | None) -> int | None:
    """An organiser's capacity: None or 0 is no limit; negative or absurdly large is refused."""
    if value is None or value == NO_LIMIT:
        return None
    if value < 0 or value > CAPACITY_MAX:
        raise UserError("session.bad_capacity", value=value, max=CAPACITY_MAX)
    return value


def fill_freed_places(tx: Tx, now: datetime, session_id: int) -> list[int]:
    """Give every free place to the next on the waiting list and queue each one's notice; return who moved up."""
    promoted = store.promote_waiting(tx, session_id, now)
    if promoted:
        guild_id, channel_id = store.session_home_in(tx, session_id)
        for user_id in promoted:
            notices.queue_notice(
                tx,
                now,
                guild_id=guild_id,
                user_id=user_id,
                kind=NOTICE_KIND,
                params={"session_id": session_id},
                link=None,
                fallback_channel_id=channel_id,
            )
    return promoted


def answer_in(tx: Tx, now: datetime, session_id: int, user_id: int, coming: bool, source: Source) -> Answer:
    """Record "Ik kom" (a place, or the end of the waiting list) or "Ik kom niet" (freeing a place)."""
    before = store.state_of(tx, session_id, user_id)
    state_before = before[0] if before else None
    if coming and state_before in (State.COMING, State.WAITING):
        if source is Source.MEMBER:
            store.claim_as_member(tx, session_id, user_id)
        return Answer(state_before, False, store.waiting_position(tx, session_id, user_id))
    if not coming and state_before is State.NOT_COMING:
        return Answer(State.NOT_COMING, False)
    if coming:
        capacity = store.capacity_in(tx, session_id)
        has_room = capacity is None or store.coming_in(tx, session_id) < capacity
        state = State.COMING if has_room else State.WAITING
    else:
        state = State.NOT_COMING
    store.set_state(tx, session_id, user_id, state, source, now)
    promoted = fill_freed_places(tx, now, session_id) if state_before is State.COMING else []
    return Answer(state, True, store.waiting_position(tx, session_id, user_id), promoted)


def withdraw_interest_in(tx: Tx, now: datetime, session_id: int, user_id: int) -> list[int] | None:
    """Undo an RSVP that came from "Interested" on the Discord event; None when there was none (others stay)."""
    state = store.withdraw_from_event(tx, session_id, user_id)
    if state is None:
        return None
    return fill_freed_places(tx, now, session_id) if state is State.COMING else []


def follow_interest_in(tx: Tx, now: datetime, session_id: int, interested: set[int]) -> bool:
    """Bring the RSVPs from the Discord event in line with who is interested now; False when nothing changed.

    Interested members without any answer count as "Ik kom" (waiting list rules apply); RSVPs from the event
    of members no longer interested are withdrawn; a member's own answer (button or command) is never touched.
    """
    answered = store.answered_in(tx, session_id)
    from_event = {user_id for user_id, source in answered.items() if source is Source.EVENT}
    changed = False
    for user_id in sorted(from_event - interested):
        changed |= withdraw_interest_in(tx, now, session_id, user_id) is not None
    for user_id in sorted(interested - set(answered)):
        changed |= answer_in(tx, now, session_id, user_id, True, Source.EVENT).changed
    return changed


async def counts(db: Database, session_id: int) -> Counts:
    """Return how a session's places stand (coming, not coming, waiting, capacity)."""
    return await store.counts(db, session_id)


async def waiting_list(db: Database, session_id: int) -> list[int]:
    """Return who is on a session's waiting list, next first."""
    return await store.waiting_list(db, session_id)
