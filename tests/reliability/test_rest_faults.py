"""REST faults injected by the fake: 429 (per route and global), 500/502, 403, 404, and responses slower than the
interaction deadline. Expected: retried, or the organiser is told; nothing stored is lost."""

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.domain.timers import RETRY_DELAYS
from bot.i18n import t
from localdiscord import FakeDiscord
from tests.e2e.harness import RunningBot, World, ask

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
MESSAGES = "/channels/{channel_id}/messages"
MESSAGE = "/channels/{channel_id}/messages/{message_id}"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"
EVENTS = "/guilds/{guild_id}/scheduled-events"
EVENT = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}"
DISCORD_DEADLINE = 3.0
GENERIC = {t("errors.generic", "nl"), t("errors.generic", "en")}


def rows(db_path: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        return list(db.execute(query))


async def plan(server: FakeDiscord, world: World) -> dict[str, Any]:
    """Session #1 on 10 December, with its announcement."""
    answer = await ask(server, world, world.manager_id, "session create", title="Leerkring", starts="10-12-2026 19:30")
    assert answer["content"].startswith("Bijeenkomst #1"), answer
    return next(m for m in server.messages(world.channel_id) if m["components"])


def reminder_posts(server: FakeDiscord) -> list[int]:
    return [r.status for r in server.requests_to("POST", MESSAGES) if "lk-reminder" in str(r.json)]


async def test_a_rate_limited_answer_is_retried(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    server.inject_fault("POST", CALLBACK, status=429, retry_after=0.05)
    answer = await ask(server, world, world.participant_id, "profile municipality", name="GM0262")
    assert answer["content"] == t("profile.municipality_set", "nl", name="Lochem")
    assert [r.status for r in server.requests_to("POST", CALLBACK)] == [429, 200]
    assert rows(db_path, "SELECT municipality_code FROM profiles") == [("GM0262",)]


async def test_a_global_rate_limit_on_the_announcement_is_retried(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    server.inject_fault("POST", MESSAGES, status=429, retry_after=0.05, global_=True)
    posted = await plan(server, world)
    assert [r.status for r in server.requests_to("POST", MESSAGES)] == [429, 200]
    assert rows(db_path, "SELECT announcement_message_id FROM sessions") == [(int(posted["id"]),)]


async def test_a_rate_limited_reminder_goes_out_once(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await plan(server, world)
    server.inject_fault("POST", MESSAGES, status=429, retry_after=0.05, times=2)
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    assert await running.bot.timers.run_due() == 1
    assert reminder_posts(server) == [429, 429, 200]


async def test_a_server_error_on_the_answer_is_retried(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    """discord.py waits a second before retrying a 5xx: this test takes that long."""
    server.inject_fault("POST", CALLBACK, status=500)
    answer = await ask(server, world, world.participant_id, "profile organisation", name="VNG")
    assert answer["content"] == t("profile.organisation_set", "nl", name="VNG")
    assert rows(db_path, "SELECT organisation FROM profiles") == [("VNG",)]


async def test_a_bad_gateway_on_the_announcement_edit_is_retried(
    server: FakeDiscord, world: World, running: RunningBot
) -> None:
    """discord.py waits a second before retrying a 5xx: this test takes that long."""
    posted = await plan(server, world)
    server.inject_fault("PATCH", MESSAGE, status=502)
    mark = server.mark()
    await ask(server, world, world.participant_id, "session attend", id=1)
    edit = await server.wait_for_request("PATCH", MESSAGE, lambda r: r.status == 200, after=mark)
    assert edit.path.endswith(posted["id"]) and "1 komen" in str(server.messages(world.channel_id)[-1]["embeds"])


async def test_a_forbidden_announcement_does_not_hide_a_stored_edit(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await plan(server, world)
    server.inject_fault("PATCH", MESSAGE, status=403)
    answer = await ask(server, world, world.manager_id, "session edit", id=1, starts="11-12-2026 10:00")
    assert rows(db_path, "SELECT starts_local FROM sessions") == [("2026-12-11T10:00",)]
    assert answer["content"] not in GENERIC


async def test_a_forbidden_announcement_does_not_spoil_an_rsvp(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    await plan(server, world)
    server.inject_fault("PATCH", MESSAGE, status=403)
    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.participant_id, "session attend", {"id": 1}
    )
    assert (await result.final_message())["content"] == t("session.rsvp_yes", "nl", title="Leerkring")
    assert rows(db_path, "SELECT attending FROM rsvps") == [(1,)]
    try:  # a follow-up comes right after the refused edit, if at all: waiting for it is bounded, not a sleep
        later = await server.wait_for_request("POST", FOLLOWUP, lambda r: result.token in r.path, timeout=2)
    except TimeoutError:
        return
    assert isinstance(later.json, dict) and later.json.get("content") not in GENERIC


async def test_a_deleted_announcement_does_not_block_rsvps_or_edits(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    posted = await plan(server, world)
    await server.delete_message(world.channel_id, int(posted["id"]))
    attended = await ask(server, world, world.participant_id, "session attend", id=1)
    assert attended["content"] == t("session.rsvp_yes", "nl", title="Leerkring")
    edited = await ask(server, world, world.manager_id, "session edit", id=1, location="Zeist")
    assert edited["content"].startswith("Bijeenkomst #1") and "Unknown Message" not in edited["content"]
    assert edited["content"].endswith(t("session.announcement_stale", "nl", channel=f"<#{world.channel_id}>"))
    assert rows(db_path, "SELECT location FROM sessions") == [("Zeist",)]
    assert server.requests_to("PATCH", MESSAGE)[-1].status == 404


async def test_a_reminder_to_a_deleted_channel_is_retried_then_shown_failed(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    await plan(server, world)
    server.inject_fault("POST", MESSAGES, status=404, times=len(RETRY_DELAYS) + 1)
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    assert await running.bot.timers.run_due() == 1
    for delay in RETRY_DELAYS:
        clock.advance(delay)
        assert await running.bot.timers.run_due() == 1
    assert reminder_posts(server) == [404] * (len(RETRY_DELAYS) + 1)
    listed = (await ask(server, world, world.manager_id, "reminder list"))["embeds"][0]["description"]
    assert t("reminder.status_failed", "nl") in listed.splitlines()[0] and "NotFound" in listed.splitlines()[0]
    assert rows(db_path, "SELECT count(*) FROM reminders") == [(2,)]  # kept, never silently deleted


SLOW_ROUTES = [("POST", MESSAGES), ("PATCH", MESSAGE), ("POST", EVENTS), ("PATCH", EVENT), ("GET", MESSAGES)]
SLOW_CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "session create": ("manager", {"title": "Traag", "starts": "11-12-2026 19:30"}),
    "session edit": ("manager", {"id": 1, "location": "Zeist"}),
    "session cancel": ("manager", {"id": 1}),
    "session attend": ("participant", {"id": 1}),
    "rsvp button": ("participant", {}),
    "reminder add": ("manager", {"session": 1, "when": "3u"}),
    "session show": ("participant", {"id": 1}),
}


@pytest.mark.parametrize("command", sorted(SLOW_CASES))
async def test_slow_discord_never_makes_the_bot_miss_the_interaction_deadline(
    server: FakeDiscord, world: World, running: RunningBot, command: str
) -> None:
    """Every other Discord request hangs; the interaction must still be answered (or deferred) within 3 s."""
    posted = await plan(server, world)
    await ask(server, world, world.participant_id, "session attend", id=1)
    holds = [server.hold_responses(method, route) for method, route in SLOW_ROUTES]
    server.state.interaction_deadline_seconds = DISCORD_DEADLINE
    who, options = SLOW_CASES[command]
    user = world.manager_id if who == "manager" else world.participant_id
    if command == "rsvp button":
        result = await server.click(world.guild_id, world.channel_id, user, int(posted["id"]), "leerkring:rsvp:1:no")
    else:
        result = await server.invoke_command(world.guild_id, world.channel_id, user, command, options)
    await result.response(timeout=DISCORD_DEADLINE)
    assert result.late_callbacks == 0
    for hold in holds:
        hold.release()
    assert (await result.final_message(timeout=10)).get("content") not in GENERIC
