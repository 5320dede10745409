"""Host calls end to end: volunteering (also on the spot and by colleagues), withdrawing, the live message,
confirmation, deadlines, concurrency and restarts."""

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, InteractionResult
from tests.e2e.harness import Launcher, RunningBot, World, ask

MESSAGE = "/channels/{channel_id}/messages/{message_id}"
MESSAGES = "/channels/{channel_id}/messages"
EVENT = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}"
SESSIONS = [
    ("Leerkring december", "10-12-2026 19:30"),
    ("Leerkring januari", "20-01-2027 10:00"),
    ("Leerkring juni", "25-06-2027 14:00"),
]


async def member(server: FakeDiscord, world: World, name: str, running: RunningBot, municipality: str | None) -> int:
    """A new member of the server, with a municipality on their profile unless None."""
    user = server.add_member(world.guild_id, username=name, locale="nl")
    await running.bot.wait_for("member_join", check=lambda m: m.id == user.id)
    if municipality:
        await ask(server, world, user.id, "profile municipality", name=municipality)
    return user.id


async def open_call(server: FakeDiscord, world: World) -> dict[str, Any]:
    for title, starts in SESSIONS:
        await ask(server, world, world.manager_id, "session create", title=title, starts=starts)
    answer = await ask(server, world, world.manager_id, "hosts call", sessions="1, 2, 3", closes="1-12-2026 17:00")
    assert answer["content"].startswith("Oproep #1 voor 3 bijeenkomst(en) staat klaar")
    return call_message(server, world)


def call_message(server: FakeDiscord, world: World) -> dict[str, Any]:
    return next(m for m in server.messages(world.channel_id) if "Oproep #1" in str(m["embeds"]))


def field_values(message: dict[str, Any]) -> list[str]:
    return [field["value"] for field in message["embeds"][0]["fields"]]


async def volunteer(
    server: FakeDiscord, world: World, call: dict[str, Any], user_id: int, sessions: list[int], note: str
) -> list[str]:
    """Press 'Wij willen gastgemeente zijn', pick sessions, write the note; return the confirmation lines."""
    click = await server.click(world.guild_id, world.channel_id, user_id, int(call["id"]), "leerkring:hosts:join:1")
    return await pick_and_note(server, world, click, user_id, sessions, note)


async def pick_and_note(
    server: FakeDiscord, world: World, step: InteractionResult, user_id: int, sessions: list[int], note: str
) -> list[str]:
    answer = await step.response()
    assert step.ephemeral and answer["data"]["content"] == t("hosts.pick_sessions", "nl")
    pick = await server.click(
        world.guild_id,
        world.channel_id,
        user_id,
        step.message_id,
        "leerkring:hosts:pick:1",
        values=[str(s) for s in sessions],
    )
    await pick.response()
    modal = pick.modal()
    submitted = await server.submit_modal(world.guild_id, world.channel_id, user_id, modal["custom_id"], {"note": note})
    return (await submitted.response())["data"]["content"].splitlines()


async def updated_call(server: FakeDiscord, world: World, mark: int) -> dict[str, Any]:
    """Wait for the (debounced) edit of the call message after `mark` and return the message."""
    await server.wait_for_request(
        "PATCH", MESSAGE, after=mark, predicate=lambda r: "Oproep #1" in str((r.json or {}).get("embeds"))
    )  # type: ignore[union-attr]
    return call_message(server, world)


async def test_volunteers_colleagues_on_the_spot_profile_withdrawal_and_confirmation(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    zeist = await member(server, world, "anouk", running, "Zeist")
    zeist_colleague = await member(server, world, "bram", running, "GM0355")
    lochem = await member(server, world, "lotte", running, "Lochem")
    oss = await member(server, world, "olaf", running, "Oss")
    newcomer = await member(server, world, "nina", running, None)
    call = await open_call(server, world)
    assert field_values(call) == [t("hosts.no_volunteers_yet", "nl")] * 3
    assert [b["label"] for row in call["components"] for b in row["components"]] == [
        "Wij willen gastgemeente zijn",
        "Terugtrekken",
    ]

    mark = server.mark()
    lines = await volunteer(server, world, call, zeist, [1, 2], "Raadzaal, 40 personen")
    assert lines == [
        t("hosts.entered", "nl", municipality="Zeist", title="Leerkring december"),
        t("hosts.entered", "nl", municipality="Zeist", title="Leerkring januari"),
    ]
    call = await updated_call(server, world, mark)
    assert field_values(call)[:2] == ["Zeist (Raadzaal, 40 personen)"] * 2

    mark = server.mark()
    lines = await volunteer(server, world, call, zeist_colleague, [1], "Beamer aanwezig")
    assert lines == [t("hosts.entered_by_colleague", "nl", municipality="Zeist", title="Leerkring december")]
    await volunteer(server, world, call, lochem, [2, 3], "")
    await volunteer(server, world, call, oss, [3], "Kantine")
    call = await updated_call(server, world, mark)
    assert field_values(call) == [
        "Zeist (Raadzaal, 40 personen · Beamer aanwezig)",
        "Zeist (Raadzaal, 40 personen)\nLochem",
        "Lochem\nOss (Kantine)",
    ]

    mark = server.mark()
    click = await server.click(world.guild_id, world.channel_id, newcomer, int(call["id"]), "leerkring:hosts:join:1")
    await click.response()
    profile_modal = click.modal()
    assert profile_modal["title"] == t("hosts.municipality_title", "nl")
    filled = await server.submit_modal(
        world.guild_id, world.channel_id, newcomer, profile_modal["custom_id"], {"municipality": "meijerijstad"}
    )
    assert await pick_and_note(server, world, filled, newcomer, [1], "") == [
        t("hosts.entered", "nl", municipality="Meierijstad", title="Leerkring december")
    ]
    shown = await ask(server, world, newcomer, "profile show")
    assert shown["content"] == t("profile.show_municipality", "nl", name="Meierijstad")

    withdraw = await server.click(world.guild_id, world.channel_id, lochem, int(call["id"]), "leerkring:hosts:leave:1")
    assert (await withdraw.response())["data"]["content"] == t("hosts.pick_withdraw", "nl")
    chosen = await server.click(
        world.guild_id, world.channel_id, lochem, withdraw.message_id, "leerkring:hosts:unpick:1", values=["3"]
    )
    assert (await chosen.response())["data"]["content"] == t("hosts.withdrawn", "nl", municipality="Lochem", count=1)
    call = await updated_call(server, world, mark)
    assert field_values(call) == [
        "Zeist (Raadzaal, 40 personen · Beamer aanwezig)\nMeierijstad",
        "Zeist (Raadzaal, 40 personen)\nLochem",
        "Oss (Kantine)",
    ]

    listed = (await ask(server, world, world.participant_id, "hosts list", session=1))["embeds"][0]
    assert listed["description"].splitlines() == [
        t(
            "hosts.overview_line",
            "nl",
            name="Zeist (Raadzaal, 40 personen · Beamer aanwezig)",
            last=t("hosts.never_hosted", "nl"),
        ),
        t("hosts.overview_line", "nl", name="Meierijstad", last=t("hosts.never_hosted", "nl")),
    ]

    refused = await ask(server, world, zeist, "hosts confirm", session=1, municipality="GM0355")
    assert refused["content"] == t("auth.not_organiser", "nl")
    mark = server.mark()
    confirmed = await ask(server, world, world.manager_id, "hosts confirm", session=1, municipality="GM0355")
    assert confirmed["content"] == t("hosts.confirmed", "nl", title="Leerkring december", municipality="Zeist")
    shown = next(m["id"] for m in server.messages(world.channel_id) if "Bijeenkomst #1" in str(m["embeds"]))
    await server.wait_for_request("PATCH", MESSAGE, after=mark, predicate=lambda r: r.path.endswith(f"/{shown}"))
    [announcement] = [m for m in server.messages(world.channel_id) if m["id"] == shown]
    assert {"name": "Gastgemeente", "value": "Zeist", "inline": True} in announcement["embeds"][0]["fields"]
    event = await server.wait_for_request("PATCH", EVENT, after=mark, predicate=lambda r: bool(r.json))
    assert event.json["entity_metadata"] == {"location": "Gemeente Zeist"}  # type: ignore[index]
    public = [m["content"] for m in server.messages(world.channel_id) if "Gastgemeente voor" in m["content"]]
    assert len(public) == 1 and "**Zeist**" in public[0] and "Dank ook aan Meierijstad" in public[0]
    call = await updated_call(server, world, mark)
    assert field_values(call)[0].startswith(t("hosts.confirmed_line", "nl", host="Zeist"))

    clock.advance(timedelta(days=7, hours=7, minutes=30))  # the 7-day reminder of session 1
    await running.bot.timers.run_due()
    reminder = next(m for m in reversed(server.messages(world.channel_id)) if "Herinnering" in str(m["embeds"]))
    assert {"name": "Gastgemeente", "value": "Zeist", "inline": True} in reminder["embeds"][0]["fields"]


async def test_confirming_a_municipality_that_did_not_volunteer_asks_first(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await open_call(server, world)
    result = await server.invoke_command(
        world.guild_id,
        world.channel_id,
        world.manager_id,
        "hosts confirm",
        options={"session": 2, "municipality": "GM0262"},
    )
    question = await result.response()
    assert result.ephemeral
    assert question["data"]["content"] == t(
        "hosts.confirm_unvolunteered", "nl", municipality="Lochem", title="#2 · Leerkring januari · 20-01-2027 10:00"
    )
    yes = next(b for row in question["data"]["components"] for b in row["components"] if b["label"] == "Bevestigen")
    pressed = await server.click(
        world.guild_id, world.channel_id, world.manager_id, result.message_id, yes["custom_id"]
    )
    [done] = await pressed.followups()
    assert done["content"] == t("hosts.confirmed", "nl", title="Leerkring januari", municipality="Lochem")


async def test_simultaneous_clicks_of_one_municipality_make_one_entry(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    first = await member(server, world, "anouk", running, "Zeist")
    second = await member(server, world, "bram", running, "Zeist")
    call = await open_call(server, world)
    outcomes = await asyncio.gather(
        volunteer(server, world, call, first, [1], "Raadzaal"), volunteer(server, world, call, second, [1], "Kantine")
    )
    assert sorted(line.split(" ")[0] for lines in outcomes for line in lines) == ["Een", "Zeist"]
    with sqlite3.connect(db_path) as db:
        [(count,)] = db.execute("SELECT count(*) FROM host_volunteers").fetchall()
        notes = db.execute("SELECT user_id, note FROM host_volunteer_members ORDER BY note").fetchall()
    assert count == 1 and notes == [(second, "Kantine"), (first, "Raadzaal")], "one entry, a note per member"


async def test_a_cancelled_session_leaves_the_call_with_a_notice(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await open_call(server, world)
    mark = server.mark()
    await ask(server, world, world.manager_id, "session cancel", id=2)
    call = await updated_call(server, world, mark)
    assert t("hosts.session_gone", "nl", id=2, title="Leerkring januari") in call["embeds"][0]["description"]
    assert [f["name"].split(" ·")[0] for f in call["embeds"][0]["fields"]] == [
        "#1 Leerkring december",
        "#3 Leerkring juni",
    ]


async def test_an_edited_session_shows_as_it_is_now_in_the_call(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    await open_call(server, world)
    mark = server.mark()
    await ask(server, world, world.manager_id, "session edit", id=1, title="Leerkring december (verzet)")
    call = await updated_call(server, world, mark)
    assert call["embeds"][0]["fields"][0]["name"].startswith("#1 Leerkring december (verzet) · ")


async def test_buttons_work_after_a_restart_and_a_closed_call_answers_politely(
    server: FakeDiscord, world: World, launch: Launcher, clock: ManualClock
) -> None:
    running = await launch()
    zeist = await member(server, world, "anouk", running, "Zeist")
    call = await open_call(server, world)
    assert await running.shutdown() == 0
    running = await launch()
    step = await server.click(world.guild_id, world.channel_id, zeist, int(call["id"]), "leerkring:hosts:join:1")
    assert (await step.response())["data"]["content"] == t("hosts.pick_sessions", "nl")

    mark = server.mark()
    clock.advance(timedelta(days=5, hours=6))  # the warning (24 h before) and the closing (1 Dec 17:00) fall due
    await running.bot.timers.run_due()
    warning = await server.wait_for_request(
        "POST", MESSAGES, after=mark, predicate=lambda r: "nog geen gastgemeente" in str(r.json)
    )
    assert warning.json["allowed_mentions"]["users"] == [world.manager_id]  # type: ignore[index]
    closed = call_message(server, world)
    assert closed["components"] == []
    assert t("hosts.call_closed_note", "nl") in closed["embeds"][0]["description"]
    late = await server.click(
        world.guild_id, world.channel_id, zeist, step.message_id, "leerkring:hosts:pick:1", values=["1"]
    )
    assert (await late.response())["data"]["content"] == t("hosts.call_closed", "nl")


async def test_bad_calls_are_refused(server: FakeDiscord, world: World, running: RunningBot) -> None:
    await ask(server, world, world.manager_id, "session create", title="December", starts="10-12-2026 19:30")
    cases = {
        ("1", "11-12-2026 10:00"): t("hosts.closes_after_session", "nl", id=1, title="December"),
        ("1, x", None): t("hosts.bad_sessions", "nl", text="1, x"),
        ("7", None): t("session.unknown", "nl", id=7),
    }
    for (sessions, closes), expected in cases.items():
        options = {"sessions": sessions} | ({"closes": closes} if closes else {})
        assert (await ask(server, world, world.manager_id, "hosts call", **options))["content"] == expected
    assert (await ask(server, world, world.participant_id, "hosts call", sessions="1"))["content"] == t(
        "auth.not_organiser", "nl"
    )


def host_entries(db_path: Path) -> list[tuple[int, str, int, str]]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT v.session_id, v.municipality_code, m.user_id, m.note FROM host_volunteers v "
            "JOIN host_volunteer_members m ON m.volunteer_id = v.id ORDER BY v.session_id"
        )
        return [tuple(row) for row in rows]


async def test_a_note_form_opened_before_a_restart_is_answered_after_it(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    running = await launch()
    zeist = await member(server, world, "anouk", running, "Zeist")
    call = await open_call(server, world)
    step = await server.click(world.guild_id, world.channel_id, zeist, int(call["id"]), "leerkring:hosts:join:1")
    await step.response()
    pick = await server.click(
        world.guild_id, world.channel_id, zeist, step.message_id, "leerkring:hosts:pick:1", values=["1", "3"]
    )
    await pick.response()
    form = pick.modal()
    assert len(form["custom_id"]) <= 100
    assert await running.shutdown() == 0

    await launch()
    submitted = await server.submit_modal(
        world.guild_id, world.channel_id, zeist, form["custom_id"], {"note": "Raadzaal, 40 personen"}
    )
    assert (await submitted.response())["data"]["content"].splitlines() == [
        t("hosts.entered", "nl", municipality="Zeist", title="Leerkring december"),
        t("hosts.entered", "nl", municipality="Zeist", title="Leerkring juni"),
    ]
    assert host_entries(db_path) == [
        (1, "GM0355", zeist, "Raadzaal, 40 personen"),
        (3, "GM0355", zeist, "Raadzaal, 40 personen"),
    ]


async def test_the_municipality_form_survives_a_restart_and_never_answers_a_form_with_a_form(
    server: FakeDiscord, world: World, launch: Launcher, db_path: Path
) -> None:
    running = await launch()
    newcomer = await member(server, world, "nina", running, None)
    await ask(server, world, world.manager_id, "session create", title="Leerkring juni", starts="25-06-2027 14:00")
    await ask(server, world, world.manager_id, "hosts call", sessions="1")
    call = call_message(server, world)
    click = await server.click(world.guild_id, world.channel_id, newcomer, int(call["id"]), "leerkring:hosts:join:1")
    await click.response()
    asked = click.modal()
    assert await running.shutdown() == 0

    await launch()
    filled = await server.submit_modal(
        world.guild_id, world.channel_id, newcomer, asked["custom_id"], {"municipality": "meijerijstad"}
    )
    assert (await filled.response())["type"] == 4  # Discord offers no form in answer to a form: the session choice
    assert await pick_and_note(server, world, filled, newcomer, [1], "Kantine") == [
        t("hosts.entered", "nl", municipality="Meierijstad", title="Leerkring juni")
    ]
    assert host_entries(db_path) == [(1, "GM1948", newcomer, "Kantine")]


async def test_many_notes_stay_within_discords_limits_and_say_how_many_are_not_shown(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    for day in range(1, 26):
        await ask(
            server, world, world.manager_id, "session create", title=f"Leerkring {day}", starts=f"{day}-01-2027 10:00"
        )
    await ask(server, world, world.manager_id, "hosts call", sessions=", ".join(str(n) for n in range(1, 26)))
    call = call_message(server, world)
    places = ("Zeist", "Lochem", "Oss", "Meierijstad")
    colleagues = [await member(server, world, f"{place}-{n}", running, place) for place in places for n in (1, 2)]
    mark = server.mark()
    for number, user_id in enumerate(colleagues):
        note = f"Notitie {number}: " + "ruime zaal met beamer " * 14
        await volunteer(server, world, call, user_id, list(range(1, 26)), note[:300])
    more = t("render.more", "nl", count=len(places) - 1)

    def shows_everyone(request: Any) -> bool:  # edits are coalesced: an earlier one may show fewer municipalities
        body = request.json or {}
        values = field_values(body) if body.get("embeds") else []
        return bool(values) and all(value.endswith(f"\n{more}") for value in values)

    await server.wait_for_request("PATCH", MESSAGE, after=mark, predicate=shows_everyone)
    call = call_message(server, world)
    assert server.violations == []
    assert all(value.endswith(f"\n{more}") for value in field_values(call))
    assert text_size(call["embeds"]) <= 6000

    listed = await server.invoke_command(world.guild_id, world.channel_id, world.participant_id, "hosts list")
    embeds = (await listed.final_message())["embeds"]
    assert len(embeds) == 10 and text_size(embeds) <= 6000
    assert all(embed["description"].endswith(f"\n{more}") for embed in embeds)
    assert embeds[-1]["footer"]["text"] == t("render.more", "nl", count=25 - 10)
    assert server.violations == []


def text_size(embeds: list[dict[str, Any]]) -> int:
    """The characters Discord counts toward a message's 6000: titles, descriptions, fields, footers, authors."""
    return sum(
        len(embed.get("title") or "")
        + len(embed.get("description") or "")
        + len((embed.get("footer") or {}).get("text") or "")
        + len((embed.get("author") or {}).get("name") or "")
        + sum(len(field["name"]) + len(field["value"]) for field in embed.get("fields") or [])
        for embed in embeds
    )
