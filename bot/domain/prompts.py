"""Follow-up prompts: opening one with its deadline timers, closing it, and what its reminder says."""

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot import timeparse
from bot.db import Database
from bot.db import ideas as idea_store
from bot.db import prompts as store
from bot.db import timers as timer_store
from bot.db.codec import from_db
from bot.domain import sessions
from bot.domain.settings import get_settings
from bot.errors import UserError
from bot.text import required_text

CLOSE_TIMER = "prompt_close"
REMINDER_TIMER = "prompt_reminder"
QUESTION_MAX = 1000
REMINDER_BEFORE = timedelta(hours=24)


@dataclass(frozen=True)
class Prompt:
    """A question put to the members; ideas are collected while it is open."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    thread_id: int | None
    question: str
    session_id: int | None
    closes_at: datetime | None
    status: str
    created_by: int
    closed_at: datetime | None
    digest_message_id: int | None

    @property
    def posted_id(self) -> int:
        """The id of the prompt message (a prompt is only found by others once it has been posted)."""
        if self.message_id is None:
            raise LookupError(f"prompt {self.id} has not been posted")
        return self.message_id

    @property
    def is_open(self) -> bool:
        """Whether ideas are still collected."""
        return self.status == "open"


@dataclass(frozen=True)
class ReminderSummary:
    """What the pre-deadline reminder reports: how many contributed, and whom to nudge."""

    contributors: int
    ideas: int
    to_nudge: list[int]


def prompt_from_row(row: sqlite3.Row) -> Prompt:
    """Build a Prompt from a `prompts` row."""
    data = dict(row)
    for name in ("closes_at", "closed_at"):
        data[name] = from_db(data[name]) if data[name] else None
    data.pop("created_at")
    return Prompt(**data)


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
    async with db.transaction() as conn:
        prompt_id = await store.insert(
            conn, guild_id, channel_id, text, session_id, closes_at, interaction_id, created_by, now
        )
        if prompt_id is not None and closes_at is not None:
            await timer_store.insert(conn, guild_id, CLOSE_TIMER, prompt_id, closes_at)
            await timer_store.insert(conn, guild_id, REMINDER_TIMER, prompt_id, reminder_moment(now, closes_at))
    row = await store.load_by_interaction(db, interaction_id)
    assert row is not None
    return prompt_from_row(row)


async def attach_message(db: Database, prompt: Prompt, message_id: int, thread_id: int | None) -> Prompt:
    """Record where the prompt was posted; from now on replies and thread messages find it."""
    await store.attach_message(db, prompt.id, message_id, thread_id)
    return await get_prompt(db, prompt.id)


async def discard(db: Database, prompt_id: int, now: datetime) -> None:
    """Remove a prompt that could not be posted, with its timers."""
    async with db.transaction() as conn:
        await _cancel_timers(conn, prompt_id, now)
        await store.delete(conn, prompt_id)


async def get_prompt(db: Database, prompt_id: int) -> Prompt:
    """Return a prompt by id (it must exist)."""
    row = await store.load(db, prompt_id)
    if row is None:
        raise LookupError(f"no prompt {prompt_id}")
    return prompt_from_row(row)


async def find_prompt(db: Database, guild_id: int, prompt_id: int) -> Prompt:
    """Return a posted prompt of this server, or refuse with 'unknown prompt'."""
    row = await store.load(db, prompt_id)
    if row is None or row["guild_id"] != guild_id or row["message_id"] is None:
        raise UserError("prompt.unknown", id=prompt_id)
    return prompt_from_row(row)


async def find_open_prompt(db: Database, guild_id: int, prompt_id: int) -> Prompt:
    """Return an open prompt of this server, or refuse (unknown or closed)."""
    prompt = await find_prompt(db, guild_id, prompt_id)
    if not prompt.is_open:
        raise UserError("prompt.closed", id=prompt_id)
    return prompt


async def open_prompts(db: Database, guild_id: int) -> list[Prompt]:
    """Return the server's open prompts, newest first."""
    return [prompt_from_row(row) for row in await store.open_in_guild(db, guild_id)]


async def session_prompts(db: Database, guild_id: int, session_id: int) -> list[Prompt]:
    """Return the prompts that belong to a session, oldest first."""
    return [prompt_from_row(row) for row in await store.for_session(db, guild_id, session_id)]


async def recent_prompts(db: Database, guild_id: int, limit: int) -> list[Prompt]:
    """Return the server's prompts for a list: open ones first, then the most recent closed ones."""
    return [prompt_from_row(row) for row in await store.recent_in_guild(db, guild_id, limit)]


def prompts_here(prompts: list[Prompt], channel_id: int | None) -> list[Prompt]:
    """Keep the prompts posted in this channel or whose thread this is."""
    return [p for p in prompts if channel_id in (p.channel_id, p.thread_id)]


async def close_prompt(db: Database, prompt_id: int, now: datetime) -> bool:
    """Close a prompt and cancel its pending timers; False when it was closed already."""
    async with db.transaction() as conn:
        closed = await store.close(conn, prompt_id, now)
        await _cancel_timers(conn, prompt_id, now)
    return closed


async def _cancel_timers(conn: aiosqlite.Connection, prompt_id: int, now: datetime) -> None:
    for kind in (CLOSE_TIMER, REMINDER_TIMER):
        await timer_store.cancel(conn, kind, prompt_id, now)


async def record_digest(db: Database, prompt_id: int, message_id: int) -> None:
    """Remember the digest message so that it is never posted twice."""
    await store.set_digest(db, prompt_id, message_id)


async def reminder_summary(db: Database, prompt: Prompt) -> ReminderSummary:
    """Count contributors and ideas, and list the session's attendees who have not contributed yet."""
    contributors = await idea_store.contributor_ids(db, prompt.id)
    ideas = await idea_store.count(db, prompt.guild_id, prompt.id)
    to_nudge: list[int] = []
    if prompt.session_id is not None:
        attendees = await sessions.attendees(db, prompt.session_id)
        to_nudge = [user_id for user_id in attendees if user_id not in contributors]
    return ReminderSummary(len(contributors), ideas, to_nudge)
