"""A fake Discord (REST API v10 + gateway) for end-to-end tests, benchmarks and demos.

It is aiohttp + jsonschema only and must never import ``discord``: it stands for Discord itself.
"""

from bot.fakediscord.interactions import InteractionResult
from bot.fakediscord.recording import RecordedRequest
from bot.fakediscord.server import FakeDiscord

__all__ = ["FakeDiscord", "InteractionResult", "RecordedRequest"]
