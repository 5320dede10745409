"""Ideas that arrive as messages: replies to a prompt and messages in its thread, each stored once."""

from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.db import Database, Tx
from bot.db import ideas as idea_store
from bot.db import prompts as prompt_store
from bot.domain.ideas import TEXT_MAX, new_idea
from bot.domain.prompts import Prompt
from bot.text import sanitise

REPLY = 0
"""The message reference type of a reply (Discord's DEFAULT); a forward (FORWARD, 1) is no reply."""


class Outcome(StrEnum):
    """What became of a message."""

    STORED = "stored"
    KNOWN = "known"
    LATE = "late"
    TOO_LONG = "too_long"
    UNREADABLE = "unreadable"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Reference:
    """What a message refers to: its reference type (reply or forward) and the message, channel and server."""

    type: int
    message_id: int | None
    channel_id: int | None
    guild_id: int | None


@dataclass(frozen=True)
class Incoming:
    """A member's message as the intake needs it; `text` is empty when Discord withheld the content."""

    guild_id: int
    channel_id: int
    message_id: int
    author_id: int
    text: str
    reference: Reference | None
    posted_at: datetime

    @property
    def reply_to(self) -> int | None:
        """The message this one replies to here: a reply (not a forward) to a message of this channel and server."""
        ref = self.reference
        if ref is None or ref.type != REPLY or ref.channel_id not in (None, self.channel_id):
            return None
        return ref.message_id if ref.guild_id in (None, self.guild_id) else None


@dataclass(frozen=True)
class Taken:
    """The outcome for one message, with the prompt it belongs to (None when it belongs to none)."""

    outcome: Outcome
    prompt: Prompt | None = None


async def take_message(db: Database, message: Incoming, now: datetime, *, advance_cursor: bool) -> Taken:
    """Store a reply to an open prompt, or a message in its thread, as an idea (once per message).

    With `advance_cursor` the channel's read position moves past this message in the same transaction,
    so that a restart reads only the history after it. A message that belongs to no prompt costs no
    database work; one that does costs one write transaction (committed together with concurrent ones).
    """
    prompt_id = await prompt_store.prompt_for_message(db, message.reply_to, message.channel_id)
    if prompt_id is None and not advance_cursor:
        return Taken(Outcome.IGNORED)
    return await db.write(lambda tx: _take(tx, message, prompt_id, now, advance_cursor))


def _take(tx: Tx, message: Incoming, prompt_id: int | None, now: datetime, advance: bool) -> Taken:
    """The write job for one message: the prompt as it is now, the idea if there is one, the read position."""
    prompt = prompt_store.load_in(tx, prompt_id) if prompt_id is not None else None
    outcome = _outcome_before_storing(prompt, message)
    if outcome is Outcome.STORED and prompt is not None:
        source = "thread" if message.channel_id == prompt.thread_id else "reply"
        idea = new_idea(
            tx,
            prompt,
            message.author_id,
            sanitise(message.text).strip(),
            source,
            message_id=message.message_id,
            channel_id=message.channel_id,
            posted_at=message.posted_at,
        )
        if idea_store.insert(tx, idea, now) is None:
            outcome = Outcome.KNOWN
    if advance:
        prompt_store.advance_cursor(tx, message.guild_id, message.channel_id, message.message_id)
    return Taken(outcome, prompt)


def _outcome_before_storing(prompt: Prompt | None, message: Incoming) -> Outcome:
    if prompt is None:
        return Outcome.IGNORED
    if not prompt.is_open:
        return Outcome.LATE
    if not message.text.strip():
        return Outcome.UNREADABLE
    text = sanitise(message.text).strip()
    if not text:
        return Outcome.IGNORED
    return Outcome.TOO_LONG if len(text) > TEXT_MAX else Outcome.STORED


async def reading_plan(db: Database, guilds: Container[int] | None = None) -> list[tuple[int, int]]:
    """Return (channel or thread id, message id to read after) for every open prompt's places (in `guilds`)."""
    return [
        (channel_id, after_id)
        for guild_id, channel_id, after_id in await prompt_store.reading_plan(db)
        if guilds is None or guild_id in guilds
    ]


async def mark_read(db: Database, guild_id: int, channel_id: int, message_id: int) -> None:
    """Record that a channel's history has been read up to `message_id`."""
    await db.write(lambda tx: prompt_store.advance_cursor(tx, guild_id, channel_id, message_id))
