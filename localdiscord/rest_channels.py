"""REST routes on channels: messages (create, history, edit, delete), reactions, threads, channel lookup."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from aiohttp import web

from localdiscord.context import FakeContext, RestCall, RouteTable
from localdiscord.messages import create_message, delete_message, edit_message, publish_message
from localdiscord.permissions import SEND_MESSAGES, VIEW_CHANNEL, channel_permissions
from localdiscord.responses import error_response, json_response, no_content
from localdiscord.rest_dms import cannot_message_user
from localdiscord.state import BOT_USER_ID, Channel

_MESSAGES = "/channels/{channel_id}/messages"
_MESSAGE = "/channels/{channel_id}/messages/{message_id}"
_OWN_REACTION = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"
PUBLIC_THREAD = 11
MAX_HISTORY_LIMIT = 100
DEFAULT_REACTIONS_LIMIT = 25


def _unknown_message() -> web.Response:
    return error_response(404, 10008, "Unknown Message")


def _bot_can_send(ctx: FakeContext, channel: Channel) -> bool:
    target = ctx.state.channels.get(channel.parent_id) if channel.parent_id is not None else channel
    guild = ctx.state.guilds[channel.guild_id]
    required = VIEW_CHANNEL | SEND_MESSAGES
    return channel_permissions(guild, target or channel, BOT_USER_ID) & required == required


def _refusal(ctx: FakeContext, channel_id: int) -> web.Response | None:
    """Why the bot may not send here (unknown channel, missing permissions, a user who does not accept DMs)."""
    dm = ctx.state.dm_channels.get(channel_id)
    if dm is not None:
        return None if ctx.state.accepts_dms(dm.recipient_id) else cannot_message_user()
    channel = ctx.state.channels.get(channel_id)
    if channel is None:
        return error_response(404)
    return None if _bot_can_send(ctx, channel) else error_response(403)


async def create_channel_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST a message as the bot (in a channel, thread or DM); echoed to the gateway as MESSAGE_CREATE."""
    channel_id = call.id("channel_id")
    if (refused := _refusal(ctx, channel_id)) is not None:
        return refused
    body = call.body or {}
    if body.get("enforce_nonce") and body.get("nonce") is not None:
        earlier = ctx.state.message_with_nonce(channel_id, BOT_USER_ID, str(body["nonce"]))
        if earlier is not None:
            return json_response(earlier)
    message = create_message(ctx, channel_id, BOT_USER_ID, call.body, call.files)
    ctx.state.remember_nonce(message)
    await publish_message(ctx, message)
    return json_response(message)


def as_fetched(message: dict[str, Any]) -> dict[str, Any]:
    """A stored message as GET returns it: Discord only echoes ``nonce`` on create, never on fetch."""
    return {key: value for key, value in message.items() if key != "nonce"}


def _history_page(messages: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
    """Select like Discord: ``limit`` messages before/after/around an id (or the newest), newest first."""
    limit = min(int(query.get("limit", 50)), MAX_HISTORY_LIMIT)
    oldest_first = sorted(messages, key=lambda m: int(m["id"]))
    if "after" in query:
        page = [m for m in oldest_first if int(m["id"]) > int(query["after"])][:limit]
    elif "around" in query:
        around = int(query["around"])
        before = [m for m in oldest_first if int(m["id"]) < around][-(limit // 2) :] if limit > 1 else []
        rest = [m for m in oldest_first if int(m["id"]) >= around][: limit - len(before)]
        page = before + rest
    else:
        before_id = int(query.get("before", 1 << 63))
        page = [m for m in oldest_first if int(m["id"]) < before_id][-limit:]
    return [as_fetched(message) for message in reversed(page)]


async def get_channel_messages(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET channel history (before/after/around/limit), newest first."""
    history = ctx.state.messages.get(call.id("channel_id"))
    if history is None:
        return error_response(404)
    return json_response(_history_page([ctx.state.as_seen_by_bot(m) for m in history.values()], call.query))


def _stored_message(ctx: FakeContext, call: RestCall) -> dict[str, Any] | None:
    return ctx.state.messages.get(call.id("channel_id"), {}).get(call.id("message_id"))


async def get_channel_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET one message."""
    message = _stored_message(ctx, call)
    return json_response(as_fetched(ctx.state.as_seen_by_bot(message))) if message else _unknown_message()


async def edit_channel_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """PATCH one of the bot's messages; MESSAGE_UPDATE follows."""
    message = _stored_message(ctx, call)
    if message is None:
        return _unknown_message()
    if int(message["author"]["id"]) != BOT_USER_ID:
        return error_response(403, 50005, "Cannot edit a message authored by another user")
    return json_response(await edit_message(ctx, message, call.body, call.files))


async def delete_channel_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """DELETE a message; MESSAGE_DELETE follows."""
    message = _stored_message(ctx, call)
    if message is None:
        return _unknown_message()
    await delete_message(ctx, message)
    return no_content()


def reaction_event(ctx: FakeContext, message: dict[str, Any], user_id: int, emoji: str) -> dict[str, Any]:
    """MESSAGE_REACTION_ADD/REMOVE payload for a unicode (``👍``) or custom (``name:id``) emoji."""
    name, _, emoji_id = emoji.partition(":")
    guild_id = int(message["guild_id"])
    return {
        "user_id": str(user_id),
        "channel_id": message["channel_id"],
        "message_id": message["id"],
        "guild_id": message["guild_id"],
        "member": ctx.state.member_payload(guild_id, user_id),
        "emoji": {"id": emoji_id or None, "name": name, "animated": False},
        "burst": False,
        "type": 0,
        "message_author_id": message["author"]["id"],
    }


def record_reaction(ctx: FakeContext, message: dict[str, Any], user_id: int, emoji: str, present: bool) -> None:
    """Add or remove a user's reaction on a message: who reacted, and the message's ``reactions`` counts."""
    reactors = ctx.state.reactors.setdefault((int(message["id"]), emoji), [])
    if present and user_id not in reactors:
        reactors.append(user_id)
    elif not present and user_id in reactors:
        reactors.remove(user_id)
    name, _, emoji_id = emoji.partition(":")
    others = [r for r in message["reactions"] if (r["emoji"]["name"], r["emoji"]["id"]) != (name, emoji_id or None)]
    if not reactors:
        message["reactions"] = others
        return
    count = len(reactors)
    message["reactions"] = [
        *others,
        {
            "count": count,
            "count_details": {"burst": 0, "normal": count},
            "me": BOT_USER_ID in reactors,
            "me_burst": False,
            "burst_colors": [],
            "emoji": {"id": emoji_id or None, "name": name},
        },
    ]


async def _own_reaction(ctx: FakeContext, call: RestCall, event: str, present: bool) -> web.Response:
    message = _stored_message(ctx, call)
    if message is None:
        return _unknown_message()
    emoji = unquote(call.params["emoji_name"])
    record_reaction(ctx, message, BOT_USER_ID, emoji, present)
    await ctx.gateway.dispatch(event, reaction_event(ctx, message, BOT_USER_ID, emoji))
    return no_content()


async def add_own_reaction(ctx: FakeContext, call: RestCall) -> web.Response:
    """PUT the bot's reaction."""
    return await _own_reaction(ctx, call, "MESSAGE_REACTION_ADD", present=True)


async def remove_own_reaction(ctx: FakeContext, call: RestCall) -> web.Response:
    """DELETE the bot's reaction."""
    return await _own_reaction(ctx, call, "MESSAGE_REACTION_REMOVE", present=False)


async def list_reactions(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET the users who reacted with an emoji, by user id ascending: ``after`` a user id, ``limit`` 1-100 (25)."""
    message = _stored_message(ctx, call)
    if message is None:
        return _unknown_message()
    limit = min(int(call.query.get("limit", DEFAULT_REACTIONS_LIMIT)), MAX_HISTORY_LIMIT)
    after = int(call.query.get("after", 0))
    reactors = sorted(ctx.state.reactors.get((int(message["id"]), unquote(call.params["emoji_name"])), []))
    users = [ctx.state.users[user_id].payload() for user_id in reactors if user_id > after][:limit]
    return json_response(users)


async def _create_thread(
    ctx: FakeContext, parent: Channel, body: dict[str, Any], thread_id: int | None
) -> web.Response:
    thread = ctx.state.add_channel(
        parent.guild_id,
        body["name"],
        body.get("type") or PUBLIC_THREAD,
        parent_id=parent.id,
        owner_id=BOT_USER_ID,
        channel_id=thread_id,
    )
    payload = thread.payload()
    await ctx.gateway.dispatch("THREAD_CREATE", payload | {"newly_created": True})
    return json_response(payload)


async def create_thread_from_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST a thread on a message (the thread gets the message's id, as on Discord)."""
    parent = ctx.state.channels.get(call.id("channel_id"))
    message = _stored_message(ctx, call)
    if parent is None or message is None:
        return _unknown_message()
    return await _create_thread(ctx, parent, call.body, call.id("message_id"))


async def create_thread(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST a thread without a starter message."""
    parent = ctx.state.channels.get(call.id("channel_id"))
    if parent is None:
        return error_response(404)
    return await _create_thread(ctx, parent, call.body, None)


async def get_channel(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET a channel (a DM channel too)."""
    channel = ctx.state.channels.get(call.id("channel_id"))
    if channel is not None:
        return json_response(channel.payload())
    dm = ctx.state.dm_channels.get(call.id("channel_id"))
    return json_response(dm.payload(ctx.state.users[dm.recipient_id])) if dm else error_response(404)


ROUTES: RouteTable = {
    ("POST", _MESSAGES): create_channel_message,
    ("GET", _MESSAGES): get_channel_messages,
    ("GET", _MESSAGE): get_channel_message,
    ("PATCH", _MESSAGE): edit_channel_message,
    ("DELETE", _MESSAGE): delete_channel_message,
    ("PUT", _OWN_REACTION): add_own_reaction,
    ("DELETE", _OWN_REACTION): remove_own_reaction,
    ("GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}"): list_reactions,
    ("POST", f"{_MESSAGE}/threads"): create_thread_from_message,
    ("POST", "/channels/{channel_id}/threads"): create_thread,
    ("GET", "/channels/{channel_id}"): get_channel,
}
