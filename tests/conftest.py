from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.db.migrate import migrate
from bot.domain import sessions


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "leerkring.db")
    await migrate(database)
    yield database
    await database.close()


async def plan_session(db: Database, now: datetime, **fields: Any) -> sessions.Session:
    """Create a session and publish it as if its announcement (message id 10000 + id) was posted."""
    draft = await sessions.create_session(db, now, **fields)
    return await sessions.publish_session(db, now, draft, 10_000 + draft.id)
