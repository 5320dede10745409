"""A fake Discord (REST API v10 + gateway) for end-to-end tests, benchmarks and the demo: test tooling.

The server modules are aiohttp + jsonschema only and must never import ``discord``: they stand for
Discord itself. ``running`` and ``demo`` drive the real bot against it; ``bot`` and ``cogs`` never
import this package (ruff TID251).
"""

from localdiscord.interaction_result import InteractionResult
from localdiscord.recording import RecordedRequest, ResponseHold
from localdiscord.server import FakeDiscord

__all__ = ["FakeDiscord", "InteractionResult", "RecordedRequest", "ResponseHold"]
