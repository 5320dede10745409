"""Merging through the real client: overlapping supporters counted once, 'samengevoegd met #N' in show and list,
merged ideas listed under their target, both in the export; bad input answered and nothing changed."""

import csv
import io
from pathlib import Path

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask
from tests.e2e.test_hosts import member
from tests.e2e.test_ideas import open_prompt, stored

ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"


async def test_a_merge_with_overlapping_supporters_counts_each_member_once(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    thread_id = int((await open_prompt(server, world))["id"])
    await ask(server, world, world.participant_id, "idea add", text="Buurtbudget per wijk")
    await ask(server, world, world.english_participant_id, "idea add", text="Een jongerenraad met eigen geld")
    third = await member(server, world, "anouk", running, "Zeist")
    fourth = await member(server, world, "bram", running, None)
    copies = [m for m in server.messages(thread_id) if m["components"]]
    for supporter, copy in ((third, 0), (fourth, 0), (third, 1), (world.participant_id, 1)):
        clicked = await server.click(
            world.guild_id, thread_id, supporter, int(copies[copy]["id"]), f"leerkring:idea:support:{copy + 1}"
        )
        await clicked.final_message()
    assert stored(db_path, "SELECT count(*) FROM idea_support") == [(4,)]

    merged = await ask(server, world, world.manager_id, "idea merge", id=2, into=1)
    assert merged["content"] == t("idea.merged", "nl", id=2, into=1, gained=1, support=3)
    assert stored(db_path, "SELECT user_id FROM idea_support WHERE idea_id = 1 ORDER BY user_id") == sorted(
        [(third,), (fourth,), (world.english_participant_id,)]
    ), "anouk once, pieter not for his own idea, emma as the merged idea's author"

    shown = (await ask(server, world, world.participant_id, "idea show", id=1))["embeds"][0]
    fields = {f["name"]: f["value"] for f in shown["fields"]}
    assert fields["Steun"] == "👍 3"
    assert fields["Samengevoegde ideeën"].startswith("#2 · ")
    merged_shown = (await ask(server, world, world.participant_id, "idea show", id=2))["embeds"][0]
    assert {f["name"]: f["value"] for f in merged_shown["fields"]}["Samengevoegd met"] == "#1"
    listed = (await ask(server, world, world.participant_id, "idea list"))["embeds"][0]["description"]
    assert "samengevoegd met #1" in listed and listed.index("**#1**") < listed.index("**#2**")

    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.manager_id, "export", options={"what": "ideas", "format": "csv"}
    )
    await result.final_message()
    [(_, data)] = next(r for r in reversed(server.requests_to("PATCH", ORIGINAL)) if r.files).files
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [(r["id"], r["merged_into"], r["support"]) for r in rows] == [("1", "", "3"), ("2", "1", "2")]


async def test_bad_merges_are_answered_and_change_nothing(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await open_prompt(server, world)
    await ask(server, world, world.participant_id, "idea add", text="Buurtbudget per wijk")
    await ask(server, world, world.english_participant_id, "idea add", text="Een jongerenraad met eigen geld")
    answers = [
        (await ask(server, world, world.manager_id, "idea merge", id=1, into=1))["content"],
        (await ask(server, world, world.manager_id, "idea merge", id=1, into=42))["content"],
        (await ask(server, world, world.participant_id, "idea merge", id=1, into=2))["content"],
    ]
    assert answers == [
        t("idea.merge_self", "nl", id=1),
        t("idea.unknown", "nl", id=42),
        t("auth.not_organiser", "nl"),
    ]
    await ask(server, world, world.manager_id, "idea merge", id=2, into=1)
    before = (
        stored(db_path, "SELECT id, merged_into FROM ideas ORDER BY id"),
        stored(db_path, "SELECT * FROM idea_support"),
    )
    cycle = await ask(server, world, world.manager_id, "idea merge", id=1, into=2)
    assert cycle["content"] == t("idea.merge_cycle", "nl", id=1, into=2)
    again = await ask(server, world, world.manager_id, "idea merge", id=2, into=1)
    assert again["content"] == t("idea.merged_already", "nl", id=2, into=1)
    assert (
        stored(db_path, "SELECT id, merged_into FROM ideas ORDER BY id"),
        stored(db_path, "SELECT * FROM idea_support"),
    ) == before
