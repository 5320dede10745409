"""Discord's rate limits, opt-in: per-route buckets with ``X-RateLimit-*`` headers, 429s past them, the global limit.

Discord answers every rate-limited route with its bucket's state (limit, remaining, reset, bucket hash) and refuses
a request past the limit with a 429 (scope ``user``); independently, a bot may make at most 50 requests per second
in all (scope ``global``; interaction callbacks and interaction webhooks do not count). A bucket is per route and
per major parameter (channel, guild, webhook). The windows here are fixed: they start at a bucket's first request.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from localdiscord.routing import normalize_template

GLOBAL_PER_SECOND = 50
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "webhook_token", "interaction_token")
_EXEMPT_FROM_GLOBAL = ("/interactions/", "/webhooks/")


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` requests per ``per`` seconds in one bucket."""

    limit: int
    per: float


# Discord's documented-in-practice limits for the routes a bot uses most; everything else gets DEFAULT_RULE.
ROUTE_RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/channels/{}/messages"): Rule(5, 5.0),
    ("PATCH", "/channels/{}/messages/{}"): Rule(5, 5.0),
    ("DELETE", "/channels/{}/messages/{}"): Rule(5, 5.0),
    ("PUT", "/channels/{}/messages/{}/reactions/{}/@me"): Rule(1, 0.25),
    ("DELETE", "/channels/{}/messages/{}/reactions/{}/@me"): Rule(1, 0.25),
    ("GET", "/channels/{}/messages"): Rule(5, 5.0),
}
DEFAULT_RULE = Rule(10, 10.0)


@dataclass
class _Window:
    rule: Rule
    reset_at: float
    used: int = 0

    def take(self, now: float) -> bool:
        if now >= self.reset_at:
            self.reset_at, self.used = now + self.rule.per, 0
        if self.used >= self.rule.limit:
            return False
        self.used += 1
        return True


@dataclass(frozen=True)
class Verdict:
    """The outcome for one request: its bucket headers, and the 429 scope if refused (None when allowed)."""

    headers: dict[str, str]
    refused: str | None = None
    retry_after: float = 0.0


@dataclass
class RateLimits:
    """The buckets of one bot token; ``refusals`` counts the 429s given per (method, route, scope)."""

    global_per_second: int = GLOBAL_PER_SECOND
    clock: Callable[[], float] = time.monotonic
    refusals: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    _buckets: dict[tuple[str, str], _Window] = field(default_factory=dict)
    _global: _Window | None = None

    def check(self, method: str, template: str, params: dict[str, str]) -> Verdict:
        """Count a request against its bucket and the global limit; say whether it may proceed."""
        now = self.clock()
        route = normalize_template(template)
        rule = ROUTE_RULES.get((method, route), DEFAULT_RULE)
        bucket_hash = hashlib.sha1(f"{method} {route}".encode()).hexdigest()[:16]
        major = ":".join(params.get(name, "") for name in MAJOR_PARAMETERS)
        window = self._buckets.setdefault((bucket_hash, major), _Window(rule, now + rule.per))
        if not route.startswith(_EXEMPT_FROM_GLOBAL):
            if self._global is None:
                self._global = _Window(Rule(self.global_per_second, 1.0), now + 1.0)
            if not self._global.take(now):
                self.refusals[(method, template, "global")] += 1
                return Verdict({}, "global", self._global.reset_at - now)
        allowed = window.take(now)
        reset_after = max(window.reset_at - now, 0.0)
        headers = {
            "X-RateLimit-Limit": str(rule.limit),
            "X-RateLimit-Remaining": str(rule.limit - window.used),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket_hash,
        }
        if allowed:
            return Verdict(headers)
        self.refusals[(method, template, "user")] += 1
        return Verdict(headers | {"X-RateLimit-Scope": "user"}, "user", reset_after)

    @property
    def refused(self) -> int:
        """How many requests were answered with 429."""
        return sum(self.refusals.values())
