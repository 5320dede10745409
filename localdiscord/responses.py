"""HTTP responses in the exact format discord.py expects (``Content-Type: application/json``, error JSON)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

ERROR_MESSAGES: dict[int, tuple[int, str]] = {
    400: (50035, "Invalid Form Body"),
    403: (50013, "Missing Permissions"),
    404: (10003, "Unknown Channel"),
    500: (0, "500: Internal Server Error"),
    502: (0, "502: Bad Gateway"),
}


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON response whose Content-Type is exactly ``application/json`` (no charset suffix)."""
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        content_type=None,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def no_content() -> web.Response:
    """A bodiless 204 (no JSON content type, so discord.py does not try to parse it)."""
    return web.Response(status=204)


def error_response(status: int, code: int | None = None, message: str | None = None) -> web.Response:
    """Discord's error JSON ``{"code": ..., "message": ...}`` with the given status."""
    default_code, default_message = ERROR_MESSAGES.get(status, (0, f"{status}: Error"))
    return json_response(
        {"code": default_code if code is None else code, "message": message or default_message}, status
    )


def rate_limited_response(
    retry_after: float, *, global_: bool, bucket_headers: dict[str, str] | None = None
) -> web.Response:
    """A 429 with Discord's body and headers (``Via`` marks it as Discord's, not a Cloudflare ban)."""
    body: dict[str, Any] = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": global_,
    }
    if global_:
        body["code"] = 0
    headers = {
        "Retry-After": str(max(1, round(retry_after))),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": str(retry_after),
        "X-RateLimit-Scope": "global" if global_ else "user",
        "Via": "1.1 google",
    }
    if global_:
        headers["X-RateLimit-Global"] = "true"
    return json_response(body, 429, headers | (bucket_headers or {}))
