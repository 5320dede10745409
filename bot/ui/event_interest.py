"""Discord's "Interested" on scheduled events, as the features see it: every add and remove, and who is interested.

discord.py passes GUILD_SCHEDULED_EVENT_USER_ADD/_REMOVE on only when the user and the event are in its cache,
which a bot that does not chunk members cannot promise; so the raw payload is told as `EventInterest` too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import discord
from discord.http import HTTPClient

USERS_PAGE = 100
"""The most users Discord returns per page of GET /guilds/{guild}/scheduled-events/{event}/users."""


@dataclass(frozen=True)
class EventInterest:
    """A member marked a scheduled event "Interested" (or took it back)."""

    name: ClassVar[str] = "leerkring_event_interest"
    guild_id: int
    event_id: int
    user_id: int
    interested: bool


def tell_event_interest(client: discord.Client) -> None:
    """Have the client dispatch `EventInterest` for every interest add and remove, besides its own handling."""
    parsers: dict[str, Callable[[Any], None]] = client._connection.parsers
    for event, interested in (("GUILD_SCHEDULED_EVENT_USER_ADD", True), ("GUILD_SCHEDULED_EVENT_USER_REMOVE", False)):
        parse = parsers[event]

        def parse_and_tell(data: Any, parse: Callable[[Any], None] = parse, interested: bool = interested) -> None:
            parse(data)
            interest = EventInterest(
                int(data["guild_id"]), int(data["guild_scheduled_event_id"]), int(data["user_id"]), interested
            )
            client.dispatch(EventInterest.name, interest)

        parsers[event] = parse_and_tell


async def interested_users(http: HTTPClient, guild_id: int, event_id: int) -> set[int]:
    """Everyone interested in a scheduled event now, page by page (by user id, `after` the last one seen)."""
    users: set[int] = set()
    after: int | None = None
    while True:
        page = await http.get_scheduled_event_users(guild_id, event_id, USERS_PAGE, with_member=True, after=after)
        users.update(int(row["user"]["id"]) for row in page)
        if len(page) < USERS_PAGE:
            return users
        after = max(int(row["user"]["id"]) for row in page)
