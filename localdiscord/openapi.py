"""Request-body validation against Discord's published OpenAPI document (``discord-openapi.json``).

Known spec gaps
---------------
The spec is a preview and disagrees with what Discord accepts (and discord.py 2.7.1 legitimately sends) in
a few places. Each gap is a named, targeted patch of one schema node in ``SPEC_PATCHES``; validation stays
on for every route. Current patches:

``default_member_permissions_as_string``
    The spec types ``ApplicationCommand*Request.default_member_permissions`` as an integer, but Discord
    documents (and discord.py sends) a permission bit set serialised as a string, e.g. ``"8"``.
    The patch accepts an integer or a string of digits.

``attachment_upload_index_id``
    When uploading, ``attachments[].id`` refers to the ``files[n]`` part by its index ``n``; discord.py
    sends that index as an integer (``0``), which Discord accepts. The spec only allows a snowflake
    string. The patch accepts a non-negative integer as well.

``allowed_mentions_integer_ids``
    ``allowed_mentions.users`` and ``.roles`` are snowflakes; discord.py serialises them as JSON integers
    (``AllowedMentions.to_dict``), which Discord accepts like all integer snowflakes in request bodies. The
    spec only allows snowflake strings. The patch accepts non-negative integers too; ``maxItems`` (100) stays.

``message_reference_integer_ids``
    ``message_reference.message_id``, ``.channel_id`` and ``.guild_id`` of a reply are snowflakes that
    discord.py serialises as JSON integers (``MessageReference.to_message_reference_dict``), which Discord
    accepts. The patch accepts non-negative integers as well as snowflake strings (and null where allowed).

``create_dm_integer_recipient``
    ``CreatePrivateChannelRequest.recipient_id`` (POST /users/@me/channels) is a snowflake that discord.py sends
    as a JSON integer (``HTTPClient.start_private_message``), which Discord accepts. The patch accepts a
    non-negative integer as well as a snowflake string or null.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from localdiscord.routing import TemplateMatcher

SPEC_PATH = Path(__file__).with_name("discord-openapi.json")
_SPEC_URI = "urn:discord-openapi"
_HTTP_METHODS = frozenset({"get", "put", "post", "patch", "delete"})
_PERMISSION_BITS = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+$"}]}
_NULLABLE_PERMISSION_BITS = {"anyOf": [{"type": "null"}, _PERMISSION_BITS]}


@dataclass(frozen=True)
class SpecPatch:
    """A documented correction of one schema node (see the module docstring)."""

    name: str
    pointer: tuple[str, ...]
    schema: dict[str, Any]


_COMMAND_REQUEST_SCHEMAS = (
    "ApplicationCommandCreateRequest",
    "ApplicationCommandUpdateRequest",
    "ApplicationCommandPatchRequestPartial",
)
_NULLABLE_SNOWFLAKE_OR_INTEGER = {
    "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/SnowflakeType"}, {"type": "integer", "minimum": 0}]
}
_MENTIONED_IDS = {
    "type": ["array", "null"],
    "items": _NULLABLE_SNOWFLAKE_OR_INTEGER,
    "maxItems": 100,
    "uniqueItems": True,
}
SPEC_PATCHES = (
    *(
        SpecPatch(
            "default_member_permissions_as_string",
            ("components", "schemas", schema_name, "properties", "default_member_permissions"),
            _NULLABLE_PERMISSION_BITS,
        )
        for schema_name in _COMMAND_REQUEST_SCHEMAS
    ),
    SpecPatch(
        "attachment_upload_index_id",
        ("components", "schemas", "MessageAttachmentRequest", "properties", "id"),
        {"anyOf": [{"$ref": "#/components/schemas/SnowflakeType"}, {"type": "integer", "minimum": 0}]},
    ),
    *(
        SpecPatch(
            "allowed_mentions_integer_ids",
            ("components", "schemas", "MessageAllowedMentionsRequest", "properties", kind),
            _MENTIONED_IDS,
        )
        for kind in ("users", "roles")
    ),
    *(
        SpecPatch(
            "message_reference_integer_ids",
            ("components", "schemas", "MessageReferenceRequest", "properties", name),
            {"oneOf": [*nullable, {"$ref": "#/components/schemas/SnowflakeType"}, {"type": "integer", "minimum": 0}]},
        )
        for name, nullable in (("message_id", []), ("channel_id", [{"type": "null"}]), ("guild_id", [{"type": "null"}]))
    ),
    SpecPatch(
        "create_dm_integer_recipient",
        ("components", "schemas", "CreatePrivateChannelRequest", "properties", "recipient_id"),
        _NULLABLE_SNOWFLAKE_OR_INTEGER,
    ),
)


@functools.cache
def load_spec() -> dict[str, Any]:
    """Load the OpenAPI document once per process, with ``SPEC_PATCHES`` applied."""
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    for patch in SPEC_PATCHES:
        node = spec
        for key in patch.pointer[:-1]:
            node = node[key]
        if patch.pointer[-1] in node:
            node[patch.pointer[-1]] = patch.schema
    return spec


def _escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class OpenApiValidator:
    """Matches paths to spec operations and validates JSON bodies with validators compiled once."""

    def __init__(self) -> None:
        self._spec = load_spec()
        self._matcher = TemplateMatcher(self._spec["paths"])
        self._registry = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(self._spec, default_specification=DRAFT202012)
        )
        self._validators: dict[tuple[str, str], jsonschema.Draft202012Validator | None] = {}

    def match(self, path: str) -> tuple[str, dict[str, str]] | None:
        """Return the spec template and path parameters for a stripped API path."""
        return self._matcher.match(path)

    def has_operation(self, method: str, template: str) -> bool:
        """Tell whether the spec defines ``method`` on ``template``."""
        return method.lower() in self._spec["paths"].get(template, {}).keys() & _HTTP_METHODS

    def body_error(self, method: str, template: str, body: Any) -> str | None:
        """Return the first schema error of ``body`` for the operation, or None when it is valid."""
        validator = self._validator(method.lower(), template)
        if validator is None:
            return None
        error = jsonschema.exceptions.best_match(validator.iter_errors(body))
        if error is None:
            return None
        location = "/".join(str(p) for p in error.absolute_path) or "<body>"
        return f"{location}: {error.message[:300]}"

    def _validator(self, method: str, template: str) -> jsonschema.Draft202012Validator | None:
        key = (method, template)
        if key not in self._validators:
            self._validators[key] = self._compile(method, template)
        return self._validators[key]

    def _compile(self, method: str, template: str) -> jsonschema.Draft202012Validator | None:
        content = self._spec["paths"][template][method].get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            return None
        pointer = "/".join(
            _escape_pointer(t) for t in ("paths", template, method, "requestBody", "content", "application/json")
        )
        return jsonschema.Draft202012Validator({"$ref": f"{_SPEC_URI}#/{pointer}/schema"}, registry=self._registry)
