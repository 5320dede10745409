"""REST routes answering interactions: the callback, follow-ups, and the @original/follow-up messages."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from localdiscord.context import FakeContext, RestCall, RouteTable
from localdiscord.interaction_result import (
    APPLICATION_COMMAND,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    UPDATE_MESSAGE,
    InteractionResult,
)
from localdiscord.messages import LOADING, create_message, delete_message, edit_message, publish_message
from localdiscord.responses import error_response, json_response, no_content
from localdiscord.state import APPLICATION_ID, BOT_USER_ID

CHAT_INPUT_COMMAND_MESSAGE = 20
_INTERACTION = "/interactions/{interaction_id}/{interaction_token}/callback"
_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"


def _unknown_interaction() -> web.Response:
    return error_response(404, 10062, "Unknown interaction")


def _unknown_webhook() -> web.Response:
    return error_response(404, 10015, "Unknown Webhook")


def _response_message(ctx: FakeContext, result: InteractionResult, data: dict[str, Any], files: Any) -> dict:
    interaction = result.payload
    user = interaction["member"]["user"]
    metadata = {
        "id": interaction["id"],
        "type": interaction["type"],
        "user": user,
        "authorizing_integration_owners": interaction["authorizing_integration_owners"],
    }
    extra: dict[str, Any] = {"webhook_id": str(APPLICATION_ID), "application_id": str(APPLICATION_ID)}
    extra["interaction_metadata"] = metadata
    if interaction["type"] == APPLICATION_COMMAND:
        extra["type"] = CHAT_INPUT_COMMAND_MESSAGE
        extra["interaction"] = {
            "id": interaction["id"],
            "type": 2,
            "name": interaction["data"]["name"],
            "user": user,
        }
    return create_message(ctx, result.channel_id, BOT_USER_ID, data, files, **extra)


async def _apply_callback(ctx: FakeContext, result: InteractionResult, call: RestCall) -> dict[str, Any] | None:
    """Store the effect of a callback; return the message it created or updated, if any."""
    kind = call.body["type"]
    data = call.body.get("data") or {}
    component_message = result.payload.get("message")
    if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
        body = data if kind == CHANNEL_MESSAGE else {"flags": (data.get("flags") or 0) | LOADING}
        message = _response_message(ctx, result, body, call.files)
        result.set_original(message)
        await publish_message(ctx, message)
        return message
    if kind in (DEFERRED_UPDATE, UPDATE_MESSAGE) and component_message is not None:
        stored = ctx.state.find_message(int(component_message["id"])) or component_message
        result.set_original(stored)
        if kind == UPDATE_MESSAGE:
            await edit_message(ctx, stored, data, call.files)
        return stored
    return None


async def interaction_callback(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST /interactions/{id}/{token}/callback: record the answer, return InteractionCallbackResponse.

    With ``state.interaction_deadline_seconds`` set (Discord: 3 s), a callback after the deadline is refused
    with 10062 Unknown interaction, as Discord does; ``InteractionResult.late_callbacks`` counts them.
    """
    result = ctx.interactions.get(call.params["interaction_token"])
    if result is None or result.id != call.id("interaction_id"):
        return _unknown_interaction()
    if result.callback is not None:
        return error_response(400, 40060, "Interaction has already been acknowledged.")
    deadline = ctx.state.interaction_deadline_seconds
    if deadline is not None and time.monotonic() - result.created > deadline:
        result.late_callbacks += 1
        return _unknown_interaction()
    result.callback = dict(call.body) | ({"files": call.files} if call.files else {})
    message = await _apply_callback(ctx, result, call)
    await result.notify()
    if call.query.get("with_response") not in ("1", "true", "True"):
        return no_content()
    interaction: dict[str, Any] = {"id": str(result.id), "type": result.payload["type"]}
    resource: dict[str, Any] = {"type": call.body["type"]}
    if message is not None:
        interaction |= {
            "response_message_id": message["id"],
            "response_message_loading": bool(message["flags"] & LOADING),
            "response_message_ephemeral": result.ephemeral,
        }
        resource["message"] = message
    return json_response({"interaction": interaction, "resource": resource})


def _interaction_for_webhook(ctx: FakeContext, call: RestCall) -> InteractionResult | None:
    if call.id("webhook_id") != APPLICATION_ID:
        return None
    return ctx.interactions.get(call.params["webhook_token"])


def _webhook_message(ctx: FakeContext, call: RestCall) -> tuple[InteractionResult | None, dict[str, Any] | None]:
    result = _interaction_for_webhook(ctx, call)
    if result is None:
        return None, None
    wanted = call.params.get("message_id", "@original")
    if wanted == "@original" or (result.message_id is not None and int(wanted) == result.message_id):
        return result, result.original_message
    return result, next((m for m in result.followup_messages if m["id"] == wanted), None)


async def create_followup(ctx: FakeContext, call: RestCall) -> web.Response:
    """POST /webhooks/{app_id}/{token}: a follow-up message (ephemeral ones stay out of the channel)."""
    result = _interaction_for_webhook(ctx, call)
    if result is None:
        return _unknown_webhook()
    message = _response_message(ctx, result, call.body, call.files)
    result.followup_messages.append(message)
    await publish_message(ctx, message)
    await result.notify()
    return json_response(message)


async def get_webhook_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """GET the original response or a follow-up."""
    result, message = _webhook_message(ctx, call)
    if result is None:
        return _unknown_webhook()
    return json_response(message) if message else error_response(404, 10008, "Unknown Message")


async def edit_webhook_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """PATCH the original response or a follow-up."""
    result, message = _webhook_message(ctx, call)
    if result is None:
        return _unknown_webhook()
    if message is None:
        return error_response(404, 10008, "Unknown Message")
    await edit_message(ctx, message, call.body, call.files)
    if message is result.original_message:
        result.original_edits += 1
    await result.notify()
    return json_response(message)


async def delete_webhook_message(ctx: FakeContext, call: RestCall) -> web.Response:
    """DELETE the original response or a follow-up."""
    result, message = _webhook_message(ctx, call)
    if result is None:
        return _unknown_webhook()
    if message is None:
        return error_response(404, 10008, "Unknown Message")
    await delete_message(ctx, message)
    return no_content()


ROUTES: RouteTable = {
    ("POST", _INTERACTION): interaction_callback,
    ("POST", _WEBHOOK): create_followup,
    **{
        (method, f"{_WEBHOOK}/messages/{suffix}"): handler
        for suffix in ("@original", "{message_id}")
        for method, handler in (
            ("GET", get_webhook_message),
            ("PATCH", edit_webhook_message),
            ("DELETE", delete_webhook_message),
        )
    },
}
