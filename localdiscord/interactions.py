"""Interaction payloads a user would trigger, and the handle that collects the bot's answers to one."""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any

from localdiscord.context import FakeContext
from localdiscord.messages import EPHEMERAL
from localdiscord.permissions import channel_permissions
from localdiscord.state import APPLICATION_ID, BOT_USER_ID

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
USER_OPTION, CHANNEL_OPTION, ROLE_OPTION = 6, 7, 8
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class InteractionResult:
    """Collects the bot's callback, follow-ups and original-message edits for one interaction."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.channel_id = int(payload["channel_id"])
        self.message_id: int | None = None
        self.original_message: dict[str, Any] | None = None
        self.callback: dict[str, Any] | None = None
        self.followup_messages: list[dict[str, Any]] = []
        self.original_edits = 0
        self.created = time.monotonic()
        self.late_callbacks = 0
        self._changed = asyncio.Condition()

    async def _wait_until(self, condition: Any, within: float, what: str) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(condition), within)
            except TimeoutError:
                raise TimeoutError(f"interaction {self.id}: no {what} within {within}s") from None

    async def notify(self) -> None:
        """Wake everyone waiting on this interaction (called by the REST handlers after a change)."""
        async with self._changed:
            self._changed.notify_all()

    async def response(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        """The callback body the bot posted; uploaded files appear under ``"files"`` as (name, bytes)."""
        await self._wait_until(lambda: self.callback is not None, timeout, "callback")
        assert self.callback is not None
        return self.callback

    @property
    def ephemeral(self) -> bool:
        """Whether the (possibly deferred) response was ephemeral."""
        if self.callback is None:
            return False
        return bool(((self.callback.get("data") or {}).get("flags") or 0) & EPHEMERAL)

    def modal(self) -> dict[str, Any]:
        """The modal the bot opened (callback type 9); only valid after ``await response()``."""
        if self.callback is None or self.callback["type"] != MODAL:
            raise AssertionError(f"interaction {self.id} was not answered with a modal: {self.callback}")
        return self.callback["data"]

    async def followups(self, n: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        """The first ``n`` follow-up messages (POST /webhooks/{app_id}/{token}) as created."""
        await self._wait_until(lambda: len(self.followup_messages) >= n, timeout, f"{n} follow-up(s)")
        return self.followup_messages[:n]

    async def final_message(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
        """The response message as it finally looks: after the edit of @original when deferred."""
        callback = await self.response(timeout)
        if callback["type"] in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE):
            await self._wait_until(lambda: self.original_edits > 0, timeout, "edit of @original")
        if self.original_message is None:
            return callback.get("data") or {}
        return self.original_message

    def set_original(self, message: dict[str, Any]) -> None:
        """Remember the response message (or the component's message) for the @original routes."""
        self.original_message = message
        self.message_id = int(message["id"])


def _interaction_channel(ctx: FakeContext, channel_id: int, user_id: int) -> dict[str, Any]:
    channel = ctx.state.channels[channel_id]
    guild = ctx.state.guilds[channel.guild_id]
    return channel.payload() | {"permissions": str(channel_permissions(guild, channel, user_id))}


def interaction_payload(
    ctx: FakeContext,
    kind: int,
    channel_id: int,
    user_id: int,
    data: dict[str, Any],
    locale: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A complete INTERACTION_CREATE payload for a guild channel."""
    guild = ctx.state.guild_of_channel(channel_id)
    channel = ctx.state.channels[channel_id]
    member = ctx.state.member_payload(guild.id, user_id) | {
        "permissions": str(channel_permissions(guild, channel, user_id))
    }
    return {
        "id": str(ctx.state.snowflakes.next()),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "token": secrets.token_urlsafe(48),
        "version": 1,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
        "channel_id": str(channel_id),
        "channel": _interaction_channel(ctx, channel_id, user_id),
        "member": member,
        "locale": locale or guild.members[user_id].locale,
        "guild_locale": guild.preferred_locale,
        "app_permissions": str(channel_permissions(guild, channel, BOT_USER_ID)),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "data": data,
        **extra,
    }


def find_command(ctx: FakeContext, guild_id: int, path: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Find a synced command (guild first, then global) and the chain of (sub)command definitions."""
    names = path.split()
    for scope in (guild_id, None):
        command = next((c for c in ctx.state.commands.get(scope, []) if c["name"] == names[0]), None)
        if command is not None:
            break
    else:
        raise LookupError(f"command {names[0]!r} is not synced (guild {guild_id} or global)")
    chain = [command]
    for name in names[1:]:
        options = chain[-1].get("options") or []
        sub = next((o for o in options if o["name"] == name and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
        if sub is None:
            raise LookupError(f"{path!r}: {name!r} is not a synced subcommand of {chain[-1]['name']!r}")
        chain.append(sub)
    return command, chain


def _resolve(ctx: FakeContext, guild_id: int, kind: int, value: int, resolved: dict[str, Any]) -> None:
    key = str(value)
    if kind == USER_OPTION:
        resolved.setdefault("users", {})[key] = ctx.state.users[value].payload()
        member = ctx.state.member_payload(guild_id, value, with_user=False)
        resolved.setdefault("members", {})[key] = member | {"permissions": str(ctx.state.permissions(guild_id, value))}
    elif kind == CHANNEL_OPTION:
        resolved.setdefault("channels", {})[key] = _interaction_channel(ctx, value, BOT_USER_ID)
    elif kind == ROLE_OPTION:
        resolved.setdefault("roles", {})[key] = ctx.state.guilds[guild_id].roles[value].payload()


def command_data(
    ctx: FakeContext, guild_id: int, path: str, options: dict[str, Any], focused: str | None = None
) -> dict[str, Any]:
    """``data`` of an APPLICATION_COMMAND/AUTOCOMPLETE interaction, typed from the synced definition."""
    command, chain = find_command(ctx, guild_id, path)
    definitions = {o["name"]: o for o in chain[-1].get("options") or []}
    resolved: dict[str, Any] = {}
    leaf_options = []
    for name, value in options.items():
        definition = definitions.get(name)
        if definition is None or definition["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP):
            raise LookupError(f"{path!r} has no synced option {name!r} (has {sorted(definitions)})")
        kind = definition["type"]
        if kind in (USER_OPTION, CHANNEL_OPTION, ROLE_OPTION):
            value = int(getattr(value, "id", value))
            _resolve(ctx, guild_id, kind, value, resolved)
            value = str(value)
        option = {"name": name, "type": kind, "value": value}
        if name == focused:
            option["focused"] = True
        leaf_options.append(option)
    for definition in reversed(chain[1:]):
        leaf_options = [{"name": definition["name"], "type": definition["type"], "options": leaf_options}]
    data: dict[str, Any] = {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "options": leaf_options,
    }
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    if resolved:
        data["resolved"] = resolved
    return data


def component_type(message: dict[str, Any], custom_id: str) -> int:
    """The type of the component with ``custom_id`` in a message (searching nested layouts)."""
    pending = list(message.get("components") or [])
    while pending:
        component = pending.pop()
        if component.get("custom_id") == custom_id:
            return component["type"]
        pending.extend(component.get("components") or [])
        if isinstance(component.get("accessory"), dict):
            pending.append(component["accessory"])
    raise LookupError(f"message {message['id']} has no component with custom_id {custom_id!r}")


def _submitted_input(component: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    value = fields[component["custom_id"]]
    submitted = {"type": component["type"], "custom_id": component["custom_id"]}
    if isinstance(value, list):
        return submitted | {"values": value}
    return submitted | {"value": value}


def modal_submit_components(modal: dict[str, Any] | None, fields: dict[str, Any]) -> list[dict[str, Any]]:
    """Submitted modal components mirroring the opened modal's layout (action rows or labels)."""
    if modal is None:
        return [{"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]} for k, v in fields.items()]
    submitted = []
    for component in modal.get("components") or []:
        if component["type"] == 1:
            inputs = [_submitted_input(c, fields) for c in component["components"] if c.get("custom_id") in fields]
            submitted.append({"type": 1, "components": inputs})
        elif component["type"] == 18 and component["component"].get("custom_id") in fields:
            submitted.append({"type": 18, "component": _submitted_input(component["component"], fields)})
    return submitted
