"""Follow-up prompts: opening one with its deadline timers, closing it, and what its reminder says."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import timeparse
from bot.db import Database, Tx
from bot.db import ideas as idea_store
from bot.db import prompts as store
from bot.db import timers as timer_store
from bot.db.prompts import DigestState, Prompt
from bot.domain import sessions
from bot.domain.settings import get_settings
from bot.errors import UserError
from bot.text import required_text

CLOSE_TIMER = "prompt_close"
REMINDER_TIMER = "prompt_reminder"
DIGEST_TIMER = "prompt_digest"
"""The durable pending digest of a closed prompt: inserted, due at once, in the transaction that closes it."""
QUESTION_MAX = 1000
REMINDER_BEFORE = timedelta(hours=24)


@dataclass(frozen=True)
class ReminderSummary:
    """What the pre-deadline reminder reports: how many contributed, and whom to nudge."""

    contributors: int
    ideas: int
    to_nudge: list[int]


def reminder_moment(now: datetime, closes_at: datetime) -> datetime:
    """When to remind before a deadline: a day before, or halfway when the deadline is nearer than two days."""
    if closes_at - now >= 2 * REMINDER_BEFORE:
        return closes_at - REMINDER_BEFORE
    return now + (closes_at - now) / 2


async def _check_session(
    db: Database, guild_id: int, session_id: int, closes_at: datetime | None, now: datetime
) -> None:
    start = (await sessions.get_session(db, guild_id, session_id)).start.utc
    if closes_at is not None and start > now and closes_at > start:
        raise UserError("prompt.closes_after_session", id=session_id, start=timeparse.discord_timestamp(start))


async def open_prompt(
    db: Database,
    guild_id: int,
    channel_id: int,
    question: str,
    *,
    session_id: int | None,
    closes: str | None,
    interaction_id: int,
    created_by: int,
    now: datetime,
) -> Prompt:
    """Store a new open prompt and schedule its reminder and closing; it is posted afterwards."""
    text = required_text(question, QUESTION_MAX, "prompt")
    closes_at = None
    if closes:
        settings = await get_settings(db, guild_id)
        closes_at = timeparse.parse_when(closes, tz=settings.timezone, now=now).utc
    if session_id is not None:
        await _check_session(db, guild_id, session_id, closes_at, now)

    def store_prompt(tx: Tx) -> Prompt:
        prompt_id = store.insert(tx, guild_id, channel_id, text, session_id, closes_at, interaction_id, created_by, now)
        if prompt_id is not None and closes_at is not None:
            timer_store.insert(tx, guild_id, CLOSE_TIMER, prompt_id, closes_at)
            timer_store.insert(tx, guild_id, REMINDER_TIMER, prompt_id, reminder_moment(now, closes_at))
        prompt = store.load_by_interaction_in(tx, interaction_id)
        assert prompt is not None
        return prompt

    return await db.write(store_prompt)


async def attach_message(db: Database, prompt: Prompt, message_id: int, thread_id: int | None) -> Prompt:
    """Record where the prompt was posted; from now on replies and thread messages find it."""

    def attach(tx: Tx) -> Prompt | None:
        store.attach_message(tx, prompt.id, message_id, thread_id)
        return store.load_in(tx, prompt.id)

    return _existing(prompt.id, await db.write(attach))


async def drafts(db: Database) -> list[Prompt]:
    """Return prompts stored but not yet posted (left by a stop between posting and recording)."""
    return await store.unposted(db)


async def discard(db: Database, prompt_id: int, now: datetime) -> None:
    """Remove a prompt that could not be posted, with its timers."""

    def remove(tx: Tx) -> None:
        _cancel_timers(tx, prompt_id, now)
        store.delete(tx, prompt_id)

    await db.write(remove)


async def get_prompt(db: Database, prompt_id: int) -> Prompt:
    """Return a prompt by id (it must exist)."""
    return _existing(prompt_id, await store.load(db, prompt_id))


def _existing(prompt_id: int, prompt: Prompt | None) -> Prompt:
    if prompt is None:
        raise LookupError(f"no prompt {prompt_id}")
    return prompt


async def find_prompt(db: Database, guild_id: int, prompt_id: int) -> Prompt:
    """Return a posted prompt of this server, or refuse with 'unknown prompt'."""
    prompt = await store.load(db, prompt_id)
    if prompt is None or prompt.guild_id != guild_id or prompt.message_id is None:
        raise UserError("prompt.unknown", id=prompt_id)
    return prompt


async def find_open_prompt(db: Database, guild_id: int, prompt_id: int) -> Prompt:
    """Return an open prompt of this server, or refuse (unknown or closed)."""
    prompt = await find_prompt(db, guild_id, prompt_id)
    if not prompt.is_open:
        raise UserError("prompt.closed", id=prompt_id)
    return prompt


async def open_prompts(db: Database, guild_id: int) -> list[Prompt]:
    """Return the server's open prompts, newest first."""
    return await store.open_in_guild(db, guild_id)


async def session_prompts(db: Database, guild_id: int, session_id: int) -> list[Prompt]:
    """Return the prompts that belong to a session, oldest first."""
    return await store.for_session(db, guild_id, session_id)


async def recent_prompts(db: Database, guild_id: int, limit: int) -> list[Prompt]:
    """Return the server's prompts for a list: open ones first, then the most recent closed ones."""
    return await store.recent_in_guild(db, guild_id, limit)


def prompts_here(prompts: list[Prompt], channel_id: int | None) -> list[Prompt]:
    """Keep the prompts posted in this channel or whose thread this is."""
    return [p for p in prompts if channel_id in (p.channel_id, p.thread_id)]


async def close_prompt(db: Database, prompt_id: int, now: datetime) -> bool:
    """Close a prompt, cancel its pending timers and schedule its digest, all at once; False when closed already.

    The digest timer (due now) is the durable pending digest: it is posted, with retries, by its handler.
    """

    def close(tx: Tx) -> bool:
        closed = store.close(tx, prompt_id, now)
        _cancel_timers(tx, prompt_id, now)
        prompt = store.load_in(tx, prompt_id)
        if closed and prompt is not None:
            timer_store.insert(tx, prompt.guild_id, DIGEST_TIMER, prompt_id, now)
        return closed

    return await db.write(close)


def _cancel_timers(tx: Tx, prompt_id: int, now: datetime) -> None:
    for kind in (CLOSE_TIMER, REMINDER_TIMER):
        timer_store.cancel(tx, kind, prompt_id, now)


async def record_digest(db: Database, prompt_id: int, message_id: int) -> None:
    """Remember the digest message so that it is never posted twice."""
    await db.write(lambda tx: store.set_digest(tx, prompt_id, message_id))


async def digest_states(db: Database, guild_id: int) -> dict[int, DigestState]:
    """Return how posting the digest stands for each closed prompt of the server (pending, done, failed …)."""
    return await store.digest_states(db, guild_id, DIGEST_TIMER)


async def reminder_summary(db: Database, prompt: Prompt) -> ReminderSummary:
    """Count contributors and ideas, and list the session's attendees who have not contributed yet."""
    contributors = await idea_store.contributor_ids(db, prompt.id)
    ideas = await idea_store.count(db, prompt.guild_id, prompt.id, None)
    to_nudge: list[int] = []
    if prompt.session_id is not None:
        attendees = await sessions.attendees(db, prompt.session_id)
        to_nudge = [user_id for user_id in attendees if user_id not in contributors]
    return ReminderSummary(len(contributors), ideas, to_nudge)
