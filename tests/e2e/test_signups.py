"""Sign-up calls end to end: municipalities join (also colleagues, and on the spot), withdraw their own part, the
live message, the warning to the organiser, the close and late clicks, restarts, the export and privacy."""

import csv
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, InteractionResult
from tests.e2e.harness import Launcher, RunningBot, World, ask
from tests.e2e.test_hosts import member

MESSAGE = "/channels/{channel_id}/messages/{message_id}"
MESSAGES = "/channels/{channel_id}/messages"
ORIGINAL = "/webhooks/{application_id}/{token}/messages/@original"
QUESTION = "Welke gemeenten willen meedoen met de Thorbecke-experimenten?"
JOIN, LEAVE = "leerkring:signup:join:1", "leerkring:signup:leave:1"


async def open_call(server: FakeDiscord, world: World, closes: str | None = "1-12-2026 17:00") -> dict[str, Any]:
    options = {"question": QUESTION} | ({"closes": closes} if closes else {})
    answer = await ask(server, world, world.manager_id, "signup open", **options)
    assert answer["content"].startswith("Deelname-oproep #1 staat klaar")
    return call_message(server, world)


def call_message(server: FakeDiscord, world: World) -> dict[str, Any]:
    return next(m for m in server.messages(world.channel_id) if "Deelname-oproep #1" in str(m["embeds"]))


def entries_field(message: dict[str, Any]) -> tuple[str, str]:
    [field] = message["embeds"][0]["fields"]
    return field["name"], field["value"]


async def click(server: FakeDiscord, world: World, user_id: int, message_id: int, custom_id: str) -> InteractionResult:
    result = await server.click(world.guild_id, world.channel_id, user_id, message_id, custom_id)
    await result.response()
    return result


async def write_note(server: FakeDiscord, world: World, user_id: int, form: dict[str, Any], note: str) -> str:
    submitted = await server.submit_modal(world.guild_id, world.channel_id, user_id, form["custom_id"], {"note": note})
    answer = await submitted.response()
    assert submitted.ephemeral
    return str(answer["data"]["content"])


async def join(server: FakeDiscord, world: World, call: dict[str, Any], user_id: int, note: str) -> str:
    """Press 'Wij doen mee' and write the note; return the confirmation."""
    pressed = await click(server, world, user_id, int(call["id"]), JOIN)
    assert pressed.modal()["title"] == t("signups.note_title", "nl")
    return await write_note(server, world, user_id, pressed.modal(), note)


async def withdraw(server: FakeDiscord, world: World, call: dict[str, Any], user_id: int) -> str:
    pressed = await click(server, world, user_id, int(call["id"]), LEAVE)
    return str((await pressed.response())["data"]["content"])


async def updated_call(server: FakeDiscord, world: World, mark: int, showing: str = "") -> dict[str, Any]:
    """Wait for the (coalesced) edit of the call message after `mark` (one showing `showing`); return the message."""
    await server.wait_for_request(
        "PATCH",
        MESSAGE,
        after=mark,
        predicate=lambda r: (
            "Deelname-oproep #1" in str(embeds := (r.json or {}).get("embeds")) and showing in str(embeds)
        ),
    )
    return call_message(server, world)


def heading(count: int) -> str:
    return t("signups.entries_heading", "nl", count=count)


async def test_four_municipalities_sign_up_withdraw_are_warned_about_and_closed(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    people = {"anouk": "Zeist", "bram": "GM0355", "lotte": "Lochem", "olaf": "Oss", "nina": None}
    zeist, colleague, lochem, oss, newcomer = [await member(server, world, n, running, m) for n, m in people.items()]
    refused = await ask(server, world, zeist, "signup open", question=QUESTION)
    assert refused["content"] == t("auth.not_organiser", "nl")
    call = await open_call(server, world)
    assert call["embeds"][0]["title"] == QUESTION
    assert entries_field(call) == (heading(0), t("signups.no_entries_yet", "nl"))
    assert [b["label"] for row in call["components"] for b in row["components"]] == ["Wij doen mee", "Terugtrekken"]

    mark = server.mark()
    assert await join(server, world, call, zeist, "Anouk, griffie") == t("signups.entered", "nl", municipality="Zeist")
    assert await join(server, world, call, colleague, "Bram: *burgerpanel*") == t(
        "signups.entered_by_colleague", "nl", municipality="Zeist"
    )
    await join(server, world, call, lochem, "")
    await join(server, world, call, oss, "+31 412 629 911, kantine")
    asked = await click(server, world, newcomer, int(call["id"]), JOIN)
    assert asked.modal()["title"] == t("signups.municipality_title", "nl")
    filled = await server.submit_modal(
        world.guild_id, world.channel_id, newcomer, asked.modal()["custom_id"], {"municipality": "meijerijstad"}
    )
    saved = await filled.response()
    assert saved["data"]["content"] == t("signups.municipality_saved", "nl", municipality="Meierijstad")
    assert filled.ephemeral and filled.message_id is not None
    again = await click(server, world, newcomer, filled.message_id, JOIN)
    assert await write_note(server, world, newcomer, again.modal(), "") == t(
        "signups.entered", "nl", municipality="Meierijstad"
    )
    call = await updated_call(server, world, mark, showing=heading(4))
    assert entries_field(call) == (heading(4), "Zeist\nLochem\nOss\nMeierijstad")

    mark = server.mark()
    assert await withdraw(server, world, call, zeist) == t("signups.withdrawn", "nl", municipality="Zeist")
    assert await withdraw(server, world, call, zeist) == t("signups.nothing_to_withdraw", "nl")
    assert await withdraw(server, world, call, lochem) == t("signups.withdrawn", "nl", municipality="Lochem")
    call = await updated_call(server, world, mark, showing=heading(3))
    assert entries_field(call) == (heading(3), "Zeist\nOss\nMeierijstad"), "a colleague keeps Zeist's entry"

    overview = (await ask(server, world, world.participant_id, "signup list", id=1))["embeds"][0]
    assert overview["description"].splitlines()[-3:] == [
        r"Zeist (Bram: \*burgerpanel\*)",
        "Oss (+31 412 629 911, kantine)",
        "Meierijstad",
    ]
    listed = (await ask(server, world, world.participant_id, "signup list"))["embeds"][0]
    assert listed["fields"][0]["name"] == f"#1 {QUESTION}"
    assert listed["fields"][0]["value"].startswith(t("signups.count_line", "nl", count=3))

    mark = server.mark()
    clock.advance(timedelta(days=4, hours=5))  # 30 Nov 17:00: a day before the deadline
    await running.bot.timers.run_due()
    warning = await server.wait_for_request(
        "POST", MESSAGES, after=mark, predicate=lambda r: "Deelname-oproep #1 sluit" in str(r.json)
    )
    assert warning.json["allowed_mentions"]["users"] == [world.manager_id]  # type: ignore[index]
    assert "3 gemeente(n)" in warning.json["content"]  # type: ignore[index]
    assert call_message(server, world)["components"], "still open after the warning"

    clock.advance(timedelta(days=1))  # 1 Dec 17:00: the deadline
    await running.bot.timers.run_due()
    closed = call_message(server, world)
    assert closed["components"] == []
    assert t("signups.call_closed_note", "nl") in closed["embeds"][0]["description"]
    assert entries_field(closed) == (heading(3), "Zeist\nOss\nMeierijstad")
    late = await click(server, world, lochem, filled.message_id, JOIN)
    assert late.ephemeral and (await late.response())["data"]["content"] == t("signups.call_closed", "nl")
    assert (await ask(server, world, world.participant_id, "signup list"))["content"] == t("signups.list_empty", "nl")
    assert (await ask(server, world, world.manager_id, "signup close", id=1))["content"] == t(
        "signups.already_closed", "nl", id=1
    )

    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.manager_id, "export", options={"what": "signups", "format": "csv"}
    )
    await result.final_message()
    [(name, data)] = next(r for r in reversed(server.requests_to("PATCH", ORIGINAL)) if r.files).files
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert name == "leerkring-signups.csv"
    assert [
        (r["call_id"], r["municipality_code"], r["municipality_name"], r["member_id"], r["note"]) for r in rows
    ] == [
        ("1", "GM0355", "Zeist", str(colleague), "Bram: *burgerpanel*"),
        ("1", "GM0828", "Oss", str(oss), "'+31 412 629 911, kantine"),  # never a live formula
        ("1", "GM1948", "Meierijstad", str(newcomer), ""),
    ]
    assert {r["question"] for r in rows} == {QUESTION} and all(r["created_at"] for r in rows)


async def erase(server: FakeDiscord, world: World, user_id: int) -> None:
    """`/privacy delete` and 'Bevestigen'."""
    asked = await server.invoke_command(world.guild_id, world.channel_id, user_id, "privacy delete")
    question = await asked.response()
    buttons = {b["label"]: b["custom_id"] for row in question["data"]["components"] for b in row["components"]}
    pressed = await server.click(world.guild_id, world.channel_id, user_id, asked.message_id, buttons["Bevestigen"])
    await pressed.followups()


async def test_privacy_export_and_delete_of_a_member_keep_a_colleagues_entry_and_closing_by_hand(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    zeist = await member(server, world, "anouk", running, "Zeist")
    colleague = await member(server, world, "bram", running, "Zeist")
    lochem = await member(server, world, "lotte", running, "Lochem")
    call = await open_call(server, world, closes=None)
    await join(server, world, call, zeist, "Anouk, griffie, 030-1234567")
    await join(server, world, call, colleague, "Bram")
    await join(server, world, call, lochem, "Lotte")
    await updated_call(server, world, 0, showing=heading(2))

    exported = await server.invoke_command(world.guild_id, world.channel_id, zeist, "privacy export")
    [(_, document), (_, markdown)] = (await exported.response())["files"]
    [mine] = [row for row in json.loads(document) if row["kind"] == "signup_entry"]
    assert (mine["question"], mine["municipality_name"], mine["note"]) == (
        QUESTION,
        "Zeist",
        "Anouk, griffie, 030-1234567",
    )
    assert t("privacy.section_signup_entry", "nl") in markdown.decode() and "Bram" not in document.decode()

    mark = server.mark()
    await erase(server, world, zeist)
    await erase(server, world, lochem)
    with sqlite3.connect(db_path) as db:
        members = db.execute("SELECT user_id, note FROM signup_members").fetchall()
    assert members == [(colleague, "Bram")], "the colleague's part of Zeist's entry stays"
    overview = (await ask(server, world, world.participant_id, "signup list", id=1))["embeds"][0]
    assert overview["description"].splitlines()[-1] == "Zeist (Bram)"
    shown = await updated_call(server, world, mark, showing=heading(1))
    assert entries_field(shown) == (heading(1), "Zeist"), "Lochem's entry ended with its only member's erasure"

    mark = server.mark()
    assert (await ask(server, world, world.manager_id, "signup close", id=1))["content"] == t(
        "signups.closed", "nl", id=1
    )
    closed = await updated_call(server, world, mark, showing=t("signups.call_closed_note", "nl"))
    assert closed["components"] == [] and entries_field(closed) == (heading(1), "Zeist")
    assert (await ask(server, world, world.manager_id, "signup close", id=2))["content"] == t(
        "signups.unknown_call", "nl", id=2
    )


async def test_forms_opened_before_a_restart_are_answered_after_it(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    running = await launch()
    zeist = await member(server, world, "anouk", running, "Zeist")
    newcomer = await member(server, world, "nina", running, None)
    call = await open_call(server, world)
    note_form = (await click(server, world, zeist, int(call["id"]), JOIN)).modal()
    municipality_form = (await click(server, world, newcomer, int(call["id"]), JOIN)).modal()
    assert await running.shutdown() == 0

    await launch()
    assert await write_note(server, world, zeist, note_form, "Anouk") == t(
        "signups.entered", "nl", municipality="Zeist"
    )
    filled = await server.submit_modal(
        world.guild_id, world.channel_id, newcomer, municipality_form["custom_id"], {"municipality": "Lochem"}
    )
    assert (await filled.response())["type"] == 4, "Discord offers no form in answer to a form: the button again"
    with sqlite3.connect(db_path) as db:
        entries = db.execute(
            "SELECT e.municipality_name, m.user_id, m.note FROM signup_entries e "
            "JOIN signup_members m ON m.entry_id = e.id ORDER BY e.id"
        ).fetchall()
    assert entries == [("Zeist", zeist, "Anouk")]
    assert call_message(server, world)["components"], "the buttons are still there after the restart"
