"""Dropping gateway events Discord delivers twice (a RESUME replay, a retried dispatch): handled once only."""

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import discord

log = logging.getLogger(__name__)

REMEMBERED = 10_000


class RecentKeys:
    """The last `capacity` keys seen, forgetting the oldest first."""

    def __init__(self, capacity: int = REMEMBERED) -> None:
        self.capacity = capacity
        self._keys: OrderedDict[str, None] = OrderedDict()

    def seen_before(self, key: str) -> bool:
        """Remember `key`; tell whether it was already there."""
        if key in self._keys:
            return True
        self._keys[key] = None
        if len(self._keys) > self.capacity:
            self._keys.popitem(last=False)
        return False


def drop_repeats(parsers: dict[str, Callable[[Any], None]], event: str, key: Callable[[Any], str]) -> None:
    """Wrap discord.py's parser of `event` so that a second delivery with the same key is ignored."""
    parse = parsers[event]
    recent = RecentKeys()

    def parse_once(data: Any) -> None:
        if recent.seen_before(key(data)):
            log.info("ignoring a repeated %s %s", event, key(data))
            return
        parse(data)

    parsers[event] = parse_once


def drop_repeated_interactions(client: discord.Client) -> None:
    """Have the client handle each INTERACTION_CREATE once, by interaction id (discord.py's parsers are private)."""
    drop_repeats(client._connection.parsers, "INTERACTION_CREATE", key=lambda data: str(data["id"]))
