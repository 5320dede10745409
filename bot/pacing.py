"""Spacing out work in real time: at most N starts per second, so bursts never hit Discord's global limit."""

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar

# Discord allows a bot 50 requests per second in all, and discord.py only learns that limit by hitting it;
# a due timer makes at least one request, so timers start at most 40 times a second, leaving room for the rest.
DEFAULT_RATE = 40.0

_PREPAID: ContextVar[list[bool] | None] = ContextVar("leerkring_prepaid_slot", default=None)
"""Inside `Pacer.prepaid()`: a slot already taken for the work, used by its first `wait()` (shared by reference
with the tasks it starts, so it is used once)."""


class Pacer:
    """Hands out start slots at most `rate` per second; `wait()` sleeps until the next free slot."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / rate
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_slot = float("-inf")

    @contextlib.contextmanager
    def prepaid(self) -> Iterator[None]:
        """Work for which a slot was just taken: its first `wait()` returns at once, on that slot (a timer run takes
        a slot before it is claimed, and its first request is that slot's, not one more)."""
        token = _PREPAID.set([True])
        try:
            yield
        finally:
            _PREPAID.reset(token)

    async def wait(self) -> None:
        """Return at the next free slot (at once when the pacer has been idle, or on the slot taken for `prepaid`)."""
        prepaid = _PREPAID.get()
        if prepaid:
            prepaid.clear()
            return
        now = self._monotonic()
        if self._next_slot > now:
            await self._sleep(self._next_slot - now)
            now = self._next_slot
        self._next_slot = now + self._interval
