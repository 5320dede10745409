"""A merge and a theme reach the people of the idea through the outbox: a direct message to its author and
supporters (and, for a merge, the target's author), one line in the prompt's thread; two quick themes: one message."""

from bot.clock import ManualClock
from bot.domain.notices import COALESCE_WINDOW
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask
from tests.e2e.test_notifications import bot_lines, dm_embeds, supported_idea


async def test_a_merge_is_told_to_the_merged_ideas_people_and_the_targets_author(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    prompt = await supported_idea(server, world, [world.role_organiser_id])  # idea 1 by pieter, olga supports it
    await ask(server, world, world.english_participant_id, "idea add", text="Een jongerenraad met eigen geld")
    await ask(server, world, world.manager_id, "idea merge", id=1, into=2)
    clock.advance(COALESCE_WINDOW)
    assert await running.bot.timers.run_due() == 1

    for user_id in (world.participant_id, world.role_organiser_id):
        [embed] = dm_embeds(server, user_id)
        assert embed["title"] == t("idea.notice_title", "nl", id=1)
        assert embed["description"] == t("idea.notice_merged", "nl", id=1, into=2)
        assert {f["name"]: f["value"] for f in embed["fields"]}["Het idee"] == "Buurtbudget per wijk"
    [embed] = dm_embeds(server, world.english_participant_id)
    assert embed["description"] == t("idea.notice_merged", "nl", id=1, into=2), "the target's author"
    assert server.direct_messages(world.manager_id) == []
    [line] = bot_lines(server, int(prompt["id"]))
    assert line["content"] == t("idea.notice_line_merged", "nl", id=1, into=2)
    assert await running.bot.timers.run_due() == 0


async def test_two_quick_themes_give_one_message_with_the_last(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    prompt = await supported_idea(server, world, [world.english_participant_id])
    await ask(server, world, world.manager_id, "idea theme", id=1, theme="Wonen")
    await ask(server, world, world.manager_id, "idea theme", id=1, theme="Inspraak")
    await ask(server, world, world.manager_id, "idea theme", id=1, theme="inspraak")  # the same: nothing to tell
    assert await running.bot.timers.run_due() == 0
    clock.advance(COALESCE_WINDOW)
    assert await running.bot.timers.run_due() == 1
    [embed] = dm_embeds(server, world.participant_id)
    assert embed["description"] == t("idea.notice_theme", "nl", id=1, theme="Inspraak")
    [embed] = dm_embeds(server, world.english_participant_id)
    assert embed["description"] == t("idea.notice_theme", "nl", id=1, theme="Inspraak"), "in the server's language"
    [line] = bot_lines(server, int(prompt["id"]))
    assert line["content"] == t("idea.notice_theme", "nl", id=1, theme="Inspraak")
