from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.fakediscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, config_for, discord_endpoints, populate, start_bot


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(openapi_validation=True)
    await fake.start()
    async with discord_endpoints():
        yield fake
    await fake.stop()
    assert fake.violations == []


@pytest.fixture
def world(server: FakeDiscord) -> World:
    return populate(server)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "leerkring.db"


@pytest.fixture
async def running(
    server: FakeDiscord, world: World, db_path: Path, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    bot = await start_bot(config_for(server, db_path, world.guild_id), clock)
    yield bot
    assert await bot.shutdown() == 0
