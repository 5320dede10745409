"""A member's waiting idea (after the duplicate question) and the merges they made are in their privacy export,
and erasing them removes the waiting idea and unlinks the merges."""

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, merges, proposals
from bot.domain.privacy import erase_member
from bot.domain.privacy_export import collect
from bot.domain.prompts import Prompt
from tests.unit.test_ideas import AUTHOR, OTHER, by_command
from tests.unit.test_prompts import GUILD, NOW, ORGANISER, opened


@pytest.fixture
async def prompt(db: Database, clock: ManualClock) -> Prompt:
    return await opened(db, clock)


async def test_waiting_ideas_and_merges_are_exported_and_erased(db: Database, prompt: Prompt) -> None:
    first = await by_command(db, prompt, "Buurtbudget per wijk invoeren", 900, author=AUTHOR)
    second = await by_command(db, prompt, "Jongerenraad met eigen geld", 901, author=AUTHOR)
    asked = await proposals.propose_idea(db, prompt, OTHER, "Per wijk een buurtbudget invoeren", "form", 902, NOW)
    assert asked.pending is not None
    await merges.merge_ideas(db, GUILD, second.id, first.id, ORGANISER, NOW)

    waiting = [row for row in await collect(db, GUILD, OTHER) if row["kind"] == "pending_idea"]
    assert [(row["text"], row["source"]) for row in waiting] == [("Per wijk een buurtbudget invoeren", "form")]
    made = [row for row in await collect(db, GUILD, ORGANISER) if row["kind"] == "created"]
    assert {"record": "merge", "id": second.id} in [{k: row[k] for k in ("record", "id")} for row in made]

    erased = await erase_member(db, NOW, GUILD, OTHER, audit.MEMBER_DELETE)
    assert erased.counts["pending_ideas"] == 1
    assert await db.fetch_all("SELECT id FROM pending_ideas") == []
    await erase_member(db, NOW, GUILD, ORGANISER, audit.MEMBER_DELETE)
    assert [tuple(r) for r in await db.fetch_all("SELECT merged_by FROM ideas WHERE id = ?", (second.id,))] == [(0,)]
