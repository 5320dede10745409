"""The fake's world: users, guilds, roles, channels, members and stored messages, rendered as Discord JSON."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
BOT_USER_ID = 1_100_000_000_000_000_001
APPLICATION_ID = BOT_USER_ID
THREAD_TYPES = frozenset({10, 11, 12})
DM_CHANNEL = 1
NONCE_WINDOW_SECONDS = 300.0
INTERACTION_DEADLINE_SECONDS = 3.0


def iso_now() -> str:
    """Current UTC time in Discord's ISO-8601 format."""
    return datetime.now(UTC).isoformat()


class SnowflakeGenerator:
    """Strictly increasing, time-based snowflakes (so id order equals creation order)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """Return a fresh snowflake."""
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last


@dataclass
class User:
    """A global Discord user."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        """Discord user object."""
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class Role:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        """Discord role object."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class Channel:
    """A guild channel or thread."""

    id: int
    guild_id: int
    name: str
    type: int = 0
    position: int = 0
    parent_id: int | None = None
    owner_id: int | None = None
    permission_overwrites: list[dict[str, Any]] = field(default_factory=list)
    topic: str | None = None

    def payload(self) -> dict[str, Any]:
        """Discord channel object (thread fields included for thread types)."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "flags": 0,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }
        if self.type in THREAD_TYPES:
            data |= {
                "owner_id": str(self.owner_id),
                "message_count": 0,
                "member_count": 1,
                "total_message_sent": 0,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso_now(),
                    "locked": False,
                },
            }
        else:
            data |= {"permission_overwrites": self.permission_overwrites, "topic": self.topic, "nsfw": False}
        return data


@dataclass
class DmChannel:
    """A direct-message channel between the bot and one user (type 1)."""

    id: int
    recipient_id: int

    def payload(self, recipient: User) -> dict[str, Any]:
        """Discord's private channel object (as POST /users/@me/channels returns it)."""
        return {
            "id": str(self.id),
            "type": DM_CHANNEL,
            "last_message_id": None,
            "flags": 0,
            "last_pin_timestamp": None,
            "recipients": [recipient.payload()],
        }


@dataclass
class Member:
    """A user's membership of a guild; ``permissions`` overrides the role-computed value when set."""

    user_id: int
    roles: list[int]
    joined_at: str
    locale: str = "en-US"
    nick: str | None = None
    permissions: int | None = None


@dataclass
class Guild:
    """A guild with its roles, channels, members and scheduled events."""

    id: int
    name: str
    owner_id: int
    preferred_locale: str = "en-US"
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    scheduled_events: dict[int, dict[str, Any]] = field(default_factory=dict)


class DiscordState:
    """Everything the fake Discord knows, plus rendering of guild/member/message payloads."""

    def __init__(self) -> None:
        self.snowflakes = SnowflakeGenerator()
        self.bot_user = User(BOT_USER_ID, "Leerkring", bot=True)
        self.users: dict[int, User] = {BOT_USER_ID: self.bot_user}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.nonces: dict[tuple[int, int, str], tuple[int, float]] = {}
        self.nonce_window_seconds = NONCE_WINDOW_SECONDS
        self.interaction_deadline_seconds: float | None = None
        self.message_content_intent = True
        self.dm_channels: dict[int, DmChannel] = {}
        """Direct-message channels by channel id (their messages are in ``messages`` like any channel's)."""
        self.dms_closed: set[int] = set()
        """Users who do not accept direct messages from the bot: sending to them is refused with 50007."""
        self.reactors: dict[tuple[int, str], list[int]] = {}
        """Who reacted to a message with an emoji (``👍`` or ``name:id``), in order: (message id, emoji) → user ids."""

    def add_user(self, username: str, *, bot: bool = False) -> User:
        """Create a global user."""
        user = User(self.snowflakes.next(), username, global_name=username, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner_id: int | None, everyone_permissions: int, locale: str) -> Guild:
        """Create a guild with its @everyone role, the owner and the bot as members."""
        owner = self.users[owner_id] if owner_id is not None else self.add_user(f"{name}-owner")
        guild_id = self.snowflakes.next()
        guild = Guild(guild_id, name, owner.id, preferred_locale=locale)
        guild.roles[guild_id] = Role(guild_id, "@everyone", everyone_permissions)
        self.guilds[guild_id] = guild
        self.add_member(guild_id, owner.id)
        self.add_member(guild_id, BOT_USER_ID)
        return guild

    def add_role(self, guild_id: int, name: str, permissions: int, managed: bool = False) -> Role:
        """Create a role in a guild; a managed one belongs to a bot or integration (members cannot be given it)."""
        guild = self.guilds[guild_id]
        role = Role(self.snowflakes.next(), name, permissions, position=len(guild.roles), managed=managed)
        guild.roles[role.id] = role
        return role

    def add_channel(self, guild_id: int, name: str, type_: int, channel_id: int | None = None, **extra: Any) -> Channel:
        """Create a channel (or thread) in a guild; ``channel_id`` defaults to a fresh snowflake."""
        guild = self.guilds[guild_id]
        channel_id = channel_id or self.snowflakes.next()
        channel = Channel(channel_id, guild_id, name, type_, position=len(guild.channels), **extra)
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        self.messages[channel.id] = {}
        return channel

    def add_member(self, guild_id: int, user_id: int, roles: list[int] | None = None, **extra: Any) -> Member:
        """Make a user a member of a guild."""
        member = Member(user_id, list(roles or []), iso_now(), **extra)
        self.guilds[guild_id].members[user_id] = member
        return member

    def open_dm(self, user_id: int) -> DmChannel:
        """The bot's DM channel with a user, created on first use (Discord returns the same one each time)."""
        for channel in self.dm_channels.values():
            if channel.recipient_id == user_id:
                return channel
        channel = DmChannel(self.snowflakes.next(), user_id)
        self.dm_channels[channel.id] = channel
        self.messages[channel.id] = {}
        return channel

    def accepts_dms(self, user_id: int) -> bool:
        """Whether the bot may message this user: DMs open, and a server in common (as Discord requires)."""
        shares_guild = any(user_id in g.members and BOT_USER_ID in g.members for g in self.guilds.values())
        return user_id not in self.dms_closed and shares_guild

    def dms_of(self, user_id: int) -> list[dict[str, Any]]:
        """The messages in the bot's DM channel with a user, oldest first (none when it was never opened)."""
        for channel in self.dm_channels.values():
            if channel.recipient_id == user_id:
                return sorted(self.messages[channel.id].values(), key=lambda m: int(m["id"]))
        return []

    def bot_guild_ids(self) -> list[int]:
        """The guilds the bot is a member of, by id ascending (as Discord lists them)."""
        return sorted(guild.id for guild in self.guilds.values() if BOT_USER_ID in guild.members)

    def threads_of(self, channel_id: int) -> list[int]:
        """The ids of the threads started in a channel."""
        return [c.id for c in self.channels.values() if c.parent_id == channel_id and c.type in THREAD_TYPES]

    def guild_of_channel(self, channel_id: int) -> Guild:
        """The guild a channel belongs to."""
        return self.guilds[self.channels[channel_id].guild_id]

    def member_payload(self, guild_id: int, user_id: int, *, with_user: bool = True) -> dict[str, Any]:
        """Discord guild member object (optionally without ``user``, as in ``resolved`` data)."""
        member = self.guilds[guild_id].members[user_id]
        data: dict[str, Any] = {
            "roles": [str(r) for r in member.roles],
            "joined_at": member.joined_at,
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.users[user_id].payload()
        return data

    def guild_payload(self, guild_id: int) -> dict[str, Any]:
        """The full GUILD_CREATE payload of a guild."""
        guild = self.guilds[guild_id]
        channels = [c for c in guild.channels.values() if c.type not in THREAD_TYPES]
        threads = [c for c in guild.channels.values() if c.type in THREAD_TYPES]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": guild.preferred_locale,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "features": [],
            "roles": [r.payload() for r in guild.roles.values()],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload() for c in channels],
            "threads": [c.payload() for c in threads],
            "members": [self.member_payload(guild.id, user_id) for user_id in guild.members],
            "member_count": len(guild.members),
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": list(guild.scheduled_events.values()),
            "soundboard_sounds": [],
            "large": False,
            "unavailable": False,
            "lazy": True,
            "joined_at": guild.members[BOT_USER_ID].joined_at,
        }

    def new_message(self, channel_id: int, author_id: int, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """Build a message object from a create body (content/embeds/components/flags) without storing it.

        A message in a DM channel has no ``guild_id`` and no ``member``, as on Discord.
        """
        author = self.users[author_id]
        message: dict[str, Any] = {
            "id": str(self.snowflakes.next()),
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": body.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [{"type": "rich", **e} for e in body.get("embeds") or []],
            "components": body.get("components") or [],
            "reactions": [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
        }
        if channel_id not in self.dm_channels:
            guild_id = self.channels[channel_id].guild_id
            message["guild_id"] = str(guild_id)
            message["member"] = self.member_payload(guild_id, author_id, with_user=False)
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        message.update(extra)
        return message

    def remember_nonce(self, message: dict[str, Any]) -> None:
        """Remember a created message's nonce, for ``enforce_nonce`` on later sends."""
        if message.get("nonce") is not None:
            key = (int(message["channel_id"]), int(message["author"]["id"]), str(message["nonce"]))
            self.nonces[key] = (int(message["id"]), time.monotonic())

    def message_with_nonce(self, channel_id: int, author_id: int, nonce: str) -> dict[str, Any] | None:
        """The message this author sent here with this nonce in the last few minutes, as Discord dedupes."""
        found = self.nonces.get((channel_id, author_id, nonce))
        if found is None or time.monotonic() - found[1] > self.nonce_window_seconds:
            return None
        return self.messages.get(channel_id, {}).get(found[0])

    def as_seen_by_bot(self, message: dict[str, Any]) -> dict[str, Any]:
        """A message as the bot gets it: without the Message Content intent, others' messages lose their content."""
        mentions_bot = any(int(user["id"]) == BOT_USER_ID for user in message.get("mentions") or [])
        if self.message_content_intent or int(message["author"]["id"]) == BOT_USER_ID or mentions_bot:
            return message
        return message | {"content": "", "embeds": [], "attachments": [], "components": []}

    def store_message(self, message: dict[str, Any]) -> None:
        """Add a message to its channel's history."""
        self.messages[int(message["channel_id"])][int(message["id"])] = message

    def find_message(self, message_id: int) -> dict[str, Any] | None:
        """Look up a stored message in any channel."""
        for history in self.messages.values():
            if message_id in history:
                return history[message_id]
        return None
