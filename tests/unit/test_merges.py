"""Merging ideas: supporters and author count for the target once each, never its own author; merging into a
merged idea follows to the end; self-merges and cycles are refused; one write with its audit entry."""

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.domain import audit, ideas, merges
from bot.domain.privacy import erase_member
from bot.domain.prompts import Prompt
from bot.domain.report import prompt_section
from bot.domain.settings import set_retention
from tests.report_world import listed
from tests.unit.test_ideas import AUTHOR, OTHER, THIRD, by_command, refusal
from tests.unit.test_prompts import GUILD, NOW, ORGANISER, opened

FOURTH, FIFTH = 14, 15


@pytest.fixture
async def prompt(db: Database, clock: ManualClock) -> Prompt:
    return await opened(db, clock)


async def organisation(db: Database, idea_id: int, name: str) -> None:
    await db.write(lambda tx: tx.execute("UPDATE ideas SET organisation = ? WHERE id = ?", (name, idea_id)))


async def supporters(db: Database, idea_id: int) -> list[int]:
    rows = await db.fetch_all("SELECT user_id FROM idea_support WHERE idea_id = ? ORDER BY user_id", (idea_id,))
    return [row[0] for row in rows]


async def test_overlapping_supporters_and_the_author_count_once_never_the_targets_author(
    db: Database, prompt: Prompt
) -> None:
    target = await by_command(db, prompt, "Buurtbudget", 900, author=AUTHOR)
    merged = await by_command(db, prompt, "Wijkbudget", 901, author=OTHER)
    for member in (THIRD, FOURTH):
        await ideas.support_idea(db, GUILD, target.id, member, NOW)
    for member in (THIRD, FIFTH, AUTHOR):
        await ideas.support_idea(db, GUILD, merged.id, member, NOW)

    done = await merges.merge_ideas(db, GUILD, merged.id, target.id, ORGANISER, NOW)
    assert await supporters(db, target.id) == [OTHER, THIRD, FOURTH, FIFTH], "THIRD once; AUTHOR not for their own"
    assert (done.gained, done.target.support, done.idea.merged_into) == (2, 4, target.id)
    assert await supporters(db, merged.id) == [AUTHOR, THIRD, FIFTH], "the merged idea keeps its own history"
    assert [(i.id) for i in await merges.merged_into(db, target)] == [merged.id]
    entries = await audit.latest(db, GUILD)
    assert [(e.action, e.detail) for e in entries][:1] == [(audit.IDEA_MERGE, f"#{merged.id} → #{target.id}")]


async def test_merging_into_a_merged_idea_follows_to_the_end_and_ideas_move_along(db: Database, prompt: Prompt) -> None:
    first = await by_command(db, prompt, "Een", 900, author=AUTHOR)
    second = await by_command(db, prompt, "Twee", 901, author=OTHER)
    third = await by_command(db, prompt, "Drie", 902, author=THIRD)
    await merges.merge_ideas(db, GUILD, second.id, first.id, ORGANISER, NOW)
    followed = await merges.merge_ideas(db, GUILD, third.id, second.id, ORGANISER, NOW)
    assert (followed.target.id, followed.asked_id) == (first.id, second.id)
    assert await supporters(db, first.id) == [OTHER, THIRD]

    fourth = await by_command(db, prompt, "Vier", 903, author=FOURTH)
    await merges.merge_ideas(db, GUILD, first.id, fourth.id, ORGANISER, NOW)
    moved = [await ideas.get_idea(db, GUILD, i.id) for i in (first, second, third)]
    assert [idea.merged_into for idea in moved] == [fourth.id] * 3, "one step to the end, always"
    assert await supporters(db, fourth.id) == [AUTHOR, OTHER, THIRD]


async def test_self_merges_cycles_repeats_and_unknown_ideas_are_refused_and_change_nothing(
    db: Database, prompt: Prompt
) -> None:
    first = await by_command(db, prompt, "Een", 900, author=AUTHOR)
    second = await by_command(db, prompt, "Twee", 901, author=OTHER)
    assert await refusal(merges.merge_ideas(db, GUILD, first.id, first.id, ORGANISER, NOW)) == "idea.merge_self"
    assert await refusal(merges.merge_ideas(db, GUILD, first.id, 99, ORGANISER, NOW)) == "idea.unknown"
    assert await refusal(merges.merge_ideas(db, GUILD + 1, first.id, second.id, ORGANISER, NOW)) == "idea.unknown"
    await merges.merge_ideas(db, GUILD, second.id, first.id, ORGANISER, NOW)
    before = await db.fetch_all("SELECT * FROM idea_support ORDER BY idea_id, user_id")
    assert await refusal(merges.merge_ideas(db, GUILD, first.id, second.id, ORGANISER, NOW)) == "idea.merge_cycle"
    assert await refusal(merges.merge_ideas(db, GUILD, second.id, first.id, ORGANISER, NOW)) == "idea.merged_already"
    assert [tuple(r) for r in await db.fetch_all("SELECT * FROM idea_support ORDER BY idea_id, user_id")] == [
        tuple(r) for r in before
    ]
    assert (await ideas.get_idea(db, GUILD, first.id)).merged_into is None
    await ideas.withdraw_idea(db, GUILD, first.id, AUTHOR, NOW)
    third = await by_command(db, prompt, "Drie", 902, author=THIRD)
    assert await refusal(merges.merge_ideas(db, GUILD, third.id, first.id, ORGANISER, NOW)) == "idea.unknown"


async def test_the_report_groups_merged_ideas_under_their_target_with_who_brought_them(
    db: Database, prompt: Prompt
) -> None:
    target = await by_command(db, prompt, "Buurtbudget", 900, author=AUTHOR)
    zeist = await by_command(db, prompt, "Wijkbudget", 901, author=OTHER)
    await organisation(db, zeist.id, "Zeist")
    lochem = await by_command(db, prompt, "Budget per buurt", 902, author=THIRD)
    await organisation(db, lochem.id, "Lochem")
    for idea in (zeist, lochem):
        await merges.merge_ideas(db, GUILD, idea.id, target.id, ORGANISER, NOW)
    section = await prompt_section(db, prompt)
    assert [idea.id for idea in listed(section)] == [target.id]
    assert section.count == 1
    assert [(i.id, i.organisation) for i in section.merged[target.id]] == [(zeist.id, "Zeist"), (lochem.id, "Lochem")]


async def test_erasing_members_keeps_the_others_merge_support_and_erasing_the_target_unmerges(
    db: Database, prompt: Prompt
) -> None:
    target = await by_command(db, prompt, "Buurtbudget", 900, author=AUTHOR)
    merged = await by_command(db, prompt, "Wijkbudget", 901, author=OTHER)
    await ideas.support_idea(db, GUILD, merged.id, THIRD, NOW)
    await merges.merge_ideas(db, GUILD, merged.id, target.id, ORGANISER, NOW)
    await erase_member(db, NOW, GUILD, OTHER, audit.MEMBER_DELETE)
    assert await supporters(db, target.id) == [THIRD], "the support the merge gave OTHER was OTHER's own"
    await erase_member(db, NOW, GUILD, ORGANISER, audit.MEMBER_DELETE)
    assert (await ideas.get_idea(db, GUILD, merged.id)).merged_into == target.id, "the merge stays, unsigned"
    assert [tuple(r) for r in await db.fetch_all("SELECT merged_by FROM ideas WHERE id = ?", (merged.id,))] == [(0,)]
    await set_retention(db, GUILD, NOW, member_ideas="erase")
    await erase_member(db, NOW, GUILD, AUTHOR, audit.MEMBER_DELETE)
    assert (await ideas.get_idea(db, GUILD, merged.id)).merged_into is None, "its target is gone"


async def test_support_for_a_merged_idea_goes_to_the_idea_it_went_into(db: Database, prompt: Prompt) -> None:
    target = await by_command(db, prompt, "Buurtbudget", 900, author=AUTHOR)
    merged = await by_command(db, prompt, "Wijkbudget", 901, author=OTHER)
    await merges.merge_ideas(db, GUILD, merged.id, target.id, ORGANISER, NOW)
    added, supported = await ideas.support_idea(db, GUILD, merged.id, THIRD, NOW)
    assert (added, supported.id, await supporters(db, merged.id)) == (True, target.id, [])
    assert await refusal(ideas.support_idea(db, GUILD, merged.id, AUTHOR, NOW)) == "idea.own_support"
    await db.write(lambda tx: tx.execute("UPDATE ideas SET message_id = 555 WHERE id = ?", (merged.id,)))
    assert await ideas.support_by_reactions(db, 555, [FOURTH, OTHER], NOW) == 1, "OTHER supports it already"
    assert await supporters(db, target.id) == [OTHER, THIRD, FOURTH]
    assert await ideas.unsupport_by_reaction(db, 555, FOURTH)
    assert await supporters(db, target.id) == [OTHER, THIRD]
