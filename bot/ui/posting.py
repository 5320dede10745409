"""The one way to post a message the bot must neither lose nor double: draft, send with a nonce, record, repair.

1. The feature stores its row as a draft (no message yet) in the same write as the rest of its change.
2. `post()` sends the message with a nonce made from the kind and the row, so that Discord drops a repeat
   (discord.py sends it with `enforce_nonce`), then records the message. A send that Discord refuses
   discards the draft, so nothing is left half-written, and raises `Refused`.
3. At start, `repair()` settles the drafts a stop left between sending and recording: a draft whose message
   is among its channel's latest messages (found by the marker its embed carries) is recorded; any other is
   discarded, for nobody was ever told it exists.

Session announcements, prompts and host calls are posted this way, and so is every new message of this kind.
"""

import logging
from dataclasses import dataclass
from typing import Any, Protocol

import discord

from bot.ui.leerkring import Leerkring
from bot.ui.own_messages import find_own_message

log = logging.getLogger(__name__)

NONCE_MAX = 25
"""Discord's limit on a nonce's length."""


@dataclass(frozen=True)
class Draft:
    """A row that waits for its message: which row, and the channel its message goes to."""

    id: int
    guild_id: int
    channel_id: int


class Refused(Exception):
    """Discord refused to post the message; the draft was discarded."""

    def __init__(self, draft: Draft, error: discord.HTTPException) -> None:
        super().__init__(f"posting draft {draft.id} in channel {draft.channel_id} was refused: {error}")
        self.draft = draft
        self.error = error


class PostKind(Protocol):
    """One kind of message posted this way, as its feature describes it."""

    @property
    def name(self) -> str:
        """A short name of the kind, unique among kinds: the nonce's prefix."""
        ...

    @property
    def marker_key(self) -> str:
        """The catalogue key (with `id`) of the embed footer or title that marks this kind's message."""
        ...

    async def drafts(self) -> list[Draft]:
        """Every row of this kind still without its message."""
        ...

    async def content(self, draft: Draft) -> dict[str, Any]:
        """What to send (keyword arguments of `send`: embed, view, …)."""
        ...

    async def record(self, draft: Draft, message: discord.Message) -> None:
        """Remember the posted message (and do what follows it, such as opening a thread)."""
        ...

    async def discard(self, draft: Draft) -> None:
        """Undo the draft: it was never shown to anyone."""
        ...


def nonce(kind: PostKind, draft: Draft) -> str:
    """The deterministic nonce of a draft's message."""
    value = f"lk-{kind.name}-{draft.id}"
    if len(value) > NONCE_MAX:
        raise ValueError(f"nonce {value!r} is longer than Discord's {NONCE_MAX} characters")
    return value


async def post(bot: Leerkring, kind: PostKind, draft: Draft) -> discord.Message:
    """Send the draft's message (at most once) and record it; a refusal discards the draft and raises `Refused`."""
    channel = bot.get_partial_messageable(draft.channel_id, guild_id=draft.guild_id)
    try:
        message = await channel.send(**await kind.content(draft), nonce=nonce(kind, draft))
    except discord.HTTPException as error:
        await kind.discard(draft)
        raise Refused(draft, error) from error
    await kind.record(draft, message)
    return message


async def repair(bot: Leerkring, kind: PostKind) -> None:
    """Settle the drafts a stop left: record those whose message went out, discard the others."""
    for draft in await kind.drafts():
        channel = bot.get_partial_messageable(draft.channel_id, guild_id=draft.guild_id)
        try:
            found = await find_own_message(bot, channel, kind.marker_key, id=draft.id)
        except discord.HTTPException:
            log.warning("%s %s: its channel cannot be read; settled at the next start", kind.name, draft.id)
            continue
        if found:
            await kind.record(draft, found)
            log.warning("%s %s was posted before the last stop; it is now recorded", kind.name, draft.id)
        else:
            await kind.discard(draft)
            log.warning("%s %s was never posted before the last stop; it was removed", kind.name, draft.id)
