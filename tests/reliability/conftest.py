"""The reliability suite reuses the end-to-end fixtures: the fake Discord, its world, the bot as `python -m bot`."""

from tests.e2e.conftest import db_path, launch, running, server, world

__all__ = ["db_path", "launch", "running", "server", "world"]
