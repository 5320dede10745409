"""Creating, editing and announcing messages: shared by channel REST routes, webhooks and user actions."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from typing import Any

from localdiscord.context import FakeContext
from localdiscord.interaction_result import EPHEMERAL
from localdiscord.state import iso_now

LOADING = 1 << 7
REPLY = 19
REFERENCE_DEFAULT = 0
REFERENCE_FORWARD = 1
HAS_SNAPSHOT = 1 << 14
_EDITABLE_FIELDS = ("content", "components", "flags")


def attachments_from_files(
    ctx: FakeContext, channel_id: int, body: dict[str, Any], files: Sequence[tuple[str, bytes]]
) -> list[dict[str, Any]]:
    """Attachment objects for uploaded files (multipart ``files[n]``), honouring ``attachments`` metadata."""
    described = {str(a.get("id")): a for a in body.get("attachments") or []}
    attachments = []
    for index, (filename, data) in enumerate(files):
        attachment_id = ctx.state.snowflakes.next()
        url = f"{ctx.api_base}/attachments/{channel_id}/{attachment_id}/{filename}"
        attachments.append(
            {
                "id": str(attachment_id),
                "filename": filename,
                "description": described.get(str(index), {}).get("description"),
                "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
                "size": len(data),
                "url": url,
                "proxy_url": url,
            }
        )
    return attachments


def _snapshot(message: dict[str, Any] | None) -> dict[str, Any]:
    """A forwarded message as ``message_snapshots`` carries it (a partial message, no author)."""
    message = message or {}
    fields = ("content", "embeds", "attachments", "timestamp", "edited_timestamp", "flags", "mentions", "mention_roles")
    snapshot = {name: message.get(name) for name in fields} | {"type": message.get("type", 0), "components": []}
    return {"message": snapshot | {"sticker_items": []}}


def reply_fields(ctx: FakeContext, channel_id: int, reference: dict[str, Any] | None) -> dict[str, Any]:
    """``type``/``message_reference``/``referenced_message`` of a reply (reference type 0, DEFAULT), or
    ``message_reference``/``message_snapshots`` of a forward (type 1, FORWARD); nothing without a reference.

    The reference names the referred message's own channel and server, as Discord sends it.
    """
    if not reference or reference.get("message_id") is None:
        return {}
    referenced = ctx.state.find_message(int(reference["message_id"]))
    referenced_channel = int(reference.get("channel_id") or (referenced or {}).get("channel_id") or channel_id)
    guild_id = reference.get("guild_id") or ctx.state.channels[referenced_channel].guild_id
    kind = int(reference.get("type") or REFERENCE_DEFAULT)
    message_reference = {
        "type": kind,
        "message_id": str(reference["message_id"]),
        "channel_id": str(referenced_channel),
        "guild_id": str(guild_id),
    }
    if kind == REFERENCE_FORWARD:
        return {
            "message_reference": message_reference,
            "message_snapshots": [_snapshot(referenced)],
            "flags": HAS_SNAPSHOT,
        }
    return {"type": REPLY, "message_reference": message_reference, "referenced_message": referenced}


def create_message(
    ctx: FakeContext,
    channel_id: int,
    author_id: int,
    body: dict[str, Any],
    files: Sequence[tuple[str, bytes]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """Build a message from a create body, with uploaded files and reply fields."""
    return ctx.state.new_message(
        channel_id,
        author_id,
        body,
        attachments=attachments_from_files(ctx, channel_id, body, files),
        **reply_fields(ctx, channel_id, body.get("message_reference")),
        **extra,
    )


async def publish_message(ctx: FakeContext, message: dict[str, Any]) -> None:
    """Store a message in its channel and dispatch MESSAGE_CREATE, unless it is ephemeral."""
    if message["flags"] & EPHEMERAL:
        return
    ctx.state.store_message(message)
    await ctx.gateway.dispatch("MESSAGE_CREATE", ctx.state.as_seen_by_bot(message))


async def edit_message(
    ctx: FakeContext, message: dict[str, Any], body: dict[str, Any], files: Sequence[tuple[str, bytes]] = ()
) -> dict[str, Any]:
    """Apply an edit body to a stored message and dispatch MESSAGE_UPDATE (unless ephemeral)."""
    for name in _EDITABLE_FIELDS:
        if name in body and body[name] is not None:
            message[name] = body[name]
    if "embeds" in body and body["embeds"] is not None:
        message["embeds"] = [{"type": "rich", **e} for e in body["embeds"]]
    if "attachments" in body or files:
        kept_ids = {str(a.get("id")) for a in body.get("attachments") or []}
        kept = [a for a in message["attachments"] if a["id"] in kept_ids]
        message["attachments"] = kept + attachments_from_files(ctx, int(message["channel_id"]), body, files)
    message["flags"] = (message.get("flags") or 0) & ~LOADING
    message["edited_timestamp"] = iso_now()
    if not message["flags"] & EPHEMERAL:
        await ctx.gateway.dispatch("MESSAGE_UPDATE", ctx.state.as_seen_by_bot(message))
    return message


async def delete_message(ctx: FakeContext, message: dict[str, Any]) -> None:
    """Remove a message from its channel and dispatch MESSAGE_DELETE."""
    channel_id = int(message["channel_id"])
    ctx.state.messages[channel_id].pop(int(message["id"]), None)
    await ctx.gateway.dispatch(
        "MESSAGE_DELETE",
        {"id": message["id"], "channel_id": message["channel_id"]}
        | ({"guild_id": message["guild_id"]} if "guild_id" in message else {}),
    )
