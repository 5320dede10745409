"""Matching concrete request paths against Discord route templates like ``/channels/{channel_id}``."""

from __future__ import annotations

import re
from collections.abc import Iterable

API_PREFIX = "/api/v10"
_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def strip_api_prefix(path: str) -> str:
    """Return ``path`` without the ``/api/v10`` prefix."""
    return path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path


def normalize_template(template: str) -> str:
    """Make templates comparable whatever the placeholder names (``{webhook_id}`` == ``{app_id}``)."""
    return _PLACEHOLDER.sub("{}", strip_api_prefix(template))


def _is_placeholder(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


class TemplateMatcher:
    """Finds the most specific template for a path; literal segments win over placeholders."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._by_length: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
        for template in templates:
            segments = tuple(template.strip("/").split("/"))
            self._by_length.setdefault(len(segments), []).append((template, segments))
        for candidates in self._by_length.values():
            candidates.sort(key=lambda item: tuple(_is_placeholder(s) for s in item[1]))

    def match(self, path: str) -> tuple[str, dict[str, str]] | None:
        """Return ``(template, params)`` for ``path`` or None when no template fits."""
        parts = path.strip("/").split("/")
        for template, segments in self._by_length.get(len(parts), ()):
            params: dict[str, str] = {}
            for segment, part in zip(segments, parts, strict=True):
                if _is_placeholder(segment):
                    params[segment[1:-1]] = part
                elif segment != part:
                    break
            else:
                return template, params
        return None
