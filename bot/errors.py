"""Domain errors that reach users as localised, ephemeral answers, and the names of how an interaction ended."""

from typing import Any

INTERACTION_OUTCOME = "interaction_outcome"
"""The event (interaction, outcome) the error boundary dispatches when an interaction ends; slash commands
that succeed are told by discord.py's own `app_command_completion`."""
OK, REFUSED, ERROR = "ok", "refused", "error"
"""Outcomes: answered, refused with a UserError, failed with another exception."""


class UserError(Exception):
    """A mistake or refusal the user should be told about, by catalogue key."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
