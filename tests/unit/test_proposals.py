"""The duplicate guard's choices: an alike idea waits in the store, 'Steun #N' supports instead, 'Toch insturen'
stores it once; own, closed-off and other servers' ideas are not offered."""

from dataclasses import replace

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import ideas, proposals
from bot.domain.prompts import Prompt
from tests.unit.test_ideas import AUTHOR, OTHER, THIRD, by_command, refusal
from tests.unit.test_prompts import GUILD, NOW, ORGANISER, opened

ALIKE = "Per wijk een buurtbudget invoeren"


@pytest.fixture
async def prompt(db: Database, clock: ManualClock) -> Prompt:
    return await opened(db, clock)


async def propose(
    db: Database, prompt: Prompt, text: str, interaction_id: int, author: int = OTHER
) -> proposals.Proposal:
    return await proposals.propose_idea(db, prompt, author, text, "form", interaction_id, NOW)


async def test_an_alike_idea_waits_and_support_instead_stores_nothing(db: Database, prompt: Prompt) -> None:
    first = await by_command(db, prompt, "Buurtbudget per wijk invoeren", 900)
    asked = await propose(db, prompt, ALIKE, 901)
    assert asked.idea is None and asked.pending is not None
    assert [idea.id for _, idea in asked.offered] == [first.id]
    again = await propose(db, prompt, ALIKE, 901)
    assert again.pending == asked.pending and again.offered == asked.offered, "a repeated interaction: same question"

    [(offer, _)] = asked.offered
    supported = await proposals.support_instead(db, GUILD, offer.id, OTHER, NOW)
    assert (supported.id, supported.support) == (first.id, 1)
    assert [i.id for i in (await ideas.list_page(db, GUILD, None, 1)).ideas] == [first.id], "not stored"
    assert await refusal(proposals.support_instead(db, GUILD, offer.id, OTHER, NOW)) == "idea.choice_gone"
    assert await refusal(proposals.submit_anyway(db, GUILD, asked.pending.id, OTHER, NOW)) == "idea.choice_gone"
    assert await db.fetch_all("SELECT id FROM pending_ideas") == []


async def test_send_anyway_stores_the_idea_once_as_it_was_sent(db: Database, prompt: Prompt) -> None:
    await by_command(db, prompt, "Buurtbudget per wijk invoeren", 900)
    asked = await propose(db, prompt, f"  {ALIKE}  ", 901)
    assert asked.pending is not None
    assert await refusal(proposals.submit_anyway(db, GUILD, asked.pending.id, THIRD, NOW)) == "idea.choice_not_yours"
    assert await refusal(proposals.submit_anyway(db, GUILD + 1, asked.pending.id, OTHER, NOW)) == "idea.choice_gone"
    _, idea, created = await proposals.submit_anyway(db, GUILD, asked.pending.id, OTHER, NOW)
    assert (idea.text, idea.author_id, idea.source, created) == (ALIKE, OTHER, "form", True)
    assert await refusal(proposals.submit_anyway(db, GUILD, asked.pending.id, OTHER, NOW)) == "idea.choice_gone"
    replay = await propose(db, prompt, ALIKE, 901)
    assert (replay.idea, replay.created) == (idea, False), "the interaction stored it: a replay finds it"


async def test_own_finished_and_merged_ideas_are_not_offered(db: Database, prompt: Prompt) -> None:
    own = await by_command(db, prompt, "Buurtbudget per wijk invoeren", 900, author=OTHER)
    done = await by_command(db, prompt, "Buurtbudget in elke wijk invoeren", 901)
    await ideas.set_status(db, GUILD, done.id, "done", None, NOW, changed_by=ORGANISER)
    stored = await propose(db, prompt, ALIKE, 902)
    assert stored.idea is not None and stored.created and stored.pending is None
    assert own.id != stored.idea.id


async def test_ideas_of_another_server_are_not_offered(db: Database, prompt: Prompt) -> None:
    await by_command(db, prompt, "Buurtbudget per wijk invoeren", 900)
    elsewhere = replace(prompt, guild_id=GUILD + 1)
    stored = await propose(db, elsewhere, ALIKE, 903)
    assert stored.idea is not None and stored.pending is None


async def test_a_withdrawn_offer_is_refused_and_the_idea_can_still_be_sent(db: Database, prompt: Prompt) -> None:
    first = await by_command(db, prompt, "Buurtbudget per wijk invoeren", 900, author=AUTHOR)
    asked = await propose(db, prompt, ALIKE, 901)
    assert asked.pending is not None
    await ideas.withdraw_idea(db, GUILD, first.id, AUTHOR, NOW)
    [(offer, _)] = asked.offered
    assert await refusal(proposals.support_instead(db, GUILD, offer.id, OTHER, NOW)) == "idea.unknown"
    _, idea, created = await proposals.submit_anyway(db, GUILD, asked.pending.id, OTHER, NOW)
    assert created and idea.text == ALIKE
