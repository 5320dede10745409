"""Members marking a scheduled event "Interested": the gateway events it causes and the paged users route."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from localdiscord.context import FakeContext, RestCall, RouteTable
from localdiscord.responses import error_response, json_response

_EVENT_USERS = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users"
USERS_LIMIT = 100
INTERESTED = 1


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("true", "1")


async def list_event_users(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET who is interested in an event: by user id ascending, paged by `before`/`after`, `limit` at most 100."""
    guild = ctx.state.guilds.get(call.id("guild_id"))
    event_id = call.id("guild_scheduled_event_id")
    if guild is None:
        return error_response(404, 10004, "Unknown Guild")
    if event_id not in guild.scheduled_events:
        return error_response(404, 10070, "Unknown Guild Scheduled Event")
    user_ids = sorted(guild.interested.get(event_id, set()))
    if "after" in call.query:
        user_ids = [u for u in user_ids if u > int(call.query["after"])]
    limit = min(int(call.query.get("limit", USERS_LIMIT)), USERS_LIMIT)
    if "before" in call.query:
        user_ids = [u for u in user_ids if u < int(call.query["before"])][-limit:]
    with_member = _truthy(call.query.get("with_member"))
    rows = []
    for user_id in user_ids[:limit]:
        row: dict[str, Any] = {
            "guild_scheduled_event_id": str(event_id),
            "user_id": str(user_id),
            "user": ctx.state.users[user_id].payload(),
            "response": INTERESTED,
        }
        if with_member and user_id in guild.members:
            row["member"] = ctx.state.member_payload(guild.id, user_id, with_user=False)
        rows.append(row)
    return json_response(rows)


def set_interest(ctx: FakeContext, guild_id: int, event_id: int, user_id: int, interested: bool) -> bool:
    """Record (or drop) a user's interest without telling anyone; False when nothing changed."""
    guild = ctx.state.guilds[guild_id]
    event = guild.scheduled_events[event_id]
    users = guild.interested.setdefault(event_id, set())
    if (user_id in users) == interested:
        return False
    (users.add if interested else users.discard)(user_id)
    event["user_count"] = len(users)
    return True


async def mark_interest(ctx: FakeContext, guild_id: int, event_id: int, user_id: int, interested: bool) -> None:
    """A member clicks "Interested" (or clicks it off): GUILD_SCHEDULED_EVENT_USER_ADD or _REMOVE follows."""
    if not set_interest(ctx, guild_id, event_id, user_id, interested):
        return
    payload = {"guild_scheduled_event_id": str(event_id), "user_id": str(user_id), "guild_id": str(guild_id)}
    name = "GUILD_SCHEDULED_EVENT_USER_ADD" if interested else "GUILD_SCHEDULED_EVENT_USER_REMOVE"
    await ctx.gateway.dispatch(name, payload)


ROUTES: RouteTable = {("GET", _EVENT_USERS): list_event_users}
