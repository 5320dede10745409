"""REST routes: bot identity and its guilds, application commands, guild members, scheduled events, gateway URL."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from localdiscord.context import FakeContext, RestCall, RouteTable
from localdiscord.permissions import guild_permissions
from localdiscord.responses import error_response, json_response, no_content
from localdiscord.state import APPLICATION_ID, BOT_USER_ID, Guild

_GLOBAL_COMMANDS = "/applications/{application_id}/commands"
_GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"
_EVENTS = "/guilds/{guild_id}/scheduled-events"
_EVENT = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}"
SCHEDULED = 1


async def get_current_user(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET /users/@me: the bot user."""
    return json_response(ctx.state.bot_user.payload() | {"verified": True, "mfa_enabled": False, "locale": "en-US"})


MY_GUILDS_LIMIT = 200


async def list_my_guilds(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET /users/@me/guilds: the bot's guilds by id ascending, paged by `before`/`after` and `limit` (max 200)."""
    ids = ctx.state.bot_guild_ids()
    if "after" in call.query:
        ids = [i for i in ids if i > int(call.query["after"])]
    if "before" in call.query:
        ids = [i for i in ids if i < int(call.query["before"])][-MY_GUILDS_LIMIT:]
    limit = min(int(call.query.get("limit", MY_GUILDS_LIMIT)), MY_GUILDS_LIMIT)
    counted = call.query.get("with_counts", "false").lower() in ("true", "1")
    return json_response([_my_guild(ctx.state.guilds[i], counted) for i in ids[:limit]])


def _my_guild(guild: Guild, counted: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "banner": None,
        "owner": guild.owner_id == BOT_USER_ID,
        "permissions": str(guild_permissions(guild, BOT_USER_ID)),
        "features": [],
    }
    if counted:
        payload |= {"approximate_member_count": len(guild.members), "approximate_presence_count": 0}
    return payload


async def get_application(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET /oauth2/applications/@me."""
    owner = ctx.state.users[next(iter(ctx.state.guilds.values())).owner_id] if ctx.state.guilds else ctx.state.bot_user
    return json_response(
        {
            "id": str(APPLICATION_ID),
            "name": ctx.state.bot_user.username,
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": owner.payload(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "rpc_origins": [],
            "tags": [],
            "redirect_uris": [],
            "bot": ctx.state.bot_user.payload(),
        }
    )


async def get_gateway(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET /gateway and /gateway/bot."""
    return json_response(
        {
            "url": ctx.gateway.gateway_url,
            "shards": ctx.state.shard_count,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
        }
    )


def _scope(call: RestCall) -> int | None:
    return call.id("guild_id") if "guild_id" in call.params else None


def _with_server_fields(ctx: FakeContext, command: dict[str, Any], scope: int | None, old_id: str | None) -> dict:
    stored = {
        "type": 1,
        "description": "",
        "options": [],
        "default_member_permissions": None,
        "nsfw": False,
        "name_localizations": None,
        "description_localizations": None,
        "contexts": None,
        "integration_types": [0],
        **command,
        "id": old_id or str(ctx.state.snowflakes.next()),
        "application_id": str(APPLICATION_ID),
        "version": str(ctx.state.snowflakes.next()),
    }
    if scope is not None:
        stored["guild_id"] = str(scope)
    return stored


async def put_commands(ctx: FakeContext, call: RestCall) -> web.Response:
    """PUT the global or guild command list (ids stay stable per name, like Discord)."""
    scope = _scope(call)
    old_ids = {(c["name"], c["type"]): c["id"] for c in ctx.state.commands.get(scope, [])}
    commands = [_with_server_fields(ctx, c, scope, old_ids.get((c["name"], c.get("type", 1)))) for c in call.body or []]
    ctx.state.commands[scope] = commands
    return json_response(commands)


async def get_commands(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET the global or guild command list."""
    return json_response(ctx.state.commands.get(_scope(call), []))


async def get_member(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET a guild member."""
    guild = ctx.state.guilds.get(call.id("guild_id"))
    if guild is None:
        return error_response(404, 10004, "Unknown Guild")
    if call.id("user_id") not in guild.members:
        return error_response(404, 10007, "Unknown Member")
    return json_response(ctx.state.member_payload(guild.id, call.id("user_id")))


def _event_payload(ctx: FakeContext, guild_id: int, body: dict[str, Any]) -> dict[str, Any]:
    bot = ctx.state.bot_user
    return {
        "id": str(ctx.state.snowflakes.next()),
        "guild_id": str(guild_id),
        "channel_id": body.get("channel_id"),
        "creator_id": str(bot.id),
        "creator": bot.payload(),
        "name": body["name"],
        "description": body.get("description"),
        "scheduled_start_time": body["scheduled_start_time"],
        "scheduled_end_time": body.get("scheduled_end_time"),
        "privacy_level": body.get("privacy_level", 2),
        "status": SCHEDULED,
        "entity_type": body["entity_type"],
        "entity_id": None,
        "entity_metadata": body.get("entity_metadata"),
        "user_count": 0,
        "image": None,
        "recurrence_rule": body.get("recurrence_rule"),
    }


def _events(ctx: FakeContext, call: RestCall) -> dict[int, dict[str, Any]] | None:
    guild = ctx.state.guilds.get(call.id("guild_id"))
    return None if guild is None else guild.scheduled_events


def _unknown_event() -> web.Response:
    return error_response(404, 10070, "Unknown Guild Scheduled Event")


async def create_event(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST a scheduled event; GUILD_SCHEDULED_EVENT_CREATE follows."""
    events = _events(ctx, call)
    if events is None:
        return error_response(404, 10004, "Unknown Guild")
    event = _event_payload(ctx, call.id("guild_id"), call.body)
    events[int(event["id"])] = event
    await ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", event)
    return json_response(event)


async def list_events(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET the guild's scheduled events."""
    events = _events(ctx, call)
    return error_response(404, 10004, "Unknown Guild") if events is None else json_response(list(events.values()))


async def get_event(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET one scheduled event."""
    event = (_events(ctx, call) or {}).get(call.id("guild_scheduled_event_id"))
    return json_response(event) if event else _unknown_event()


async def edit_event(ctx: FakeContext, call: RestCall) -> web.Response:
    """PATCH a scheduled event; GUILD_SCHEDULED_EVENT_UPDATE follows."""
    event = (_events(ctx, call) or {}).get(call.id("guild_scheduled_event_id"))
    if event is None:
        return _unknown_event()
    event.update({k: v for k, v in call.body.items() if k != "image"})
    await ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event)
    return json_response(event)


async def delete_event(ctx: FakeContext, call: RestCall) -> web.Response:
    """DELETE a scheduled event; GUILD_SCHEDULED_EVENT_DELETE follows."""
    event = (_events(ctx, call) or {}).pop(call.id("guild_scheduled_event_id"), None)
    if event is None:
        return _unknown_event()
    await ctx.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", event)
    return no_content()


ROUTES: RouteTable = {
    ("GET", "/users/@me"): get_current_user,
    ("GET", "/users/@me/guilds"): list_my_guilds,
    ("GET", "/oauth2/applications/@me"): get_application,
    ("GET", "/gateway"): get_gateway,
    ("GET", "/gateway/bot"): get_gateway,
    ("PUT", _GLOBAL_COMMANDS): put_commands,
    ("GET", _GLOBAL_COMMANDS): get_commands,
    ("PUT", _GUILD_COMMANDS): put_commands,
    ("GET", _GUILD_COMMANDS): get_commands,
    ("GET", "/guilds/{guild_id}/members/{user_id}"): get_member,
    ("POST", _EVENTS): create_event,
    ("GET", _EVENTS): list_events,
    ("GET", _EVENT): get_event,
    ("PATCH", _EVENT): edit_event,
    ("DELETE", _EVENT): delete_event,
}
