"""The handle that collects the bot's answers to one interaction, and the interaction constants it reads."""

from __future__ import annotations

import asyncio
import time
from typing import Any

EPHEMERAL = 1 << 6
"""The message flag of an answer only its member sees."""

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
USER_OPTION, CHANNEL_OPTION, ROLE_OPTION, ATTACHMENT_OPTION = 6, 7, 8, 11
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
