"""Telling people personally, end to end: an idea's new status by DM to its author and supporters (a mention in the
prompt's thread for closed DMs), once; quick changes coalesced; notifications off; reminders by DM."""

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.domain.notices import COALESCE_WINDOW
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask
from tests.e2e.test_ideas import open_prompt

MESSAGES = "/channels/{channel_id}/messages"
OPEN_DM = "/users/@me/channels"


async def supported_idea(server: FakeDiscord, world: World, supporters: list[int]) -> dict[str, Any]:
    """The participant's idea #1 in the prompt's thread, supported by `supporters` with its button; the prompt."""
    prompt = await open_prompt(server, world)
    await ask(server, world, world.participant_id, "idea add", text="Buurtbudget per wijk")
    thread_id = int(prompt["id"])
    copy = [m for m in server.messages(thread_id) if m["components"]][-1]
    [button] = copy["components"][0]["components"]
    for user_id in supporters:
        click = await server.click(world.guild_id, thread_id, user_id, int(copy["id"]), button["custom_id"])
        await click.final_message()
    return prompt


def dm_embeds(server: FakeDiscord, user_id: int) -> list[dict[str, Any]]:
    return [message["embeds"][0] for message in server.direct_messages(user_id)]


def bot_lines(server: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    return [m for m in server.messages(channel_id) if not m["embeds"] and not m["components"] and m["content"]]


async def test_a_status_change_reaches_the_author_and_supporters_by_dm_and_closed_dms_by_one_mention(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    closed = server.add_member(world.guild_id, username="dirk", locale="nl").id
    server.close_dms(closed)
    prompt = await supported_idea(server, world, [world.english_participant_id, world.role_organiser_id, closed])
    await ask(
        server,
        world,
        world.manager_id,
        "idea status",
        id=1,
        status="taken_up",
        note="Start in januari",
        municipality="Zeist",
    )
    assert await running.bot.timers.run_due() == 0, "the notice waits its minute, in case the status changes again"
    clock.advance(COALESCE_WINDOW)
    assert await running.bot.timers.run_due() == 1

    told = (world.participant_id, world.english_participant_id, world.role_organiser_id)
    for user_id in told:
        [embed] = dm_embeds(server, user_id)
        fields = {field["name"]: field["value"] for field in embed["fields"]}
        assert embed["title"] == t("idea.notice_title", "nl", id=1)
        assert embed["description"] == t("idea.notice_status", "nl", status="opgepakt door Zeist")
        assert fields["Toelichting"] == "Start in januari"
        assert fields["Opgepakt door"] == "Zeist"
        assert fields["Het idee"] == "Buurtbudget per wijk"
        assert fields["Bekijken"].startswith(f"https://discord.com/channels/{world.guild_id}/{prompt['id']}/")
    assert server.direct_messages(closed) == []
    assert server.direct_messages(world.manager_id) == [], "the organiser who made the change is not told"

    [line] = bot_lines(server, int(prompt["id"]))
    assert line["content"] == f"{t('idea.notice_line', 'nl', id=1, status='opgepakt door Zeist')} <@{closed}>"
    [posted] = [
        r for r in server.requests_to("POST", MESSAGES) if r.json and r.json.get("nonce", "").startswith("lk-nl")
    ]
    assert posted.json["allowed_mentions"]["users"] == [closed]

    assert await running.bot.timers.run_due() == 0
    assert [len(server.direct_messages(user_id)) for user_id in told] == [1, 1, 1]
    assert len(bot_lines(server, int(prompt["id"]))) == 1


async def test_two_quick_changes_give_one_message_with_the_last_status_and_both_stay_recorded(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    prompt = await supported_idea(server, world, [world.english_participant_id])
    await ask(server, world, world.manager_id, "idea status", id=1, status="considering")
    clock.advance(timedelta(seconds=20))
    await ask(server, world, world.manager_id, "idea status", id=1, status="done", note="Klaar")
    clock.advance(COALESCE_WINDOW)
    assert await running.bot.timers.run_due() == 1
    for user_id in (world.participant_id, world.english_participant_id):
        [embed] = dm_embeds(server, user_id)
        assert embed["description"] == t("idea.notice_status", "nl", status="afgerond")
    assert [line["content"] for line in bot_lines(server, int(prompt["id"]))] == [
        t("idea.notice_line", "nl", id=1, status="afgerond")
    ]
    shown = await ask(server, world, world.participant_id, "idea show", id=1)
    history = next(f for f in shown["embeds"][0]["fields"] if f["name"] == "Wat er met dit idee gebeurde")
    assert len(history["value"].splitlines()) == 2


async def test_a_member_who_turned_notifications_off_gets_no_dm_and_is_not_mentioned(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    off = await ask(server, world, world.english_participant_id, "profile notifications", setting="off")
    assert off["content"] == t("profile.notifications_off", "en")
    prompt = await supported_idea(server, world, [world.english_participant_id])
    await ask(server, world, world.manager_id, "idea status", id=1, status="rejected", note="Past niet")
    clock.advance(COALESCE_WINDOW)
    await running.bot.timers.run_due()
    assert server.direct_messages(world.english_participant_id) == []
    assert len(server.direct_messages(world.participant_id)) == 1
    [line] = bot_lines(server, int(prompt["id"]))
    assert line["content"] == t("idea.notice_line", "nl", id=1, status="afgewezen"), "nobody to mention"
    with sqlite3.connect(db_path) as db:
        told = dict(db.execute("SELECT user_id, status FROM notices"))
    assert told == {world.participant_id: "sent", world.english_participant_id: "skipped"}
    on = await ask(server, world, world.english_participant_id, "profile notifications", setting="on")
    assert on["content"] == t("profile.notifications_on", "en")


async def reminder_for(
    server: FakeDiscord, world: World, attendees: list[int], by_dm: list[int], starts: str = "10-12-2026 19:30"
) -> None:
    """Session 1 (by default on 10 December) with these attendees; `by_dm` chose reminders by direct message."""
    answer = await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts=starts)
    assert "#" in answer["content"], answer
    for user_id in attendees:
        await ask(server, world, user_id, "session attend", id=1)
    for user_id in by_dm:
        chosen = await ask(server, world, user_id, "profile reminders", setting="dm")
        assert chosen["content"] in (t("profile.reminders_dm", "nl"), t("profile.reminders_dm", "en"))


def reminder_posts(server: FakeDiscord) -> list[Any]:
    return [
        r
        for r in server.requests_to("POST", MESSAGES)
        if r.status == 200 and str((r.json or {}).get("nonce", "")).startswith("lk-reminder-")
    ]


async def test_a_reminder_comes_by_dm_for_those_who_chose_it_and_closed_dms_fall_back_to_the_mention(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    closed = server.add_member(world.guild_id, username="dirk", locale="nl").id
    server.close_dms(closed)
    by_dm = [world.english_participant_id, world.role_organiser_id, closed]
    await reminder_for(server, world, [world.participant_id, *by_dm], by_dm)
    clock.advance(timedelta(days=7, hours=7, minutes=30))  # the 7-day reminder
    assert await running.bot.timers.run_due() == 1

    [post] = reminder_posts(server)
    channel_embed = post.json["embeds"][0]
    assert post.json["content"] == f"<@{world.participant_id}> <@{closed}>"
    assert post.json["allowed_mentions"]["users"] == [world.participant_id, closed]
    for user_id in (world.english_participant_id, world.role_organiser_id):
        [dm] = dm_embeds(server, user_id)
        assert dm["title"] == channel_embed["title"] == t("reminder.title", "nl", title="Leerkring december")
        assert dm["fields"] == channel_embed["fields"], "the same content and the same link"
    assert server.direct_messages(closed) == [] and server.direct_messages(world.participant_id) == []

    assert await running.bot.timers.run_due() == 0
    assert len(reminder_posts(server)) == 1
    assert [len(server.direct_messages(u)) for u in (world.english_participant_id, world.role_organiser_id)] == [1, 1]
    listed = (await ask(server, world, world.manager_id, "reminder list"))["embeds"][0]["description"]
    assert listed.splitlines()[0].endswith(t("reminder.list_ways", "nl", dm=2, mentioned=2))


async def test_a_reminder_to_forty_members_by_dm_takes_a_paced_slot_for_every_request(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [server.add_member(world.guild_id, username=f"lid{n}", locale="nl").id for n in range(40)]
    await reminder_for(server, world, members, members)
    slots = 0

    async def counted() -> None:
        nonlocal slots
        slots += 1

    monkeypatch.setattr(running.bot.timers.pacer, "wait", counted)
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    mark = server.mark()
    assert await running.bot.timers.run_due() == 1
    made = server.requests[mark:]
    assert len([r for r in made if r.matches("POST", OPEN_DM)]) == 40, "opening each DM channel is a request too"
    assert len(made) == 81 and slots >= len(made), "every request waits for its slot"
    assert all(len(server.direct_messages(member)) == 1 for member in members)


async def test_a_supporter_who_left_the_server_cannot_be_messaged_and_falls_back_to_the_mention(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    prompt = await supported_idea(server, world, [world.english_participant_id])
    server.remove_member(world.guild_id, world.english_participant_id)  # shares no server with the bot any more
    await ask(server, world, world.manager_id, "idea status", id=1, status="considering")
    clock.advance(COALESCE_WINDOW)
    await running.bot.timers.run_due()
    assert server.direct_messages(world.english_participant_id) == []
    [line] = bot_lines(server, int(prompt["id"]))
    assert line["content"].endswith(f"<@{world.english_participant_id}>")
    assert len(server.direct_messages(world.participant_id)) == 1
