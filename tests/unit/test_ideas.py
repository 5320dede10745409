from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, ideas, intake, prompts
from bot.domain.ideas import Idea
from bot.domain.profiles import set_municipality, set_organisation
from bot.domain.prompts import Prompt
from bot.errors import UserError
from bot.municipalities import directory
from tests.unit.test_prompts import CHANNEL, GUILD, NOW, ORGANISER, opened, reply

AUTHOR, OTHER, THIRD = 11, 12, 13


@pytest.fixture
async def prompt(db: Database, clock: ManualClock) -> Prompt:
    return await opened(db, clock)


async def by_command(db: Database, prompt: Prompt, text: str, interaction_id: int, author: int = AUTHOR) -> Idea:
    idea, _ = await ideas.add_idea(db, prompt, author, text, "command", interaction_id, NOW)
    return idea


async def refusal(action: object) -> str:
    with pytest.raises(UserError) as refused:
        await action  # type: ignore[misc]
    return refused.value.key


async def test_an_interaction_stores_one_idea_with_the_organisation_of_that_moment(
    db: Database, clock: ManualClock, prompt: Prompt
) -> None:
    await set_municipality(db, GUILD, AUTHOR, "Zeist", clock.now())
    first, created = await ideas.add_idea(db, prompt, AUTHOR, "  Buurtbudget  ", "form", 900, clock.now())
    again, created_again = await ideas.add_idea(db, prompt, AUTHOR, "Buurtbudget", "form", 900, clock.now())
    assert (created, created_again, again.id) == (True, False, first.id)
    await set_organisation(db, GUILD, AUTHOR, "VNG", clock.now())
    assert (await ideas.get_idea(db, GUILD, first.id)).organisation == "Zeist"
    assert (first.text, first.source, first.status) == ("Buurtbudget", "form", "new")
    unknown = await by_command(db, prompt, "Zonder profiel", 901, author=OTHER)
    assert unknown.organisation is None


@pytest.mark.parametrize(("text", "key"), [(" \n ", "idea.empty"), ("x" * 4001, "idea.too_long")])
async def test_empty_or_overlong_ideas_are_refused(db: Database, prompt: Prompt, text: str, key: str) -> None:
    assert await refusal(by_command(db, prompt, text, 900)) == key
    assert await db.fetch_all("SELECT id FROM ideas") == []


async def test_the_prompt_is_the_one_named_or_the_only_one_open_here(db: Database, clock: ManualClock) -> None:
    assert await refusal(ideas.choose_prompt(db, GUILD, None, CHANNEL)) == "idea.no_open_prompt"
    first = await opened(db, clock, interaction_id=1)
    assert (await ideas.choose_prompt(db, GUILD, None, first.thread_id)).id == first.id
    second = await opened(db, clock, interaction_id=2)
    assert await refusal(ideas.choose_prompt(db, GUILD, None, CHANNEL)) == "idea.choose_prompt"
    assert (await ideas.choose_prompt(db, GUILD, second.id, CHANNEL)).id == second.id
    assert await refusal(ideas.choose_prompt(db, GUILD + 1, second.id, CHANNEL)) == "prompt.unknown"


async def test_only_authors_edit_or_withdraw_and_only_while_open(
    db: Database, clock: ManualClock, prompt: Prompt
) -> None:
    idea = await by_command(db, prompt, "Eerste", 900)
    assert await refusal(ideas.edit_idea(db, GUILD, idea.id, OTHER, "Van mij", clock.now())) == "idea.not_yours"
    assert await refusal(ideas.withdraw_idea(db, GUILD, idea.id, OTHER, clock.now())) == "idea.not_yours"
    assert (await ideas.edit_idea(db, GUILD, idea.id, AUTHOR, "Tweede", clock.now())).text == "Tweede"
    await ideas.withdraw_idea(db, GUILD, idea.id, AUTHOR, clock.now())
    assert await refusal(ideas.get_idea(db, GUILD, idea.id)) == "idea.unknown"
    kept = await by_command(db, prompt, "Blijft", 901)
    await prompts.close_prompt(db, prompt.id, clock.now())
    assert await refusal(ideas.edit_idea(db, GUILD, kept.id, AUTHOR, "Later", clock.now())) == "prompt.closed"


async def test_message_edits_and_deletions_are_mirrored(db: Database, clock: ManualClock, prompt: Prompt) -> None:
    await intake.take_message(db, reply(501, AUTHOR, "Eerste", prompt), clock.now(), advance_cursor=False)
    assert (await ideas.edit_from_message(db, 501, "Tweede", clock.now())) is not None
    assert await ideas.edit_from_message(db, 501, "   ", clock.now()) is None
    assert await ideas.edit_from_message(db, 777, "Geen idee", clock.now()) is None
    assert (await ideas.edit_from_message(db, 501, "Der\u00adde\u2069", clock.now())) is not None
    assert await refusal(ideas.edit_from_message(db, 501, "x" * 4001, clock.now())) == "idea.edit_too_long"
    kept = await ideas.idea_for_message(db, 501)
    assert kept is not None and kept.text == "Derde"
    withdrawn = await ideas.withdraw_by_message(db, 501, clock.now())
    assert withdrawn is not None and withdrawn.text == "Derde"
    assert await ideas.withdraw_by_message(db, 501, clock.now()) is None


async def test_support_is_one_per_member_removable_and_never_ones_own(
    db: Database, clock: ManualClock, prompt: Prompt
) -> None:
    await intake.take_message(db, reply(501, AUTHOR, "Idee", prompt), clock.now(), advance_cursor=False)
    assert not await ideas.support_by_reaction(db, 501, AUTHOR, clock.now())
    assert await ideas.support_by_reaction(db, 501, OTHER, clock.now())
    assert not await ideas.support_by_reaction(db, 501, OTHER, clock.now())
    assert await ideas.support_by_reaction(db, 501, THIRD, clock.now())
    assert await ideas.unsupport_by_reaction(db, 501, THIRD)
    assert not await ideas.unsupport_by_reaction(db, 501, THIRD)
    idea = await ideas.idea_for_message(db, 501)
    assert idea is not None and idea.support == 1
    assert await refusal(ideas.support_idea(db, GUILD, idea.id, AUTHOR, clock.now())) == "idea.own_support"
    assert (await ideas.support_idea(db, GUILD, idea.id, THIRD, clock.now()))[0]
    added, now_shown = await ideas.support_idea(db, GUILD, idea.id, THIRD, clock.now())
    assert (added, now_shown.support) == (False, 2)
    removed, now_shown = await ideas.withdraw_support(db, GUILD, idea.id, THIRD)
    assert (removed, now_shown.support) == (True, 1)
    removed, now_shown = await ideas.withdraw_support(db, GUILD, idea.id, THIRD)
    assert (removed, now_shown.support) == (False, 1)
    assert await ideas.support_by_reactions(db, 501, [AUTHOR, OTHER, THIRD], clock.now()) == 1


async def test_lists_are_ordered_by_support_and_paged(db: Database, clock: ManualClock, prompt: Prompt) -> None:
    made = [await by_command(db, prompt, f"Idee {n}", 900 + n) for n in range(12)]
    for supporter in (OTHER, THIRD):
        await ideas.support_idea(db, GUILD, made[5].id, supporter, clock.now())
    await ideas.support_idea(db, GUILD, made[9].id, OTHER, clock.now())
    first = await ideas.list_page(db, GUILD, prompt.id, 1)
    assert [idea.id for idea in first.ideas[:3]] == [made[5].id, made[9].id, made[0].id]
    assert (len(first.ideas), first.pages, first.count) == (10, 2, 12)
    assert len((await ideas.list_page(db, GUILD, None, 2)).ideas) == 2
    assert await refusal(ideas.list_page(db, GUILD, None, 3)) == "idea.bad_page"
    assert await refusal(ideas.list_page(db, GUILD, 99, 1)) == "prompt.unknown"
    assert [idea.id for idea in await ideas.digest_ideas(db, prompt.id)][:2] == [made[5].id, made[9].id]


async def test_status_and_note(db: Database, clock: ManualClock, prompt: Prompt) -> None:
    idea = await by_command(db, prompt, "Idee", 900)
    changed = await ideas.set_status(
        db, GUILD, idea.id, "considering", "  Bespreken in juni ", clock.now(), changed_by=ORGANISER
    )
    assert (changed.status, changed.status_note) == ("considering", "Bespreken in juni")
    refused = ideas.set_status(db, GUILD, idea.id, "maybe", None, clock.now(), changed_by=ORGANISER)
    assert await refusal(refused) == "idea.bad_status"
    too_long = ideas.set_status(db, GUILD, idea.id, "done", "x" * 501, clock.now(), changed_by=ORGANISER)
    assert await refusal(too_long) == "idea.note_too_long"


async def test_every_status_change_is_kept_with_who_took_it_up(
    db: Database, clock: ManualClock, prompt: Prompt
) -> None:
    idea = await by_command(db, prompt, "Buurtbudget", 901)
    _, history = await ideas.status_history(db, GUILD, idea.id)
    assert history == []
    await ideas.set_status(db, GUILD, idea.id, "considering", None, clock.now(), changed_by=ORGANISER)
    clock.advance(timedelta(days=3))
    zeist = directory().resolve("Zeist")
    taken = await ideas.set_status(
        db, GUILD, idea.id, "taken_up", "Start in januari", clock.now(), changed_by=ORGANISER, municipality=zeist
    )
    assert (taken.status, taken.taken_up_code, taken.taken_up_name) == ("taken_up", zeist.code, "Zeist")
    shown, history = await ideas.status_history(db, GUILD, idea.id)
    assert shown == taken
    assert [(c.status, c.note, c.municipality_name, c.changed_by) for c in history] == [
        ("considering", None, None, ORGANISER),
        ("taken_up", "Start in januari", "Zeist", ORGANISER),
    ]
    assert history[1].changed_at - history[0].changed_at == timedelta(days=3)
    audited = [e.detail for e in await audit.latest(db, GUILD)]
    assert audited == [f"#{idea.id}: taken_up (Zeist)", f"#{idea.id}: considering"]
    with pytest.raises(UserError) as unknown:
        await ideas.status_history(db, GUILD + 1, idea.id)
    assert unknown.value.key == "idea.unknown"
    refused = ideas.set_status(db, GUILD, idea.id, "done", "x" * 501, clock.now(), changed_by=ORGANISER)
    assert await refusal(refused) == "idea.note_too_long"
    assert len((await ideas.status_history(db, GUILD, idea.id))[1]) == 2, "nothing half-written"
