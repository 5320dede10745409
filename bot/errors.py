"""Domain errors that reach users as localised, ephemeral answers."""

from typing import Any


class UserError(Exception):
    """A mistake or refusal the user should be told about, by catalogue key."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
