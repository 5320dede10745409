"""REST routes for direct messages: opening the bot's DM channel with a user (POST /users/@me/channels).

Sending in a DM channel is the ordinary POST /channels/{channel_id}/messages (see rest_channels); Discord refuses
it with 403, code 50007 "Cannot send messages to this user", when the user has closed their DMs or shares no
server with the bot.
"""

from __future__ import annotations

from aiohttp import web

from localdiscord.context import FakeContext, RestCall, RouteTable
from localdiscord.responses import error_response, json_response

CANNOT_MESSAGE_USER = (50007, "Cannot send messages to this user")
INVALID_RECIPIENT = (50033, "Invalid Recipient(s)")


def cannot_message_user() -> web.Response:
    """Discord's answer to a message to a user who does not accept it."""
    return error_response(403, *CANNOT_MESSAGE_USER)


async def create_dm(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST /users/@me/channels {recipient_id}: the DM channel with that user (the same one every time); an unknown
    user is refused with 400, code 50033."""
    recipient_id = (call.body or {}).get("recipient_id")
    user = ctx.state.users.get(int(recipient_id)) if recipient_id is not None else None
    if user is None:
        return error_response(400, *INVALID_RECIPIENT)
    return json_response(ctx.state.open_dm(user.id).payload(user))


ROUTES: RouteTable = {("POST", "/users/@me/channels"): create_dm}
