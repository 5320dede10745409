"""What users do: run commands, click components, submit modals, post/edit/delete, react, be interested."""

from __future__ import annotations

from typing import Any

from localdiscord import event_interest, messages
from localdiscord.context import FakeContext
from localdiscord.interaction_result import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    InteractionResult,
)
from localdiscord.interactions import (
    command_data,
    component_type,
    interaction_payload,
    modal_submit_components,
)
from localdiscord.rest_channels import reaction_event, record_reaction


class UserActions:
    """Mixin for FakeDiscord: each action dispatches the gateway event Discord would send."""

    _ctx: FakeContext

    def _check_channel(self, guild_id: int, channel_id: int) -> None:
        channel = self._ctx.state.channels[channel_id]
        if channel.guild_id != guild_id:
            raise ValueError(f"channel {channel_id} is not in guild {guild_id}")

    async def _interact(self, payload: dict[str, Any]) -> InteractionResult:
        result = InteractionResult(payload)
        self._ctx.interactions[result.token] = result
        await self._ctx.gateway.dispatch("INTERACTION_CREATE", payload)
        return result

    async def invoke_command(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        name: str,
        options: dict[str, Any] | None = None,
        locale: str | None = None,
    ) -> InteractionResult:
        """Run the synced slash command ``name`` ("cmd", "group sub" or "group subgroup sub")."""
        self._check_channel(guild_id, channel_id)
        data = command_data(self._ctx, guild_id, channel_id, name, options or {})
        return await self._interact(
            interaction_payload(self._ctx, APPLICATION_COMMAND, channel_id, user_id, data, locale)
        )

    async def autocomplete(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        name: str,
        options: dict[str, Any],
        focused: str,
        locale: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a timeout argument is part of the test-facing API
    ) -> list[dict[str, Any]]:
        """Type into option ``focused`` of a command and return the bot's autocomplete choices."""
        self._check_channel(guild_id, channel_id)
        data = command_data(self._ctx, guild_id, channel_id, name, options, focused=focused)
        result = await self._interact(interaction_payload(self._ctx, AUTOCOMPLETE, channel_id, user_id, data, locale))
        response = await result.response(timeout)
        if response["type"] != AUTOCOMPLETE_RESULT:
            raise AssertionError(f"autocomplete answered with callback type {response['type']}")
        return response["data"]["choices"]

    async def click(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        message_id: int,
        custom_id: str,
        values: list[str] | None = None,
    ) -> InteractionResult:
        """Click a button (or pick ``values`` in a select) on a message the bot sent."""
        self._check_channel(guild_id, channel_id)
        message = self._ctx.state.find_message(int(message_id)) or self._interaction_message(int(message_id))
        if message is None:
            raise LookupError(f"message {message_id} was never sent")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type(message, custom_id)}
        if values is not None:
            data["values"] = values
        return await self._interact(
            interaction_payload(self._ctx, MESSAGE_COMPONENT, channel_id, user_id, data, message=message)
        )

    def _interaction_message(self, message_id: int) -> dict[str, Any] | None:
        """An interaction's response or follow-up (ephemeral ones live only there)."""
        for result in self._ctx.interactions.values():
            for message in [result.original_message, *result.followup_messages]:
                if message is not None and int(message["id"]) == message_id:
                    return message
        return None

    def _opened_modal(self, custom_id: str) -> dict[str, Any] | None:
        for result in reversed(list(self._ctx.interactions.values())):
            callback = result.callback or {}
            if callback.get("type") == MODAL and callback["data"].get("custom_id") == custom_id:
                return callback["data"]
        return None

    async def submit_modal(
        self, guild_id: int, channel_id: int, user_id: int, custom_id: str, fields: dict[str, Any]
    ) -> InteractionResult:
        """Submit a modal (normally one the bot opened) with ``{field_custom_id: text}``."""
        self._check_channel(guild_id, channel_id)
        components = modal_submit_components(self._opened_modal(custom_id), fields)
        data = {"custom_id": custom_id, "components": components}
        return await self._interact(interaction_payload(self._ctx, MODAL_SUBMIT, channel_id, user_id, data))

    async def post_message(
        self,
        channel_id: int,
        user_id: int,
        text: str,
        reply_to: int | None = None,
        reference: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user posts (or replies); returns the stored message after MESSAGE_CREATE is dispatched.

        ``reference`` is a message reference as Discord documents it (``type`` 0 a reply, 1 a forward;
        ``message_id``, ``channel_id``, ``guild_id``), for references ``reply_to`` does not make.
        """
        body: dict[str, Any] = {"content": text}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to), "channel_id": str(channel_id)}
        if reference is not None:
            body["message_reference"] = reference
        message = messages.create_message(self._ctx, channel_id, user_id, body)
        await messages.publish_message(self._ctx, message)
        return message

    async def forward_message(
        self, channel_id: int, user_id: int, source_channel_id: int, message_id: int
    ) -> dict[str, Any]:
        """A user forwards a message (from any channel or server) into a channel: no text of its own, a snapshot."""
        source_guild = self._ctx.state.channels[source_channel_id].guild_id
        reference = {
            "type": messages.REFERENCE_FORWARD,
            "message_id": str(message_id),
            "channel_id": str(source_channel_id),
            "guild_id": str(source_guild),
        }
        return await self.post_message(channel_id, user_id, "", reference=reference)

    def _message(self, channel_id: int, message_id: int) -> dict[str, Any]:
        return self._ctx.state.messages[channel_id][int(message_id)]

    async def edit_message(self, channel_id: int, message_id: int, text: str) -> dict[str, Any]:
        """The author edits a message (MESSAGE_UPDATE)."""
        return await messages.edit_message(self._ctx, self._message(channel_id, message_id), {"content": text})

    async def delete_message(self, channel_id: int, message_id: int) -> None:
        """A message is deleted (MESSAGE_DELETE)."""
        await messages.delete_message(self._ctx, self._message(channel_id, message_id))

    async def add_reaction(self, channel_id: int, message_id: int, user_id: int, emoji: str) -> None:
        """A user reacts (MESSAGE_REACTION_ADD)."""
        message = self._message(channel_id, message_id)
        record_reaction(self._ctx, message, user_id, emoji, present=True)
        await self._ctx.gateway.dispatch("MESSAGE_REACTION_ADD", reaction_event(self._ctx, message, user_id, emoji))

    async def remove_reaction(self, channel_id: int, message_id: int, user_id: int, emoji: str) -> None:
        """A user removes a reaction (MESSAGE_REACTION_REMOVE)."""
        message = self._message(channel_id, message_id)
        record_reaction(self._ctx, message, user_id, emoji, present=False)
        await self._ctx.gateway.dispatch("MESSAGE_REACTION_REMOVE", reaction_event(self._ctx, message, user_id, emoji))

    async def mark_interested(self, guild_id: int, event_id: int, user_id: int, interested: bool = True) -> None:
        """A member marks a scheduled event "Interested", or takes it back (GUILD_SCHEDULED_EVENT_USER_ADD/_REMOVE)."""
        await event_interest.mark_interest(self._ctx, guild_id, event_id, user_id, interested)

    def interested_in(self, guild_id: int, event_id: int) -> set[int]:
        """Who is interested in a scheduled event now."""
        return set(self._ctx.state.guilds[guild_id].interested.get(event_id, set()))

    def messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Channel history including the bot's messages, oldest first."""
        return sorted(self._ctx.state.messages[channel_id].values(), key=lambda m: int(m["id"]))

    async def dispatch(self, event_name: str, data: Any) -> None:
        """Send any gateway event to every session."""
        await self._ctx.gateway.dispatch(event_name, data)
