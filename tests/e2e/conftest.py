from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, config_for, discord_endpoints, populate, start_bot


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
async def launch(server: FakeDiscord, world: World, db_path: Path, clock: ManualClock) -> AsyncIterator[Launcher]:
    """Start the bot on the test's database as often as a test likes; whatever still runs is stopped after."""
    started: list[RunningBot] = []

    async def start() -> RunningBot:
        started.append(await start_bot(config_for(server, db_path, world.guild_id), clock))
        return started[-1]

    yield start
    for bot in started:
        if not bot.task.done():
            assert await bot.shutdown() == 0


@pytest.fixture
async def running(launch: Launcher) -> RunningBot:
    return await launch()
