"""Interaction payloads a user would trigger, and the handle that collects the bot's answers to one."""

from __future__ import annotations

import secrets
from typing import Any

from localdiscord.context import FakeContext
from localdiscord.interaction_result import (
    ATTACHMENT_OPTION,
    ATTACHMENT_SIZE_LIMIT,
    CHANNEL_OPTION,
    ROLE_OPTION,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER_OPTION,
)
from localdiscord.messages import attachment
from localdiscord.permissions import channel_permissions, guild_permissions
from localdiscord.state import APPLICATION_ID, BOT_USER_ID


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
        permissions = guild_permissions(ctx.state.guilds[guild_id], value)
        resolved.setdefault("members", {})[key] = member | {"permissions": str(permissions)}
    elif kind == CHANNEL_OPTION:
        resolved.setdefault("channels", {})[key] = _interaction_channel(ctx, value, BOT_USER_ID)
    elif kind == ROLE_OPTION:
        resolved.setdefault("roles", {})[key] = ctx.state.guilds[guild_id].roles[value].payload()


def _upload(ctx: FakeContext, channel_id: int, file: tuple[str, bytes], resolved: dict[str, Any]) -> str:
    """A file the user attached to an attachment option: uploaded as an ephemeral attachment, its id the value."""
    filename, data = file
    uploaded = attachment(ctx, channel_id, filename, data, ephemeral=True)
    resolved.setdefault("attachments", {})[uploaded["id"]] = uploaded
    return str(uploaded["id"])


def command_data(
    ctx: FakeContext,
    guild_id: int,
    channel_id: int,
    path: str,
    options: dict[str, Any],
    focused: str | None = None,
) -> dict[str, Any]:
    """``data`` of an APPLICATION_COMMAND/AUTOCOMPLETE interaction, typed from the synced definition.

    An attachment option's value is a ``(filename, bytes)`` pair: the file is uploaded (in ``channel_id``) and
    named in ``resolved.attachments``, as Discord does with a file the user attached to the command.
    """
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
        elif kind == ATTACHMENT_OPTION:
            value = _upload(ctx, channel_id, value, resolved)
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
