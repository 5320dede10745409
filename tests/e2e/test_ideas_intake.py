"""Ideas end to end, where things go wrong: references from elsewhere, text too long, double clicks, a digest
Discord refuses, and 👍 given while the bot was away."""

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, add_idea, ask
from tests.e2e.test_ideas import MESSAGES, Handled, handled, open_prompt, stored

__all__ = ["handled"]  # the fixture, shared with test_ideas

REACTIONS = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}"


def own_messages(server: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """The bot's messages in a channel, oldest first."""
    return [m for m in server.messages(channel_id) if int(m["author"]["id"]) == server.bot_user_id]


def digests(server: FakeDiscord, world: World, prompt_id: int) -> list[dict[str, Any]]:
    title = t("prompt.digest_title", "nl", id=prompt_id)
    return [m for m in own_messages(server, world.channel_id) if m["embeds"] and m["embeds"][0]["title"] == title]


async def test_forwards_and_references_from_elsewhere_are_not_replies(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    other = server.add_guild(name="Andere server")
    elsewhere = server.add_channel(other.id, name="algemeen")
    stranger = server.add_member(other.id, username="sam")
    running = await launch()
    handled = Handled(running)
    prompt = await open_prompt(server, world)
    prompt_id = int(prompt["id"])
    reference_to_prompt = {
        "type": 0,
        "message_id": str(prompt_id),
        "channel_id": str(world.channel_id),
        "guild_id": str(world.guild_id),
    }

    forwarded = await server.forward_message(elsewhere.id, stranger.id, world.channel_id, prompt_id)
    assert forwarded["message_reference"]["type"] == 1 and forwarded["content"] == ""
    assert await handled.wait(forwarded["id"]) == ["ignored"]
    referring = await server.post_message(elsewhere.id, stranger.id, "Idee uit B", reference=reference_to_prompt)
    assert await handled.wait(referring["id"]) == ["ignored"]
    forwarded_here = await server.forward_message(world.channel_id, world.participant_id, world.channel_id, prompt_id)
    assert await handled.wait(forwarded_here["id"]) == ["ignored"]
    reply = await server.post_message(world.channel_id, world.participant_id, "Idee hier", reply_to=prompt_id)
    assert await handled.wait(reply["id"]) == ["stored"]

    await ask(server, world, world.manager_id, "prompt close", id=1)
    forwarded_closed = await server.forward_message(elsewhere.id, stranger.id, world.channel_id, prompt_id)
    assert await handled.wait(forwarded_closed["id"]) == ["ignored"]
    assert own_messages(server, elsewhere.id) == []
    assert stored(db_path) == [("reply", "Idee hier")]
    assert stored(db_path, "SELECT count(*) FROM guild_notices") == [(0,)]


async def test_a_forward_read_back_from_history_is_not_a_reply(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    first = await launch()
    prompt = await open_prompt(server, world)
    assert await first.shutdown() == 0
    await server.forward_message(world.channel_id, world.participant_id, world.channel_id, int(prompt["id"]))
    reply = await server.post_message(world.channel_id, world.participant_id, "Idee", reply_to=int(prompt["id"]))
    mark = server.mark()
    await launch()
    marked = f"/messages/{reply['id']}/reactions/"
    await server.wait_for_request("PUT", REACTIONS + "/@me", predicate=lambda r: marked in r.path, after=mark)
    assert stored(db_path) == [("reply", "Idee")]
    assert stored(db_path, "SELECT count(*) FROM guild_notices") == [(0,)]
    assert [m for m in own_messages(server, world.channel_id) if m["content"]] == []


async def test_every_way_in_is_sanitised_and_too_long_is_answered_not_cut(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    prompt_id = int(prompt["id"])
    too_long = await server.post_message(world.channel_id, world.participant_id, "x" * 4001, reply_to=prompt_id)
    assert await handled.wait(too_long["id"]) == ["too_long"]
    [answer] = [m for m in own_messages(server, world.channel_id) if m["content"]]
    assert answer["content"] == t("idea.message_too_long", "nl", max=4000)
    assert answer["message_reference"]["message_id"] == too_long["id"]
    hidden = "Kort\u00ad idee\u2066"
    reply = await server.post_message(world.channel_id, world.participant_id, hidden, reply_to=prompt_id)
    in_thread = await server.post_message(prompt_id, world.english_participant_id, "Idea\x00 in\u061c thread\U000e0041")
    assert await handled.wait(reply["id"]) == ["stored"] and await handled.wait(in_thread["id"]) == ["stored"]
    assert stored(db_path) == [("reply", "Kort idee"), ("thread", "Idea in thread")]

    mark = server.mark()
    await server.edit_message(world.channel_id, int(reply["id"]), "y" * 4001)
    assert await handled.wait(reply["id"], count=2) == ["stored", "edit"]
    refused = await server.wait_for_request("POST", MESSAGES, after=mark)
    assert refused.json["content"] == t("idea.edit_too_long", "nl", id=1, max=4000, length=4001)
    assert refused.json["message_reference"]["message_id"] == int(reply["id"])
    assert refused.json["allowed_mentions"] == {"parse": []}  # replied_user defaults to false: no ping
    await server.edit_message(world.channel_id, int(reply["id"]), "Tweede\u2069 versie\u00ad")
    assert await handled.wait(reply["id"], count=3) == ["stored", "edit", "edit"]
    assert stored(db_path) == [("reply", "Tweede versie"), ("thread", "Idea in thread")]


async def test_reminder_messages_are_sanitised(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await ask(server, world, world.manager_id, "session create", title="Leerkring", starts="10-12-2026 19:30")
    hidden = " Neem\u202e je\x07 laptop mee "
    await ask(server, world, world.manager_id, "reminder add", session=1, when="2d", message=hidden)
    assert stored(db_path, "SELECT message FROM reminders WHERE message IS NOT NULL") == [("Neem je laptop mee",)]


async def test_steunen_twice_at_once_supports_once_and_withdrawing_is_explicit(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    thread_id = int(prompt["id"])
    await add_idea(server, world, world.participant_id, text="Een idee")
    copy = [m for m in server.messages(thread_id) if m["components"]][-1]

    async def click_twice(message_id: int, custom_id: str) -> list[dict[str, Any]]:
        member = world.english_participant_id
        clicks = await asyncio.gather(
            *(server.click(world.guild_id, thread_id, member, message_id, custom_id) for _ in range(2))
        )
        return [await click.final_message() for click in clicks]

    answers = await click_twice(int(copy["id"]), "leerkring:idea:support:1")
    assert stored(db_path, "SELECT count(*) FROM idea_support") == [(1,)]
    assert sorted(a["content"] for a in answers) == sorted(
        [t("idea.supported", "en", id=1, count=1), t("idea.already_supported", "en", id=1)]
    )
    [repeat] = [a for a in answers if a["content"] == t("idea.already_supported", "en", id=1)]
    [withdraw] = repeat["components"][0]["components"]
    assert (withdraw["custom_id"], withdraw["label"]) == ("leerkring:idea:unsupport:1", "Withdraw support")

    withdrawn = await click_twice(int(repeat["id"]), withdraw["custom_id"])
    assert stored(db_path, "SELECT count(*) FROM idea_support") == [(0,)]
    assert sorted(a["content"] for a in withdrawn) == sorted(
        [t("idea.unsupported", "en", id=1, count=0), t("idea.not_supported", "en", id=1, count=0)]
    )


async def test_a_refused_digest_stays_pending_is_retried_and_shown_failed_for_good(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    await open_prompt(server, world)
    await add_idea(server, world, world.participant_id, text="Idee A")
    server.inject_fault("POST", MESSAGES, status=403)
    closed = await ask(server, world, world.manager_id, "prompt close", id=1)
    assert closed["content"] == t("prompt.closed_now", "nl", id=1)
    assert await running.bot.timers.run_due() == 0  # waits for the digest's first attempt, refused
    assert stored(db_path, "SELECT status FROM prompts") == [("closed",)]
    assert stored(db_path, "SELECT status, attempts FROM timers WHERE kind = 'prompt_digest'") == [("pending", 1)]
    assert digests(server, world, 1) == []
    listed = await ask(server, world, world.manager_id, "prompt list")
    assert t("prompt.digest_pending", "nl") in listed["embeds"][0]["fields"][0]["value"]

    clock.advance(timedelta(seconds=30))
    assert await running.bot.timers.run_due() == 1
    assert await running.bot.timers.run_due() == 0
    assert len(digests(server, world, 1)) == 1
    assert "Idee A" in digests(server, world, 1)[0]["embeds"][0]["description"]

    await open_prompt(server, world)
    server.inject_fault("POST", MESSAGES, status=403, times=5)
    await ask(server, world, world.manager_id, "prompt close", id=2)
    await running.bot.timers.run_due()
    for delay in (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30)):
        clock.advance(delay)
        assert await running.bot.timers.run_due() == 1
    assert stored(db_path, "SELECT status FROM timers WHERE kind = 'prompt_digest' ORDER BY id") == [
        ("done",),
        ("failed",),
    ]
    assert digests(server, world, 2) == []
    fields = (await ask(server, world, world.manager_id, "prompt list"))["embeds"][0]["fields"]
    [second] = [f["value"] for f in fields if f["name"].startswith("#2 ")]
    assert "het overzicht kon niet worden geplaatst (Forbidden: 403" in second
    [first] = [f["value"] for f in fields if f["name"].startswith("#1 ")]
    assert first.endswith(t("prompt.is_closed", "nl"))


async def test_thumbs_up_given_while_the_bot_was_away_are_counted_once(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    first = await launch()
    handled = Handled(first)
    prompt = await open_prompt(server, world)
    thread_id = int(prompt["id"])
    reply = await server.post_message(world.channel_id, world.participant_id, "Idee A", reply_to=thread_id)
    await handled.wait(reply["id"])
    await add_idea(server, world, world.english_participant_id, text="Idea B")
    copy = [m for m in server.messages(thread_id) if m["components"]][-1]
    assert await first.shutdown() == 0

    crowd = [server.add_member(world.guild_id, username=f"lid{n}").id for n in range(104)]
    for user_id in [world.participant_id, world.english_participant_id, *crowd]:  # the author's own does not count
        await server.add_reaction(world.channel_id, int(reply["id"]), user_id, "👍")
    await server.add_reaction(thread_id, int(copy["id"]), world.manager_id, "👍🏽")
    late = await server.post_message(world.channel_id, world.manager_id, "Idee C", reply_to=thread_id)
    await server.add_reaction(world.channel_id, int(late["id"]), world.participant_id, "👍")
    await server.add_reaction(world.channel_id, int(late["id"]), world.participant_id, "🎉")

    mark = server.mark()
    second = await launch()
    await server.wait_for_request("GET", REACTIONS, after=mark)
    await second.bot.get_cog("Ideas").intake.catch_up()  # type: ignore[union-attr]
    support = "SELECT i.text, count(s.user_id) FROM ideas AS i LEFT JOIN idea_support AS s ON s.idea_id = i.id "
    assert stored(db_path, support + "GROUP BY i.id ORDER BY i.id") == [("Idee A", 105), ("Idea B", 1), ("Idee C", 1)]
    read = [r for r in server.requests[mark:] if r.matches("GET", REACTIONS)]
    assert {r.path.split("/")[4] for r in read} == {reply["id"], copy["id"], late["id"]}
    pages = [r.query for r in read if r.path.split("/")[4] == reply["id"]]
    assert pages[:2] == [{"limit": "100"}, {"limit": "6", "after": str(crowd[97])}]  # then again, by the call above
