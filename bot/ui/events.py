"""Every event the bot's features tell each other, with its payload: the one way one feature reaches another.

A feature announces with `emit(bot, SomeEvent(...))`; a cog of another feature reacts with a method marked
`@listens_to(SomeEvent)` that takes the event. discord.py runs each listener as its own task, so the emitter
goes on at once and a listener's failure is logged without undoing what the emitter did.

Two signals are not features talking to each other but progress reports that the demo and the tests wait
for with `bot.wait_for(...)`, so they keep their positional arguments: `IDEAS_HANDLED` and `ERASURE_CHANGED`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from discord.ext import commands

from bot.domain.privacy import Erasure
from bot.domain.sessions import Session
from bot.ui.leerkring import Leerkring

IDEAS_HANDLED = "ideas_handled"
"""(what: str, message_id: int): the ideas feature has dealt with a message event (stored, edit, delete, …)."""

ERASURE_CHANGED = "erasure_changed"
"""(guild_id: int, user_id: int, planned: bool): the privacy feature planned or called off an erasure."""


@dataclass(frozen=True)
class SessionChanged:
    """Sessions → hosts: a session was edited or cancelled; host calls that include it show it as it is now."""

    name: ClassVar[str] = "leerkring_session_changed"
    session: Session


@dataclass(frozen=True)
class HostConfirmed:
    """Hosts → sessions: a session's host was confirmed (or changed); its announcement and Discord event show it."""

    name: ClassVar[str] = "leerkring_host_confirmed"
    session: Session


@dataclass(frozen=True)
class HostCallChanged:
    """Hosts' buttons → hosts' cog: someone volunteered or withdrew; the call message is updated (bursts coalesced)."""

    name: ClassVar[str] = "leerkring_host_call_changed"
    guild_id: int
    call_id: int


@dataclass(frozen=True)
class SignupCallChanged:
    """Sign-ups' buttons → sign-ups' cog: a municipality joined or withdrew; the call message follows (coalesced)."""

    name: ClassVar[str] = "leerkring_signup_call_changed"
    guild_id: int
    call_id: int


@dataclass(frozen=True)
class MemberDataErased:
    """Privacy → sessions, hosts, sign-ups, ideas, resources: a member's data was erased; each feature updates its
    messages."""

    name: ClassVar[str] = "leerkring_member_data_erased"
    guild_id: int
    erasure: Erasure


Event = SessionChanged | HostConfirmed | HostCallChanged | SignupCallChanged | MemberDataErased

Listener = TypeVar("Listener", bound=Callable[..., Any])


def emit(bot: Leerkring, event: Event) -> None:
    """Tell every listening feature about `event`."""
    bot.dispatch(event.name, event)


def listens_to(event: type[Event]) -> Callable[[Listener], Listener]:
    """Mark a cog method as the listener of `event`; it is called with the event."""
    return commands.Cog.listener(f"on_{event.name}")
