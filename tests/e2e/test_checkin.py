"""The check-in at a session's start, end to end: posted once, counted once per member, moved and cancelled."""

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, RecordedRequest
from tests.e2e.harness import Launcher, RunningBot, World, ask

MESSAGE = "/channels/{channel_id}/messages/{message_id}"
MESSAGES = "/channels/{channel_id}/messages"
TO_START = timedelta(days=14, hours=7, minutes=30)  # 26 Nov 11:00 UTC → 10 Dec 18:30 UTC (19:30 in Zeist)
SESSION_LENGTH = timedelta(hours=2)


def is_checkin(request: RecordedRequest) -> bool:
    return isinstance(request.json, dict) and str(request.json.get("nonce", "")).startswith("lk-checkin-")


def checkin_messages(server: FakeDiscord, world: World) -> list[dict[str, Any]]:
    marker = t("checkin.footer", "nl", id=1)
    return [
        m
        for m in server.messages(world.channel_id)
        if any(e.get("footer", {}).get("text") == marker for e in m["embeds"])
    ]


def count_shown(message: dict[str, Any]) -> str:
    [field] = message["embeds"][0]["fields"]
    assert field["name"] == t("checkin.field_count", "nl")
    return str(field["value"])


def timer(db_path: Path) -> tuple[str, str]:
    with sqlite3.connect(db_path) as db:
        [row] = db.execute("SELECT status, due_at FROM timers WHERE kind = 'session_checkin'").fetchall()
    return row[0], row[1]


def checked_in(db_path: Path) -> list[int]:
    with sqlite3.connect(db_path) as db:
        return [row[0] for row in db.execute("SELECT user_id FROM checkins ORDER BY user_id")]


async def plan_with_rsvps(server: FakeDiscord, world: World) -> None:
    await ask(server, world, world.manager_id, "session create", title="Leerkring december", starts="10-12-2026 19:30")
    await ask(server, world, world.participant_id, "session attend", id=1)
    await ask(server, world, world.english_participant_id, "session attend", id=1)


async def check_in(server: FakeDiscord, world: World, user_id: int, message_id: int) -> str:
    click = await server.click(world.guild_id, world.channel_id, user_id, message_id, "leerkring:checkin:1")
    answer = await click.final_message()
    assert click.ephemeral
    return str(answer["content"])


async def test_the_checkin_is_posted_once_at_the_start_and_counts_each_member_once(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    await plan_with_rsvps(server, world)
    clock.advance(TO_START)
    await running.bot.timers.run_due()
    await running.bot.timers.run_due()
    assert len([r for r in server.requests_to("POST", MESSAGES) if is_checkin(r) and r.status == 200]) == 1
    [message] = checkin_messages(server, world)
    assert message["embeds"][0]["title"] == t("checkin.title", "nl", title="Leerkring december")
    assert [b["label"] for row in message["components"] for b in row["components"]] == ["Ik ben er"]
    assert count_shown(message) == "0" and timer(db_path)[0] == "done"

    mark = server.mark()
    clicks = [
        server.click(world.guild_id, world.channel_id, world.participant_id, int(message["id"]), "leerkring:checkin:1")
        for _ in range(2)
    ]
    double = await asyncio.gather(*clicks)
    answers = sorted([str((await c.final_message())["content"]) for c in double])
    assert answers == sorted(
        [t("checkin.done", "nl", title="Leerkring december"), t("checkin.already", "nl", title="Leerkring december")]
    )
    english = await check_in(server, world, world.english_participant_id, int(message["id"]))
    assert english == t("checkin.done", "en", title="Leerkring december")
    await server.wait_for_request(
        "PATCH", MESSAGE, after=mark, predicate=lambda r: "'value': '2'" in str((r.json or {}).get("embeds"))
    )
    [message] = checkin_messages(server, world)
    assert count_shown(message) == "2"
    assert checked_in(db_path) == sorted([world.participant_id, world.english_participant_id])

    clock.advance(SESSION_LENGTH + timedelta(hours=2))
    late = await check_in(server, world, world.manager_id, int(message["id"]))
    assert late == t("checkin.closed", "nl", title="Leerkring december")
    assert checked_in(db_path) == sorted([world.participant_id, world.english_participant_id])


async def test_a_stop_between_posting_and_recording_leaves_one_message_and_the_button_works(
    server: FakeDiscord, world: World, launch: Launcher, clock: ManualClock, db_path: Path
) -> None:
    first = await launch()
    await plan_with_rsvps(server, world)
    clock.advance(TO_START)
    await first.bot.timers.run_due()
    [message] = checkin_messages(server, world)
    assert await first.shutdown() == 0
    with sqlite3.connect(db_path) as db:  # as if the stop came after Discord posted it, before it was recorded
        db.execute("UPDATE checkin_messages SET message_id = NULL")
        db.execute("UPDATE timers SET status = 'running' WHERE kind = 'session_checkin'")
    server.state.nonce_window_seconds = 0  # Discord's nonce memory has passed: only the channel's history tells

    again = await launch()
    await again.bot.timers.run_due()
    assert [m["id"] for m in checkin_messages(server, world)] == [message["id"]]
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT message_id FROM checkin_messages").fetchall() == [(int(message["id"]),)]
    assert timer(db_path)[0] == "done"
    answer = await check_in(server, world, world.participant_id, int(message["id"]))
    assert answer == t("checkin.done", "nl", title="Leerkring december")
    assert checked_in(db_path) == [world.participant_id]


async def test_a_checkin_due_while_the_bot_was_down_is_posted_late_or_missed(
    server: FakeDiscord, world: World, launch: Launcher, clock: ManualClock, db_path: Path
) -> None:
    first = await launch()
    await plan_with_rsvps(server, world)
    assert await first.shutdown() == 0
    clock.advance(TO_START + timedelta(hours=1))
    again = await launch()
    await again.bot.timers.run_due()
    assert len(checkin_messages(server, world)) == 1 and timer(db_path)[0] == "late"

    await ask(server, world, world.manager_id, "session create", title="Leerkring januari", starts="7-1-2027 19:30")
    assert await again.shutdown() == 0
    clock.advance(timedelta(days=28, hours=5))  # 7 Jan 19:30 came and went, and so did two hours after its end
    third = await launch()
    await third.bot.timers.run_due()
    with sqlite3.connect(db_path) as db:
        statuses = db.execute("SELECT status FROM timers WHERE kind = 'session_checkin' ORDER BY id").fetchall()
    assert statuses == [("late",), ("missed",)]
    assert len(checkin_messages(server, world)) == 1


async def test_the_checkin_moves_with_an_edited_session_and_goes_with_a_cancelled_one(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    await plan_with_rsvps(server, world)
    assert timer(db_path) == ("pending", "2026-12-10T18:30:00+00:00")
    await ask(server, world, world.manager_id, "session edit", id=1, starts="11-12-2026 10:00")
    assert timer(db_path) == ("pending", "2026-12-11T09:00:00+00:00")
    await ask(server, world, world.manager_id, "session cancel", id=1)
    assert timer(db_path)[0] == "cancelled"
    clock.advance(TO_START + timedelta(days=1))
    await running.bot.timers.run_due()
    assert checkin_messages(server, world) == []
