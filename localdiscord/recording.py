"""The log of requests the bot made, waiting on future requests, and injected faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from localdiscord.routing import normalize_template


@dataclass
class RecordedRequest:
    """One REST request as the fake received it; ``route`` is the OpenAPI path template."""

    method: str
    path: str
    route: str
    query: dict[str, str]
    json: dict[str, Any] | list[Any] | None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 0

    def matches(self, method: str, route_template: str) -> bool:
        """Tell whether this request hit ``method route_template`` (placeholder names don't matter)."""
        return self.method == method.upper() and normalize_template(self.route) == normalize_template(route_template)


RequestPredicate = Callable[[RecordedRequest], bool]


class RequestLog:
    """Append-only request list with event-driven waiting (no polling)."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._waiters: list[tuple[Callable[[RecordedRequest], bool], asyncio.Future[RecordedRequest]]] = []

    def mark(self) -> int:
        """Current position; pass as ``after`` to only consider later requests."""
        return len(self.requests)

    def append(self, request: RecordedRequest) -> None:
        """Record a handled request and wake the waiters it satisfies."""
        self.requests.append(request)
        still_waiting = []
        for accepts, future in self._waiters:
            if future.done():
                continue
            if accepts(request):
                future.set_result(request)
            else:
                still_waiting.append((accepts, future))
        self._waiters = still_waiting

    def requests_to(self, method: str, route_template: str) -> list[RecordedRequest]:
        """All recorded requests to ``method route_template``."""
        return [r for r in self.requests if r.matches(method, route_template)]

    async def wait_for(
        self,
        method: str,
        route_template: str,
        predicate: RequestPredicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        after: int | None = None,
    ) -> RecordedRequest:
        """Return the first matching request after mark ``after`` (or the next one when ``after`` is None)."""

        def accepts(request: RecordedRequest) -> bool:
            return request.matches(method, route_template) and (predicate is None or predicate(request))

        if after is not None:
            for request in self.requests[after:]:
                if accepts(request):
                    return request
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        self._waiters.append((accepts, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"no {method} {route_template} request within {timeout}s") from None


@dataclass
class Fault:
    """An error to answer the next ``times`` matching requests with."""

    method: str
    route_template: str
    status: int
    times: int
    retry_after: float
    global_: bool


class FaultInjector:
    """Holds pending faults and hands out the one that applies to a request."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Queue a fault."""
        self._faults.append(fault)

    def take(self, method: str, route: str) -> Fault | None:
        """Consume one use of the first fault matching the request, if any."""
        for fault in self._faults:
            if fault.method.upper() == method and normalize_template(fault.route_template) == normalize_template(route):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None


class ResponseHold:
    """Keeps matching requests (or their responses) back until released: a crash window."""

    def __init__(self, method: str, route_template: str) -> None:
        self.method = method
        self.route_template = route_template
        self.reached = asyncio.Event()
        """Set once a matching request is being held."""
        self._released = asyncio.Event()

    def release(self) -> None:
        """Let every held response (and later ones) through."""
        self._released.set()

    @property
    def released(self) -> bool:
        """Whether the hold was released."""
        return self._released.is_set()

    async def wait(self) -> None:
        """Block until released."""
        await self._released.wait()


class ResponseHolds:
    """The holds a test has placed."""

    def __init__(self) -> None:
        self._holds: list[ResponseHold] = []

    def add(self, hold: ResponseHold) -> ResponseHold:
        """Start holding back responses to a route."""
        self._holds.append(hold)
        return hold

    async def wait(self, request: RecordedRequest) -> bool:
        """Block a request (or its response) while a hold on its route is in place; whether it was held."""
        held = False
        for hold in self._holds:
            if request.matches(hold.method, hold.route_template) and not hold.released:
                hold.reached.set()
                await hold.wait()
                held = True
        return held

    def release_all(self) -> None:
        """Release every hold (on shutdown)."""
        for hold in self._holds:
            hold.release()
