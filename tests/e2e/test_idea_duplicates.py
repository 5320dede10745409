"""The duplicate guard through the real client: alike open ideas offered privately, 'Steun #N' supports instead of
storing, 'Toch insturen' stores (also after a restart between question and click), replies are stored at once."""

from pathlib import Path
from typing import Any

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, add_idea, ask
from tests.e2e.test_ideas import Handled, open_prompt, stored

ALIKE = "Per wijk een buurtbudget invoeren"


def buttons(answer: dict[str, Any]) -> dict[str, str]:
    """The buttons under a private answer: label → custom_id."""
    return {b["label"]: b["custom_id"] for row in answer.get("components") or [] for b in row["components"]}


async def click(server: FakeDiscord, world: World, user_id: int, answer: dict[str, Any], label: str) -> dict[str, Any]:
    """Click a button under a private answer and return the bot's private answer to it."""
    result = await server.click(world.guild_id, world.channel_id, user_id, int(answer["id"]), buttons(answer)[label])
    answer = await result.final_message()
    assert result.ephemeral
    return answer


async def ideas_posted(server: FakeDiscord, world: World, thread_id: int) -> int:
    """How many idea copies the bot posted in the prompt's thread."""
    return sum(1 for m in server.messages(thread_id) if m["components"])


async def test_alike_ideas_are_offered_and_steun_supports_instead_of_storing(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    await launch()
    thread_id = int((await open_prompt(server, world))["id"])
    await add_idea(server, world, world.participant_id, text="Buurtbudget per wijk invoeren")
    await add_idea(server, world, world.english_participant_id, text="Een burgerpanel voor de begroting")
    await add_idea(server, world, world.participant_id, text="Buurtbudget evalueren na een jaar")
    posted = await ideas_posted(server, world, thread_id)

    question = await ask(server, world, world.manager_id, "idea add", text=ALIKE)
    [embed] = question["embeds"]
    assert embed["title"] == t("idea.alike_title", "nl")
    assert "Buurtbudget per wijk invoeren" in embed["description"] and "#1" in embed["description"]
    assert "burgerpanel" not in embed["description"] and "evalueren" not in embed["description"]
    assert list(buttons(question)) == ["Steun #1", "Toch insturen"]
    assert stored(db_path) == [
        ("command", "Buurtbudget per wijk invoeren"),
        ("command", "Een burgerpanel voor de begroting"),
        ("command", "Buurtbudget evalueren na een jaar"),
    ], "nothing stored while the member chooses"

    other = await click(server, world, world.english_participant_id, question, "Steun #1")
    assert other["content"] == t("idea.choice_not_yours", "en")
    chosen = await click(server, world, world.manager_id, question, "Steun #1")
    assert chosen["content"] == t("idea.supported_instead", "nl", id=1, count=1)
    assert stored(db_path, "SELECT idea_id, user_id FROM idea_support") == [(1, world.manager_id)]
    assert len(stored(db_path)) == 3 and await ideas_posted(server, world, thread_id) == posted
    late = await click(server, world, world.manager_id, question, "Toch insturen")
    assert late["content"].startswith(t("idea.choice_gone", "nl", id=1)[:20])
    assert len(stored(db_path)) == 3


async def test_toch_insturen_stores_the_idea_also_after_a_restart(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    running = await launch()
    thread_id = int((await open_prompt(server, world))["id"])
    await add_idea(server, world, world.participant_id, text="Buurtbudget per wijk invoeren")
    question = await ask(server, world, world.english_participant_id, "idea add", text=ALIKE)
    assert list(buttons(question)) == ["Support #1", "Send anyway"]
    assert await running.shutdown() == 0

    await launch()
    mark = server.mark()
    sent = await click(server, world, world.english_participant_id, question, "Send anyway")
    assert sent["content"] == t("idea.added", "en", id=2, prompt=1)
    assert stored(db_path, "SELECT id, author_id, source, text FROM ideas ORDER BY id")[1] == (
        2,
        world.english_participant_id,
        "command",
        ALIKE,
    )
    await server.wait_for_request(  # its copy follows the answer
        "POST",
        "/channels/{channel_id}/messages",
        predicate=lambda r: "leerkring:idea:support:2" in str(r.json),
        after=mark,
    )
    assert any("#2" in str(m["embeds"]) for m in server.messages(thread_id)), "posted for support"
    assert stored(db_path, "SELECT count(*) FROM pending_ideas") == [(0,)]
    again = await click(server, world, world.english_participant_id, question, "Send anyway")
    assert again["content"] == t("idea.choice_gone", "en", id=1)
    assert len(stored(db_path)) == 2


async def test_replies_and_thread_messages_are_stored_at_once_however_alike(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    handled = Handled(running)
    prompt_id = int((await open_prompt(server, world))["id"])
    await ask(server, world, world.participant_id, "idea add", text="Buurtbudget per wijk invoeren")
    in_thread = await server.post_message(prompt_id, world.english_participant_id, ALIKE)
    reply = await server.post_message(world.channel_id, world.manager_id, ALIKE, reply_to=prompt_id)
    assert await handled.wait(in_thread["id"]) == ["stored"] and await handled.wait(reply["id"]) == ["stored"]
    assert stored(db_path)[1:] == [("thread", ALIKE), ("reply", ALIKE)]
    assert stored(db_path, "SELECT count(*) FROM pending_ideas") == [(0,)]


async def test_the_form_asks_too_and_its_idea_is_stored_as_a_form_idea(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await open_prompt(server, world)
    await ask(server, world, world.participant_id, "idea add", text="Buurtbudget per wijk invoeren")
    submitted = await server.submit_modal(
        world.guild_id, world.channel_id, world.english_participant_id, "leerkring:idea:form:1", {"text": ALIKE}
    )
    question = await submitted.final_message()
    assert submitted.ephemeral and list(buttons(question)) == ["Support #1", "Send anyway"]
    sent = await click(server, world, world.english_participant_id, question, "Send anyway")
    assert sent["content"] == t("idea.added", "en", id=2, prompt=1)
    assert stored(db_path)[1] == ("form", ALIKE)
