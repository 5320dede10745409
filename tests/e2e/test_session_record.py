"""A session's record, end to end: `/session close` opens the form, its paragraphs are stored, prefilled, audited."""

import sqlite3
from pathlib import Path
from typing import Any

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, ask

FIELDS = ("stands_out", "opportunities", "follow_up", "proposals", "notes")
LABELS = ["Wat valt op?", "Waar liggen de kansen?", "Vervolg", "Voorstellen", "Overige notities"]


def text_inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The modal's text inputs in order, whether Discord's action rows or labels hold them."""
    found = []
    for component in modal["components"]:
        if component["type"] == 1:
            found.extend(component["components"])
        else:
            found.append({**component["component"], "label": component.get("label")})
    return found


def stored(db_path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        return db.execute(f"SELECT session_id, {', '.join(FIELDS)}, updated_by FROM session_records").fetchall()


async def open_form(server: FakeDiscord, world: World, user_id: int) -> dict[str, Any]:
    opened = await server.invoke_command(world.guild_id, world.channel_id, user_id, "session close", {"id": 1})
    await opened.response()
    return opened.modal()


async def submit(server: FakeDiscord, world: World, custom_id: str, fields: dict[str, str]) -> str:
    submitted = await server.submit_modal(world.guild_id, world.channel_id, world.manager_id, custom_id, fields)
    answer = await submitted.final_message()
    assert submitted.ephemeral
    return str(answer["content"])


async def test_the_record_is_stored_prefilled_when_run_again_and_audited(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    modal = await open_form(server, world, world.manager_id)
    assert modal["custom_id"] == "leerkring:session:record:1"
    assert modal["title"] == t("record.form_title", "nl", id=1)
    inputs = text_inputs(modal)
    assert [i["label"] for i in inputs] == LABELS
    assert all(i["style"] == 2 and i["required"] is False and i["max_length"] == 4000 for i in inputs)
    assert [i.get("value") for i in inputs] == [None] * 5

    typed = {
        "stands_out": "Veel energie",
        "opportunities": "",
        "follow_up": "M50 verband?",
        "proposals": "",
        "notes": "",
    }
    answer = await submit(server, world, modal["custom_id"], typed)
    assert answer == t("record.saved", "nl", id=1, title="Leerkring december")
    assert stored(db_path) == [(1, "Veel energie", None, "M50 verband?", None, None, world.manager_id)]

    again = await open_form(server, world, world.manager_id)
    assert [i.get("value") for i in text_inputs(again)] == ["Veel energie", None, "M50 verband?", None, None]
    await submit(server, world, again["custom_id"], {**typed, "follow_up": "", "proposals": "Een pilot"})
    assert stored(db_path) == [(1, "Veel energie", None, None, "Een pilot", None, world.manager_id)]

    log = (await ask(server, world, world.manager_id, "setup audit"))["embeds"][0]["description"]
    assert log.count(t("audit.action_session_record", "nl")) == 2
    assert "Veel energie" not in log


async def test_a_form_opened_before_a_restart_is_stored_after_it(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    first = await launch()
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    modal = await open_form(server, world, world.manager_id)
    assert await first.shutdown() == 0

    await launch()
    answer = await submit(server, world, modal["custom_id"], {name: f"Tekst {name}" for name in FIELDS})
    assert answer == t("record.saved", "nl", id=1, title="Leerkring december")
    assert stored(db_path) == [(1, *(f"Tekst {name}" for name in FIELDS), world.manager_id)]


async def test_a_participant_cannot_open_or_submit_the_record(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    refused = await ask(server, world, world.participant_id, "session close", id=1)
    assert refused["content"] == t("auth.not_organiser", "nl")
    forged = await server.submit_modal(
        world.guild_id, world.channel_id, world.participant_id, "leerkring:session:record:1", {"notes": "Van mij"}
    )
    assert (await forged.final_message())["content"] == t("auth.not_organiser", "nl")
    assert stored(db_path) == []
