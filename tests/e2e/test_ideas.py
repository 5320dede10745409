"""Prompts and ideas end to end: four ways in, each stored once; edits, withdrawals, support, lists."""

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, add_idea, ask

MESSAGES = "/channels/{channel_id}/messages"
REACTION = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


async def open_prompt(server: FakeDiscord, world: World, **options: Any) -> dict[str, Any]:
    """The manager opens prompt 'Welke experimenten wil je proberen?' and it is posted."""
    options = {"question": "Welke experimenten wil je proberen?", **options}
    answer = await ask(server, world, world.manager_id, "prompt open", **options)
    assert answer["content"].startswith("Vraag #"), answer
    return prompt_message(server, world)


def prompt_message(server: FakeDiscord, world: World) -> dict[str, Any]:
    """The newest prompt message in the world's channel."""
    return [m for m in server.messages(world.channel_id) if m["components"]][-1]


class Handled:
    """Records the bot's `on_ideas_handled` events, so a test can wait until a message event was dealt with."""

    def __init__(self, running: RunningBot) -> None:
        self.seen: list[tuple[str, int]] = []
        self._changed = asyncio.Event()
        running.bot.add_listener(self._on_handled, "on_ideas_handled")

    async def _on_handled(self, what: str, message_id: int) -> None:
        self.seen.append((what, message_id))
        self._changed.set()

    async def wait(self, message_id: int | str, count: int = 1, reactions: bool = False) -> list[str]:
        """Wait until `count` events about this message were handled; return what was done."""
        async with asyncio.timeout(5):
            while len(found := self._about(int(message_id), reactions)) < count:
                self._changed.clear()
                await self._changed.wait()
        return found

    def _about(self, message_id: int, reactions: bool) -> list[str]:
        return [what for what, mid in self.seen if mid == message_id and (what == "reaction") == reactions]


@pytest.fixture
def handled(running: RunningBot) -> Handled:
    return Handled(running)


def stored(db_path: Path, sql: str = "SELECT source, text FROM ideas ORDER BY id") -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql).fetchall()


def reacted(server: FakeDiscord, message_id: int, emoji: str = "✅") -> bool:
    return any(
        r.path.endswith(f"/messages/{message_id}/reactions/{emoji}/@me") for r in server.requests_to("PUT", REACTION)
    )


async def test_prompt_is_posted_with_button_thread_and_deadline(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    answer = await ask(
        server, world, world.manager_id, "prompt open", question="Welke experimenten?", closes="30-11-2026 17:00"
    )
    posted = prompt_message(server, world)
    assert answer["content"].startswith(f"Vraag #1 staat in <#{world.channel_id}>. Sluit: <t:")
    embed = posted["embeds"][0]
    assert (embed["title"], embed["description"]) == ("Vraag #1", "Welke experimenten?")
    assert embed["fields"][0]["value"].startswith("<t:1796054400:F>")
    [button] = posted["components"][0]["components"]
    assert (button["custom_id"], button["label"]) == ("leerkring:idea:submit:1", "Idee insturen")
    assert server.state.channels[int(posted["id"])].name == "Welke experimenten?"
    assert stored(db_path, "SELECT kind, status FROM timers ORDER BY kind") == [
        ("prompt_close", "pending"),
        ("prompt_reminder", "pending"),
    ]


async def test_four_ways_in_each_store_one_idea_and_acknowledge_it(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    thread_id = int(prompt["id"])
    reply = await server.post_message(world.channel_id, world.participant_id, "Idee A", reply_to=int(prompt["id"]))
    assert await handled.wait(reply["id"]) == ["stored"]
    in_thread = await server.post_message(thread_id, world.english_participant_id, "Idea B")
    assert await handled.wait(in_thread["id"]) == ["stored"]
    assert reacted(server, int(reply["id"])) and reacted(server, int(in_thread["id"]))

    click = await server.click(
        world.guild_id, world.channel_id, world.participant_id, int(prompt["id"]), "leerkring:idea:submit:1"
    )
    await click.response()
    form = click.modal()
    assert form["custom_id"] == "leerkring:idea:form:1"
    mark = server.mark()
    submitted = await server.submit_modal(
        world.guild_id, world.channel_id, world.participant_id, form["custom_id"], {"text": "Idee C"}
    )
    answer = await submitted.final_message()
    assert submitted.ephemeral and answer["content"] == t("idea.added", "nl", id=3, prompt=1)
    copy = await server.wait_for_request("POST", MESSAGES, after=mark)
    assert copy.path == f"/channels/{thread_id}/messages"

    by_command = await add_idea(server, world, world.english_participant_id, text="Idea D")
    assert by_command["content"] == t("idea.added", "en", id=4, prompt=1)
    assert stored(db_path) == [("reply", "Idee A"), ("thread", "Idea B"), ("form", "Idee C"), ("command", "Idea D")]

    await server.dispatch("MESSAGE_CREATE", reply)
    assert await handled.wait(reply["id"], count=2) == ["stored", "known"]
    assert len(stored(db_path)) == 4


async def test_edits_and_deletions_are_mirrored_and_only_own_ideas_change(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    reply = await server.post_message(
        world.channel_id, world.participant_id, "Eerste versie", reply_to=int(prompt["id"])
    )
    await handled.wait(reply["id"])
    await server.edit_message(world.channel_id, int(reply["id"]), "Tweede versie")
    assert await handled.wait(reply["id"], count=2) == ["stored", "edit"]
    assert stored(db_path) == [("reply", "Tweede versie")]

    other = await ask(server, world, world.english_participant_id, "idea edit", id=1, text="Mine now")
    assert other["content"] == t("idea.not_yours", "en", id=1)
    refused = await ask(server, world, world.english_participant_id, "idea withdraw", id=1)
    assert refused["content"] == t("idea.not_yours", "en", id=1)
    own = await ask(server, world, world.participant_id, "idea edit", id=1, text="Derde versie")
    assert own["content"] == t("idea.edited", "nl", id=1)
    assert stored(db_path) == [("reply", "Derde versie")]

    await server.delete_message(world.channel_id, int(reply["id"]))
    assert await handled.wait(reply["id"], count=3) == ["stored", "edit", "delete"]
    assert stored(db_path, "SELECT withdrawn_at IS NOT NULL FROM ideas") == [(1,)]
    listed = await ask(server, world, world.participant_id, "idea list")
    assert listed["embeds"][0]["description"] == t("idea.list_empty", "nl")

    await add_idea(server, world, world.english_participant_id, text="Withdraw me")
    withdrawn = await ask(server, world, world.english_participant_id, "idea withdraw", id=2)
    assert withdrawn["content"] == t("idea.withdrawn", "en", id=2)
    thread_messages = server.messages(int(prompt["id"]))
    assert thread_messages == []


async def test_support_counts_add_and_remove(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    reply = await server.post_message(world.channel_id, world.participant_id, "Samen leren", reply_to=int(prompt["id"]))
    await handled.wait(reply["id"])
    reactions = 1  # the bot's own ✅
    for user_id in (world.english_participant_id, world.manager_id, world.participant_id):
        await server.add_reaction(world.channel_id, int(reply["id"]), user_id, "👍")
    await handled.wait(reply["id"], count=reactions + 3, reactions=True)
    assert stored(db_path, "SELECT count(*) FROM idea_support") == [(2,)]  # not the author's own
    await server.remove_reaction(world.channel_id, int(reply["id"]), world.manager_id, "👍")
    await handled.wait(reply["id"], count=reactions + 4, reactions=True)
    assert stored(db_path, "SELECT user_id FROM idea_support") == [(world.english_participant_id,)]

    await add_idea(server, world, world.participant_id, text="Een tweede idee")
    copy = [m for m in server.messages(int(prompt["id"])) if m["components"]][-1]
    [button] = copy["components"][0]["components"]
    assert (button["custom_id"], button["label"]) == ("leerkring:idea:support:2", "Steunen")
    answers = []
    for user_id in (world.english_participant_id, world.english_participant_id, world.participant_id):
        click = await server.click(world.guild_id, int(prompt["id"]), user_id, int(copy["id"]), button["custom_id"])
        answers.append((await click.final_message())["content"])
    assert answers == [
        t("idea.supported", "en", id=2, count=1),
        t("idea.already_supported", "en", id=2),
        t("idea.own_support", "nl"),
    ]
    listed = await ask(server, world, world.manager_id, "idea list", prompt=1)
    assert listed["embeds"][0]["description"].startswith("**#1** · 👍 1 · ")


async def test_user_text_never_pings_when_echoed(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled
) -> None:
    prompt = await open_prompt(server, world)
    text = f"@everyone kijk hier <@&{world.organiser_role_id}> en <@{world.manager_id}>"
    reply = await server.post_message(world.channel_id, world.participant_id, text, reply_to=int(prompt["id"]))
    await handled.wait(reply["id"])
    result = await server.invoke_command(world.guild_id, world.channel_id, world.manager_id, "idea list")
    callback = await result.response()
    assert text in callback["data"]["embeds"][0]["description"]
    assert callback["data"]["allowed_mentions"] == {"parse": []}
    mark = server.mark()
    await ask(server, world, world.manager_id, "prompt close", id=1)
    digest = await server.wait_for_request("POST", MESSAGES, predicate=lambda r: bool(r.json.get("embeds")), after=mark)
    assert text in digest.json["embeds"][0]["description"]
    assert digest.json["allowed_mentions"] == {"parse": []}


async def test_participants_are_refused_organiser_commands_and_nothing_changes(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    refused = t("auth.not_organiser", "nl")
    assert (await ask(server, world, world.participant_id, "prompt open", question="Mag ik?"))["content"] == refused
    await open_prompt(server, world)
    await add_idea(server, world, world.participant_id, text="Een idee")
    assert (await ask(server, world, world.participant_id, "prompt close", id=1))["content"] == refused
    status = await ask(server, world, world.participant_id, "idea status", id=1, status="done")
    assert status["content"] == refused
    assert stored(db_path, "SELECT status FROM prompts") == [("open",)]
    assert stored(db_path, "SELECT status FROM ideas") == [("new",)]
    done = await ask(server, world, world.role_organiser_id, "idea status", id=1, status="done")
    assert done["content"] == refused
    taken = await ask(server, world, world.manager_id, "idea status", id=1, status="taken_up", note="Zeist pakt het op")
    assert taken["content"] == t("idea.status_set", "nl", id=1, status="opgepakt")
    assert stored(db_path, "SELECT status, status_note FROM ideas") == [("taken_up", "Zeist pakt het op")]


async def test_bad_input_gets_clear_answers(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    assert (await ask(server, world, world.participant_id, "idea add", text="Idee"))["content"] == t(
        "idea.no_open_prompt", "nl"
    )
    empty = await ask(server, world, world.manager_id, "prompt open", question="   ")
    assert empty["content"] == t("prompt.empty", "nl")
    no_session = await ask(server, world, world.manager_id, "prompt open", question="Vraag?", session=7)
    assert no_session["content"] == t("session.unknown", "nl", id=7)
    await open_prompt(server, world)
    cases = {
        "   ": t("idea.empty", "nl"),
        "x" * 4001: t("idea.too_long", "nl", max=4000, length=4001),
    }
    for text, expected in cases.items():
        assert (await ask(server, world, world.participant_id, "idea add", text=text))["content"] == expected
    unknown = await ask(server, world, world.participant_id, "idea add", text="Idee", prompt=99)
    assert unknown["content"] == t("prompt.unknown", "nl", id=99)
    assert (await ask(server, world, world.participant_id, "idea edit", id=42, text="x"))["content"] == t(
        "idea.unknown", "nl", id=42
    )
    chat = await server.post_message(world.channel_id, world.participant_id, "Goedemorgen allemaal")
    answer = await server.post_message(
        world.channel_id, world.english_participant_id, "Morning!", reply_to=int(chat["id"])
    )
    assert await handled.wait(answer["id"]) == ["ignored"]
    assert not reacted(server, int(answer["id"]))
    assert stored(db_path) == []


async def test_deadline_reminder_nudges_attendees_then_closes_with_digest(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, clock: ManualClock, db_path: Path
) -> None:
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    for member in (world.participant_id, world.english_participant_id):
        await ask(server, world, member, "session attend", id=1)
    too_late = await ask(
        server, world, world.manager_id, "prompt open", question="Vraag?", session=1, closes="11-12-2026 10:00"
    )
    assert too_late["content"] == t("prompt.closes_after_session", "nl", id=1, start="<t:1796927400:F>")
    prompt = await open_prompt(server, world, session=1, closes="27-11-2026 12:00")
    reply = await server.post_message(world.channel_id, world.participant_id, "Idee A", reply_to=int(prompt["id"]))
    await handled.wait(reply["id"])

    clock.advance(timedelta(hours=11, minutes=59))
    assert await running.bot.timers.run_due() == 0
    clock.advance(timedelta(minutes=1))
    assert await running.bot.timers.run_due() == 1
    [reminder] = server.requests_to("POST", MESSAGES)[-1:]
    closes = "<t:1795777200:F> (<t:1795777200:R>)"
    assert reminder.json["content"] == "\n".join(
        [
            t("prompt.reminder", "nl", id=1, closes=closes, members=1, ideas=1),
            t("prompt.nudge", "nl", members=f"<@{world.english_participant_id}>"),
        ]
    )
    assert reminder.json["allowed_mentions"]["users"] == [world.english_participant_id]
    assert reminder.json["allowed_mentions"]["parse"] == []
    assert reminder.json["message_reference"]["message_id"] == int(prompt["id"])

    clock.advance(timedelta(hours=12))
    assert await running.bot.timers.run_due() == 2  # the closing, then the digest it scheduled
    digest = server.messages(world.channel_id)[-1]
    assert digest["embeds"][0]["title"] == t("prompt.digest_title", "nl", id=1)
    assert "Idee A" in digest["embeds"][0]["description"]
    closed = server.state.messages[world.channel_id][int(prompt["id"])]
    assert closed["components"] == [] and closed["embeds"][0]["fields"][0]["value"] == t("prompt.is_closed", "nl")
    assert stored(db_path, "SELECT kind, status FROM timers WHERE kind LIKE 'prompt%' ORDER BY kind") == [
        ("prompt_close", "done"),
        ("prompt_digest", "done"),
        ("prompt_reminder", "done"),
    ]

    mark = server.mark()
    late = await server.post_message(
        world.channel_id, world.english_participant_id, "Too late?", reply_to=int(prompt["id"])
    )
    assert await handled.wait(late["id"]) == ["late"]
    answer = await server.wait_for_request("POST", MESSAGES, after=mark)
    assert answer.json["message_reference"]["message_id"] == int(late["id"])
    assert answer.json["content"] == t("idea.late", "nl", id=1, closed="<t:1795777200:f>")
    assert stored(db_path) == [("reply", "Idee A")]
    closed_prompt = await ask(server, world, world.english_participant_id, "idea add", text="x", prompt=1)
    assert closed_prompt["content"] == t("prompt.closed", "en", id=1)


async def test_replies_posted_while_the_bot_was_away_are_stored_exactly_once(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    first = await launch()
    prompt = await open_prompt(server, world)
    thread_id = int(prompt["id"])
    assert await first.shutdown() == 0
    for number in range(250):
        await server.post_message(world.channel_id, world.participant_id, f"Idee {number}", reply_to=int(prompt["id"]))
    last = await server.post_message(thread_id, world.english_participant_id, "In de draad")

    mark = server.mark()
    second = await launch()
    await server.wait_for_request("PUT", REACTION, predicate=lambda r: f"/{last['id']}/" in r.path, after=mark)
    assert stored(db_path, "SELECT count(*), count(DISTINCT source_message_id) FROM ideas") == [(251, 251)]
    assert len(server.requests_to("PUT", REACTION)) == 251
    pages = [
        r
        for r in server.requests[mark:]
        if r.matches("GET", MESSAGES) and r.path.endswith(f"{world.channel_id}/messages")
    ]
    assert [r.query["limit"] for r in pages] == ["100", "100", "100"]

    assert await second.shutdown() == 0
    mark = server.mark()
    await launch()
    reread = await server.wait_for_request("GET", MESSAGES, predicate=lambda r: str(thread_id) in r.path, after=mark)
    assert reread.query["after"] == last["id"]
    assert len(server.requests_to("PUT", REACTION)) == 251
    assert stored(db_path, "SELECT count(*) FROM ideas") == [(251,)]


async def test_without_message_content_organisers_are_told_once_and_the_other_ways_work(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    server.withhold_message_content()
    for text in ("Idee A", "Idee B"):
        reply = await server.post_message(world.channel_id, world.participant_id, text, reply_to=int(prompt["id"]))
        assert await handled.wait(reply["id"]) == ["unreadable"]
    notices = [m for m in server.messages(world.channel_id) if m["content"] == t("idea.no_message_content", "nl")]
    assert len(notices) == 1
    added = await add_idea(server, world, world.participant_id, text="Idee C")
    assert added["content"] == t("idea.added", "nl", id=1, prompt=1)
    click = await server.click(
        world.guild_id, world.channel_id, world.participant_id, int(prompt["id"]), "leerkring:idea:submit:1"
    )
    await click.response()
    form = await server.submit_modal(
        world.guild_id, world.channel_id, world.participant_id, "leerkring:idea:form:1", {"text": "Idee D"}
    )
    assert (await form.final_message())["content"] == t("idea.added", "nl", id=2, prompt=1)
    assert stored(db_path) == [("command", "Idee C"), ("form", "Idee D")]


async def test_prompt_and_idea_numbers_are_offered_by_autocomplete(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await open_prompt(server, world)
    await add_idea(server, world, world.participant_id, text="Buurtbudget proberen")
    await add_idea(server, world, world.english_participant_id, text="Citizens' panel")
    offered = await server.autocomplete(
        world.guild_id, world.channel_id, world.participant_id, "idea add", {"text": "x", "prompt": ""}, "prompt"
    )
    assert offered == [{"name": "#1 · Welke experimenten wil je proberen?", "value": 1}]
    own = await server.autocomplete(
        world.guild_id, world.channel_id, world.participant_id, "idea edit", {"id": "", "text": "x"}, "id"
    )
    assert own == [{"name": "#1 · Buurtbudget proberen", "value": 1}]
    everyone = await server.autocomplete(
        world.guild_id, world.channel_id, world.manager_id, "idea status", {"id": "pan"}, "id"
    )
    assert everyone == [{"name": "#2 · Citizens' panel", "value": 2}]


async def test_a_resumed_connection_reads_what_may_have_slipped_through(
    server: FakeDiscord, world: World, running: RunningBot, handled: Handled, db_path: Path
) -> None:
    prompt = await open_prompt(server, world)
    mark = server.mark()
    await server.drop_connections()
    during = await server.post_message(world.channel_id, world.participant_id, "Tijdens", reply_to=int(prompt["id"]))
    await server.wait_for_request("GET", MESSAGES, predicate=lambda r: str(world.channel_id) in r.path, after=mark)
    assert await handled.wait(during["id"]) == ["stored"]
    assert stored(db_path) == [("reply", "Tijdens")]


async def test_a_channel_the_bot_may_not_post_in_is_refused_and_nothing_is_kept(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    deny = str((1 << 10) | (1 << 11))
    overwrite = {"id": str(server.bot_user_id), "type": 1, "allow": "0", "deny": deny}
    locked = server.add_channel(world.guild_id, name="dicht", permission_overwrites=[overwrite])
    answer = await ask(
        server, world, world.manager_id, "prompt open", question="Vraag?", channel=locked.id, closes="29-11-2026 17:00"
    )
    assert answer["content"] == t("prompt.cannot_post", "nl", channel=f"<#{locked.id}>")
    assert stored(db_path, "SELECT count(*) FROM prompts") == [(0,)]
    assert stored(db_path, "SELECT status FROM timers") == [("cancelled",), ("cancelled",)]
    assert (await ask(server, world, world.participant_id, "prompt list"))["content"] == t("prompt.list_empty", "nl")
    await open_prompt(server, world, closes="30-11-2026 17:00")
    listed = await ask(server, world, world.participant_id, "prompt list")
    [field] = listed["embeds"][0]["fields"]
    assert field["name"] == "#2 · Welke experimenten wil je proberen?"
    assert field["value"].startswith(f"<#{prompt_message(server, world)['id']}> · <t:1796054400:F>")


async def test_an_idea_by_command_is_answered_by_the_response_itself_and_its_copy_follows(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await open_prompt(server, world)
    mark = server.mark()
    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.participant_id, "idea add", options={"text": "Snel antwoord"}
    )
    answer = await result.final_message()
    assert result.callback is not None and result.callback["type"] == 4, "the answer, not a deferral"
    assert answer["content"] == t("idea.added", "nl", id=1, prompt=1)
    copy = await server.wait_for_request(
        "POST", MESSAGES, predicate=lambda r: "leerkring:idea:support:1" in str(r.json), after=mark
    )
    requests = server.requests[mark:]
    answered_at = next(n for n, r in enumerate(requests) if r.matches("POST", CALLBACK))
    assert answered_at < requests.index(copy), "the copy follows the answer"
    assert not [r for r in requests if r.matches("PATCH", "/webhooks/{application_id}/{token}/messages/@original")]
    assert stored(db_path) == [("command", "Snel antwoord")]
