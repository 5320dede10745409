"""Discord permission bits and the guild/channel permission computation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from localdiscord.state import Channel, Guild

ADMINISTRATOR = 1 << 3
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

DEFAULT_EVERYONE_PERMISSIONS = (
    ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)

_ROLE_OVERWRITE = 0
_MEMBER_OVERWRITE = 1


def guild_permissions(guild: Guild, user_id: int) -> int:
    """Permissions of a member across the guild: @everyone + roles; owner and administrators get all."""
    member = guild.members[user_id]
    if member.permissions is not None:
        return member.permissions
    if user_id == guild.owner_id:
        return ALL_PERMISSIONS
    value = guild.roles[guild.id].permissions
    for role_id in member.roles:
        value |= guild.roles[role_id].permissions
    return ALL_PERMISSIONS if value & ADMINISTRATOR else value


def channel_permissions(guild: Guild, channel: Channel, user_id: int) -> int:
    """Apply the channel's @everyone, role and member overwrites to the member's guild permissions."""
    value = guild_permissions(guild, user_id)
    if value & ADMINISTRATOR:
        return ALL_PERMISSIONS
    member = guild.members[user_id]
    overwrites = {(int(o["id"]), o["type"]): o for o in channel.permission_overwrites}

    def apply(overwrite: dict | None, current: int) -> int:
        if overwrite is None:
            return current
        return (current & ~int(overwrite.get("deny", 0))) | int(overwrite.get("allow", 0))

    value = apply(overwrites.get((guild.id, _ROLE_OVERWRITE)), value)
    role_allow = role_deny = 0
    for role_id in member.roles:
        overwrite = overwrites.get((role_id, _ROLE_OVERWRITE))
        if overwrite is not None:
            role_allow |= int(overwrite.get("allow", 0))
            role_deny |= int(overwrite.get("deny", 0))
    value = (value & ~role_deny) | role_allow
    return apply(overwrites.get((user_id, _MEMBER_OVERWRITE)), value)
