"""Coalescing bursts of work: many pokes within a short delay cause one run (e.g. one message edit)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable

log = logging.getLogger(__name__)


class Debouncer:
    """Runs `work(key)` once, `delay` seconds after the first poke for that key since its last run."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._pending: dict[Hashable, tuple[asyncio.Task[None], Callable[[], Awaitable[object]]]] = {}

    def poke(self, key: Hashable, work: Callable[[], Awaitable[object]]) -> None:
        """Ask for `work` to run soon; further pokes before it runs are absorbed."""
        if key not in self._pending:
            self._pending[key] = (asyncio.create_task(self._later(key)), work)

    async def _later(self, key: Hashable) -> None:
        await asyncio.sleep(self.delay)
        _, work = self._pending.pop(key)
        await self._run(key, work)

    @staticmethod
    async def _run(key: Hashable, work: Callable[[], Awaitable[object]]) -> None:
        try:
            await work()
        except Exception:
            log.exception("debounced work for %s failed", key)

    async def flush(self) -> None:
        """Run all pending work now (at shutdown), so the last state is shown."""
        pending, self._pending = self._pending, {}
        for key, (task, work) in pending.items():
            task.cancel()
            await self._run(key, work)
