"""What became of an idea: its status history, who took it up, in /idea show, the lists and the export."""

import csv
import io
from pathlib import Path

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, add_idea, ask
from tests.e2e.test_ideas import open_prompt

ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"


async def test_a_status_change_is_kept_with_who_took_it_up_and_shown_to_everyone(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await open_prompt(server, world)
    await add_idea(server, world, world.participant_id, text="Buurtbudget per wijk")
    await ask(server, world, world.manager_id, "idea status", id=1, status="considering", note="Bespreken in juni")
    taken = await ask(
        server,
        world,
        world.manager_id,
        "idea status",
        id=1,
        status="taken_up",
        note="Start in januari",
        municipality="Zeist",
    )
    assert taken["content"] == t("idea.status_set", "nl", id=1, status="opgepakt door Zeist")

    shown = await ask(server, world, world.participant_id, "idea show", id=1)
    [embed] = shown["embeds"]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert embed["description"] == "Buurtbudget per wijk"
    assert fields["Status"] == "opgepakt door Zeist"
    history = fields["Wat er met dit idee gebeurde"].splitlines()
    assert [line.split(" · ", 1)[1] for line in history] == [
        "in overweging · Bespreken in juni",
        "opgepakt door Zeist · Start in januari",
    ]
    listed = await ask(server, world, world.participant_id, "idea list")
    assert "opgepakt door Zeist" in listed["embeds"][0]["description"]

    result = await server.invoke_command(
        world.guild_id,
        world.channel_id,
        world.manager_id,
        "export",
        options={"what": "status_history", "format": "csv"},
    )
    await result.final_message()
    [(name, data)] = next(r for r in reversed(server.requests_to("PATCH", ORIGINAL)) if r.files).files
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert name == "leerkring-status_history.csv"
    assert [(r["idea_id"], r["status"], r["municipality_name"], r["changed_by"]) for r in rows] == [
        ("1", "considering", "", str(world.manager_id)),
        ("1", "taken_up", "Zeist", str(world.manager_id)),
    ]


async def test_bad_input_for_a_status_change_changes_nothing(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await open_prompt(server, world)
    await add_idea(server, world, world.participant_id, text="Een idee")
    unknown = await ask(
        server, world, world.manager_id, "idea status", id=1, status="taken_up", municipality="Atlantis"
    )
    assert unknown["content"].startswith(t("profile.unknown_municipality", "nl", name="Atlantis", suggestions="")[:30])
    missing = await ask(server, world, world.participant_id, "idea show", id=99)
    assert missing["content"] == t("idea.unknown", "nl", id=99)
    shown = await ask(server, world, world.participant_id, "idea show", id=1)
    fields = {field["name"]: field["value"] for field in shown["embeds"][0]["fields"]}
    assert fields["Wat er met dit idee gebeurde"] == t("idea.history_empty", "nl")
    assert fields["Bron"].startswith(f"https://discord.com/channels/{world.guild_id}/"), "a link to the idea's message"
