"""What REST handlers and user actions share: the world state, the gateway and open interactions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from localdiscord.gateway import GatewayHub
from localdiscord.interaction_result import InteractionResult
from localdiscord.state import DiscordState


@dataclass
class FakeContext:
    """Shared server state handed to every REST handler and user action."""

    state: DiscordState
    gateway: GatewayHub
    api_base: str
    interactions: dict[str, InteractionResult] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


@dataclass
class RestCall:
    """One parsed REST request as a handler sees it."""

    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[tuple[str, bytes]]

    def id(self, name: str) -> int:
        """A snowflake path parameter as int."""
        return int(self.params[name])


Handler = Callable[[FakeContext, RestCall], Awaitable[web.Response]]
RouteTable = dict[tuple[str, str], Handler]
