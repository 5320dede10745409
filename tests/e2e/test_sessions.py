"""Sessions end to end: plan, announce, RSVP (button and command), edit, cancel, list, show, calendar file."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar

from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import Launcher, RunningBot, World, ask

EVENTS = "/guilds/{guild_id}/scheduled-events"
EVENT = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}"
MESSAGES = "/channels/{channel_id}/messages"
MESSAGE = "/channels/{channel_id}/messages/{message_id}"


async def plan(server: FakeDiscord, world: World, **options: Any) -> dict[str, Any]:
    """The manager plans a session: 10 December 2026 19:30 unless said otherwise."""
    options = {"title": "Leerkring december", "starts": "10-12-2026 19:30", **options}
    return await ask(server, world, world.manager_id, "session create", **options)


def announcement(server: FakeDiscord, world: World) -> dict[str, Any]:
    """The newest announcement the bot posted in the world's channel."""
    posted = [m for m in server.messages(world.channel_id) if m["components"]]
    return posted[-1]


def rsvp_field(message: dict[str, Any]) -> str:
    return next(f["value"] for f in message["embeds"][0]["fields"] if f["name"] == t("session.field_rsvps", "nl"))


def buttons(message: dict[str, Any]) -> list[str]:
    return [button["custom_id"] for row in message["components"] for button in row["components"]]


async def test_create_announces_with_buttons_and_mirrors_an_event(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    answer = await plan(server, world, location="Stadhuis Zeist", duration="1u30m")
    assert answer["content"].startswith("Bijeenkomst #1 ‘Leerkring december’ is gepland op 10-12-2026 19:30 CET")
    assert f"<t:{int(datetime(2026, 12, 10, 18, 30, tzinfo=UTC).timestamp())}:F>" in answer["content"]
    assert "7d, 1d" in answer["content"]
    posted = announcement(server, world)
    embed = posted["embeds"][0]
    assert embed["title"] == "Leerkring december"
    assert embed["footer"]["text"] == "Bijeenkomst #1"
    assert rsvp_field(posted) == "0 komen · 0 komen niet"
    assert buttons(posted) == ["leerkring:rsvp:1:yes", "leerkring:rsvp:1:no"]
    [event] = server.requests_to("POST", EVENTS)
    assert event.json is not None and isinstance(event.json, dict)
    assert (event.json["name"], event.json["entity_metadata"]) == ("Leerkring december", {"location": "Stadhuis Zeist"})
    assert event.json["scheduled_start_time"].startswith("2026-12-10T18:30:00")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM reminders").fetchone() == (2,)
        assert db.execute("SELECT announcement_message_id FROM sessions").fetchone() == (int(posted["id"]),)


async def test_bad_dates_are_refused_and_nothing_is_stored(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    cases = {
        "28-03-2027 02:30": t("time.nonexistent", "nl", when="28-03-2027 02:30"),
        "gisteren 10:00": t("time.past", "nl", when="25-11-2026 10:00"),
        "31 februari 10:00": t("time.unparsable", "nl", text="31 februari 10:00"),
    }
    for starts, expected in cases.items():
        assert (await plan(server, world, starts=starts))["content"] == expected
    assert (await ask(server, world, world.participant_id, "session create", title="x", starts="morgen 10:00"))[
        "content"
    ] == t("auth.not_organiser", "nl")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    assert server.requests_to("POST", MESSAGES) == []


async def test_ambiguous_autumn_time_is_shown_back(server: FakeDiscord, world: World, running: RunningBot) -> None:
    answer = await plan(server, world, starts="31-10-2027 02:30")
    assert "31-10-2027 02:30 CEST" in answer["content"]


async def test_rsvp_buttons_update_the_announcement_and_work_after_a_restart(
    server: FakeDiscord, world: World, launch: Launcher
) -> None:
    first = await launch()
    await plan(server, world)
    posted = announcement(server, world)
    click = await server.click(
        world.guild_id, world.channel_id, world.participant_id, int(posted["id"]), "leerkring:rsvp:1:yes"
    )
    updated = await click.response()
    assert updated["type"] == 7
    assert rsvp_field(updated["data"]) == "1 komen · 0 komen niet"
    [confirmation] = await click.followups()
    assert confirmation["content"] == t("session.rsvp_yes", "nl", title="Leerkring december")
    again = await server.click(
        world.guild_id, world.channel_id, world.participant_id, int(posted["id"]), "leerkring:rsvp:1:yes"
    )
    assert rsvp_field((await again.response())["data"]) == "1 komen · 0 komen niet"
    assert await first.shutdown() == 0

    await launch()
    later = await server.click(
        world.guild_id, world.channel_id, world.english_participant_id, int(posted["id"]), "leerkring:rsvp:1:no"
    )
    assert rsvp_field((await later.response())["data"]) == "1 komen · 1 komen niet"
    [english] = await later.followups()
    assert english["content"] == t("session.rsvp_no", "en", title="Leerkring december")


async def test_attend_by_command_list_show_and_ics(server: FakeDiscord, world: World, running: RunningBot) -> None:
    await plan(server, world, title="Leerkring juni", starts="25-06-2027 14:00")
    await plan(server, world)
    mark = server.mark()
    answer = await ask(server, world, world.participant_id, "session attend", id=2)
    assert answer["content"] == t("session.rsvp_yes", "nl", title="Leerkring december")
    edit = await server.wait_for_request("PATCH", MESSAGE, after=mark)
    assert edit.json is not None and "1 komen" in str(edit.json["embeds"])

    listed = (await ask(server, world, world.participant_id, "session list"))["embeds"][0]["description"]
    assert listed.index("#2 Leerkring december") < listed.index("#1 Leerkring juni")
    assert "1 komen" in listed

    shown = (await ask(server, world, world.participant_id, "session show", id=1))["embeds"][0]
    assert shown["title"] == "Leerkring juni"
    assert shown["fields"][-1]["value"].startswith(f"https://discord.com/channels/{world.guild_id}/")
    unknown = await ask(server, world, world.participant_id, "session show", id=99)
    assert unknown["content"] == t("session.unknown", "nl", id=99)

    result = await server.invoke_command(world.guild_id, world.channel_id, world.participant_id, "session ics")
    response = await result.response()
    [(name, document)] = response["files"]
    assert name == "leerkring.ics"
    events = Calendar.from_ical(document).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Leerkring december", "Leerkring juni"]


async def test_session_autocomplete(server: FakeDiscord, world: World, running: RunningBot) -> None:
    await plan(server, world, title="Leerkring juni", starts="25-06-2027 14:00")
    choices = await server.autocomplete(
        world.guild_id, world.channel_id, world.participant_id, "session show", options={"id": "jun"}, focused="id"
    )
    assert choices == [{"name": "#1 · Leerkring juni · 25-06-2027 14:00", "value": 1}]


async def test_edit_moves_reminders_announcement_and_event(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await plan(server, world, location="Lochem")
    answer = await ask(
        server,
        world,
        world.manager_id,
        "session edit",
        id=1,
        starts="11-12-2026 10:00",
        location="Gemeentehuis Lochem",
    )
    assert answer["content"].startswith("Bijeenkomst #1 ‘Leerkring december’ is bijgewerkt: 11-12-2026 10:00 CET")
    [patch] = server.requests_to("PATCH", EVENT)
    assert patch.json is not None and patch.json["entity_metadata"] == {"location": "Gemeentehuis Lochem"}
    assert "Gemeentehuis Lochem" in str(announcement(server, world)["embeds"])
    with sqlite3.connect(db_path) as db:
        due = [row[0] for row in db.execute("SELECT due_at FROM timers ORDER BY due_at")]
    assert due == ["2026-12-04T09:00:00+00:00", "2026-12-10T09:00:00+00:00", "2026-12-11T09:00:00+00:00"]


async def test_cancel_tells_attendees_and_stops_reminders(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await plan(server, world)
    await ask(server, world, world.participant_id, "session attend", id=1)
    answer = await ask(server, world, world.manager_id, "session cancel", id=1)
    assert answer["content"] == t("session.cancel_done", "nl", id=1, title="Leerkring december", count=1)
    notice = server.messages(world.channel_id)[-1]
    assert notice["content"] == f"<@{world.participant_id}>\n" + t(
        "session.cancelled_notice", "nl", title="Leerkring december"
    )
    sent = [r for r in server.requests_to("POST", MESSAGES) if "niet door" in str(r.json)]
    assert sent[0].json["allowed_mentions"]["users"] == [world.participant_id]  # type: ignore[index]
    [patch] = server.requests_to("PATCH", EVENT)
    assert patch.json == {"status": 4}
    posted = announcement(server, world) if any(m["components"] for m in server.messages(world.channel_id)) else None
    assert posted is None
    with sqlite3.connect(db_path) as db:
        assert {row[0] for row in db.execute("SELECT status FROM timers")} == {"cancelled"}
    refused = await ask(server, world, world.participant_id, "session attend", id=1)
    assert refused["content"] == t("session.cancelled", "nl", id=1, title="Leerkring december")


async def test_without_event_permission_the_organiser_is_told_once(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    server.inject_fault("POST", EVENTS, status=403, times=2)
    first = await plan(server, world)
    assert first["content"].endswith(t("session.no_event_permission", "nl"))
    second = await plan(server, world, title="Nog een")
    assert t("session.no_event_permission", "nl") not in second["content"]


async def test_unusable_channel_leaves_nothing_half_written(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    server.inject_fault("POST", MESSAGES, status=403)
    answer = await plan(server, world)
    assert answer["content"] == t("session.channel_unusable", "nl", channel=f"<#{world.channel_id}>")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM timers)").fetchone() == (0,)
