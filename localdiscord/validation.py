"""Discord's hard limits (one table) and the checks that enforce them on request bodies.

The OpenAPI document (see ``openapi.py``) describes shapes; Discord additionally rejects bodies that break
the limits in ``LIMITS`` with ``400 {"code": 50035, "message": "Invalid Form Body", "errors": ...}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

LIMITS: dict[str, int] = {
    "content": 2000,
    "embeds": 10,
    "embed.title": 256,
    "embed.description": 4096,
    "embed.fields": 25,
    "embed.field.name": 256,
    "embed.field.value": 1024,
    "embed.footer.text": 2048,
    "embed.author.name": 256,
    "embeds.total_characters": 6000,
    "action_rows": 5,
    "action_row.buttons": 5,
    "custom_id": 100,
    "button.label": 80,
    "select.options": 25,
    "modal.title": 45,
    "text_input.label": 45,
    "autocomplete.choices": 25,
    "choice.name": 100,
    "choice.value": 100,
    "command.options": 25,
    "command.name": 32,
    "command.description": 100,
}

_BUTTON = 2
_STRING_SELECT = 3
_TEXT_INPUT = 4
_ACTION_ROW = 1


@dataclass(frozen=True)
class LimitError:
    """One broken limit: where in the body, and Discord's message for it."""

    location: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return f"{'.'.join(map(str, self.location)) or '<body>'}: {self.message}"


def _too_long(location: tuple[str | int, ...], value: Any, limit_name: str) -> Iterator[LimitError]:
    limit = LIMITS[limit_name]
    if isinstance(value, str) and len(value) > limit:
        yield LimitError(location, f"Must be {limit} or fewer in length.")


def _too_many(location: tuple[str | int, ...], items: Any, limit_name: str) -> Iterator[LimitError]:
    limit = LIMITS[limit_name]
    if isinstance(items, list | dict) and len(items) > limit:
        yield LimitError(location, f"Must be {limit} or fewer in length.")


def _embed_text_length(embed: dict[str, Any]) -> int:
    fields = embed.get("fields") or []
    parts = [
        embed.get("title"),
        embed.get("description"),
        (embed.get("footer") or {}).get("text"),
        (embed.get("author") or {}).get("name"),
        *(f.get("name") for f in fields),
        *(f.get("value") for f in fields),
    ]
    return sum(len(p) for p in parts if isinstance(p, str))


def _embed_errors(loc: tuple[str | int, ...], embed: dict[str, Any]) -> Iterator[LimitError]:
    yield from _too_long((*loc, "title"), embed.get("title"), "embed.title")
    yield from _too_long((*loc, "description"), embed.get("description"), "embed.description")
    yield from _too_long((*loc, "footer", "text"), (embed.get("footer") or {}).get("text"), "embed.footer.text")
    yield from _too_long((*loc, "author", "name"), (embed.get("author") or {}).get("name"), "embed.author.name")
    fields = embed.get("fields") or []
    yield from _too_many((*loc, "fields"), fields, "embed.fields")
    for i, field in enumerate(fields):
        yield from _too_long((*loc, "fields", i, "name"), field.get("name"), "embed.field.name")
        yield from _too_long((*loc, "fields", i, "value"), field.get("value"), "embed.field.value")


def _component_errors(loc: tuple[str | int, ...], component: dict[str, Any]) -> Iterator[LimitError]:
    yield from _too_long((*loc, "custom_id"), component.get("custom_id"), "custom_id")
    kind = component.get("type")
    if kind == _BUTTON:
        yield from _too_long((*loc, "label"), component.get("label"), "button.label")
    elif kind == _STRING_SELECT:
        yield from _too_many((*loc, "options"), component.get("options"), "select.options")
    elif kind == _TEXT_INPUT:
        yield from _too_long((*loc, "label"), component.get("label"), "text_input.label")
    children = component.get("components") or []
    if kind == _ACTION_ROW and sum(1 for c in children if c.get("type") == _BUTTON) > LIMITS["action_row.buttons"]:
        yield LimitError((*loc, "components"), f"Must be {LIMITS['action_row.buttons']} or fewer in length.")
    if isinstance(component.get("component"), dict):
        yield from _component_errors((*loc, "component"), component["component"])
    for i, child in enumerate(children):
        yield from _component_errors((*loc, "components", i), child)


def _components_errors(loc: tuple[str | int, ...], components: list[dict[str, Any]]) -> Iterator[LimitError]:
    rows = [c for c in components if c.get("type") == _ACTION_ROW]
    if len(rows) > LIMITS["action_rows"]:
        yield LimitError(loc, f"Must be {LIMITS['action_rows']} or fewer in length.")
    for i, component in enumerate(components):
        yield from _component_errors((*loc, i), component)


def message_errors(body: dict[str, Any], loc: tuple[str | int, ...] = ()) -> Iterator[LimitError]:
    """Limit errors of a message create/edit body (channel message, webhook or interaction response)."""
    yield from _too_long((*loc, "content"), body.get("content"), "content")
    embeds = body.get("embeds") or []
    yield from _too_many((*loc, "embeds"), embeds, "embeds")
    for i, embed in enumerate(embeds):
        yield from _embed_errors((*loc, "embeds", i), embed)
    if sum(_embed_text_length(e) for e in embeds) > LIMITS["embeds.total_characters"]:
        yield LimitError((*loc, "embeds"), f"Embed size exceeds maximum size of {LIMITS['embeds.total_characters']}")
    yield from _components_errors((*loc, "components"), body.get("components") or [])


def _modal_errors(data: dict[str, Any], loc: tuple[str | int, ...]) -> Iterator[LimitError]:
    yield from _too_long((*loc, "title"), data.get("title"), "modal.title")
    yield from _too_long((*loc, "custom_id"), data.get("custom_id"), "custom_id")
    yield from _components_errors((*loc, "components"), data.get("components") or [])


def _choices_errors(choices: list[dict[str, Any]], loc: tuple[str | int, ...]) -> Iterator[LimitError]:
    yield from _too_many(loc, choices, "autocomplete.choices")
    for i, choice in enumerate(choices):
        yield from _too_long((*loc, i, "name"), choice.get("name"), "choice.name")
        yield from _too_long((*loc, i, "value"), choice.get("value"), "choice.value")


def callback_errors(body: dict[str, Any]) -> Iterator[LimitError]:
    """Limit errors of an interaction callback body, by callback type."""
    data = body.get("data") or {}
    kind = body.get("type")
    if kind in (4, 7):
        yield from message_errors(data, ("data",))
    elif kind == 8:
        yield from _choices_errors(data.get("choices") or [], ("data", "choices"))
    elif kind == 9:
        yield from _modal_errors(data, ("data",))


def _localized(loc: tuple[str | int, ...], texts: dict[str, str] | None, limit_name: str) -> Iterator[LimitError]:
    for locale, text in (texts or {}).items():
        yield from _too_long((*loc, locale), text, limit_name)


def _named_errors(entity: dict[str, Any], loc: tuple[str | int, ...]) -> Iterator[LimitError]:
    yield from _too_long((*loc, "name"), entity.get("name"), "command.name")
    yield from _too_long((*loc, "description"), entity.get("description"), "command.description")
    yield from _localized((*loc, "name_localizations"), entity.get("name_localizations"), "command.name")
    yield from _localized(
        (*loc, "description_localizations"), entity.get("description_localizations"), "command.description"
    )
    options = entity.get("options") or []
    yield from _too_many((*loc, "options"), options, "command.options")
    for i, option in enumerate(options):
        yield from _named_errors(option, (*loc, "options", i))
        yield from _choices_errors(option.get("choices") or [], (*loc, "options", i, "choices"))


def commands_errors(body: list[dict[str, Any]] | dict[str, Any]) -> Iterator[LimitError]:
    """Limit errors of one command or a bulk command list."""
    if isinstance(body, dict):
        yield from _named_errors(body, ())
        return
    for i, command in enumerate(body):
        yield from _named_errors(command, (i,))


def form_errors_payload(errors: list[LimitError]) -> dict[str, Any]:
    """Build Discord's 50035 ``Invalid Form Body`` error JSON from limit errors."""
    tree: dict[str, Any] = {}
    for error in errors:
        node = tree
        for key in error.location:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_MAX_LENGTH", "message": error.message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": tree}


_MESSAGE_BODY_ROUTES = frozenset(
    {
        ("POST", "/channels/{channel_id}/messages"),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
        ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    }
)
_COMMAND_BODY_ROUTES = frozenset(
    {
        ("PUT", "/applications/{application_id}/commands"),
        ("POST", "/applications/{application_id}/commands"),
        ("PATCH", "/applications/{application_id}/commands/{command_id}"),
        ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
        ("POST", "/applications/{application_id}/guilds/{guild_id}/commands"),
        ("PATCH", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}"),
    }
)
_CALLBACK_ROUTE = ("POST", "/interactions/{interaction_id}/{interaction_token}/callback")


def limit_errors(method: str, template: str, body: Any) -> list[LimitError]:
    """All Discord-limit errors of a request body on the given spec route."""
    route = (method, template)
    if route in _MESSAGE_BODY_ROUTES and isinstance(body, dict):
        return list(message_errors(body))
    if route in _COMMAND_BODY_ROUTES and isinstance(body, list | dict):
        return list(commands_errors(body))
    if route == _CALLBACK_ROUTE and isinstance(body, dict):
        return list(callback_errors(body))
    return []
