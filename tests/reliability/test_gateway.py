"""Gateway behaviour: repeated events, RESUME with replay mid-burst, INVALID_SESSION forcing a new IDENTIFY.

(A malformed payload ending the process non-zero is covered by tests/e2e/test_process.py.)
"""

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, InteractionResult
from tests.e2e.harness import RunningBot, World, ask

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
MESSAGES = "/channels/{channel_id}/messages"
DISCORD_DEADLINE = 3.0


def count(db_path: Path, query: str) -> int:
    with sqlite3.connect(db_path) as db:
        return int(db.execute(query).fetchone()[0])


async def plan(server: FakeDiscord, world: World) -> dict[str, Any]:
    answer = await ask(server, world, world.manager_id, "session create", title="Leerkring", starts="10-12-2026 19:30")
    return next(m for m in server.messages(world.channel_id) if m["components"]) | {"answer": answer}


async def deliver_again(server: FakeDiscord, world: World, result: InteractionResult) -> None:
    """Dispatch the very same INTERACTION_CREATE once more; the bot must ignore it (no second answer).

    Gateway events are parsed in order, so once a later command is answered the repeat has been read.
    """
    mark = server.mark()
    await server.dispatch("INTERACTION_CREATE", result.payload)
    await ask(server, world, world.participant_id, "profile show")
    assert [r for r in server.requests[mark:] if r.matches("POST", CALLBACK) and result.token in r.path] == []


REPEATED: dict[str, tuple[dict[str, Any], str]] = {
    "reminder add": (
        {"session": 1, "when": "3u", "message": "Neem je laptop mee"},
        "SELECT count(*) FROM reminders WHERE message = 'Neem je laptop mee'",
    ),
    "session create": (
        {"title": "Herhaald", "starts": "11-12-2026 19:30"},
        "SELECT count(*) FROM sessions WHERE title = 'Herhaald'",
    ),
    "setup reminders": ({"offsets": "3d"}, "SELECT count(*) FROM guild_settings WHERE reminder_offsets = '3d'"),
}


@pytest.mark.parametrize(
    "command",
    [
        "reminder add",
        "session create",
        "setup reminders",
    ],
)
async def test_a_repeated_command_event_stores_once(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path, command: str
) -> None:
    await plan(server, world)
    options, query = REPEATED[command]
    result = await server.invoke_command(world.guild_id, world.channel_id, world.manager_id, command, options)
    await result.final_message()
    await deliver_again(server, world, result)
    await ask(server, world, world.participant_id, "profile show")  # the bot has finished with the repeat
    assert count(db_path, query) == 1


async def test_a_repeated_rsvp_click_counts_once(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    posted = await plan(server, world)
    click = await server.click(
        world.guild_id, world.channel_id, world.participant_id, int(posted["id"]), "leerkring:rsvp:1:yes"
    )
    await click.followups()
    await deliver_again(server, world, click)
    answer = await ask(server, world, world.participant_id, "session show", id=1)
    assert "1 " in str(answer["embeds"]) and count(db_path, "SELECT count(*) FROM rsvps") == 1
    assert t("errors.generic", "nl") not in str([m.get("content") for m in click.followup_messages])


async def test_resume_replays_a_burst_cut_by_a_dropped_connection(
    server: FakeDiscord, world: World, running: RunningBot, db_path: Path
) -> None:
    posted = await plan(server, world)
    members = [server.add_member(world.guild_id, username=f"lid{i}", locale="nl").id for i in range(16)]
    server.state.interaction_deadline_seconds = DISCORD_DEADLINE
    results = []
    for i, member in enumerate(members):
        if i == len(members) // 2:
            await server.drop_connections()  # the rest of the burst is sent while the bot is away, then replayed
        if i % 2:
            results.append(
                await server.invoke_command(world.guild_id, world.channel_id, member, "session attend", {"id": 1})
            )
        else:
            results.append(
                await server.click(world.guild_id, world.channel_id, member, int(posted["id"]), "leerkring:rsvp:1:no")
            )
    for result in results:
        await result.response(timeout=DISCORD_DEADLINE)
    assert server.identify_count == 1  # resumed, not a new session
    assert sum(r.late_callbacks for r in results) == 0
    assert count(db_path, "SELECT count(*) FROM rsvps") == len(members)
    assert count(db_path, "SELECT count(*) FROM rsvps WHERE attending = 1") == len(members) // 2


async def test_a_resumable_invalid_session_resumes(server: FakeDiscord, world: World, running: RunningBot) -> None:
    await server.invalidate_sessions(resumable=True)
    answer = await ask(server, world, world.participant_id, "profile municipality", name="GM0262")
    assert answer["content"] == t("profile.municipality_set", "nl", name="Lochem")
    assert server.identify_count == 1


async def test_invalid_session_forces_a_new_identify_and_reminders_do_not_wait_for_it(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    """discord.py pauses 5 s before a non-initial IDENTIFY (Client.before_identify_hook): this test takes that long."""
    posted = await plan(server, world)
    await ask(server, world, world.participant_id, "session attend", id=1)
    seen, loop = server.identify_count, asyncio.get_running_loop()
    started = loop.time()
    await server.invalidate_sessions(resumable=False)

    clock.advance(timedelta(days=7, hours=7, minutes=30))  # the 7-day reminder falls due while the bot reconnects
    assert await running.bot.timers.run_due() == 1
    assert server.identify_count == seen, "the reminder went out before the new session"
    [reminder] = [r for r in server.requests_to("POST", MESSAGES) if "lk-reminder" in str(r.json)]
    assert reminder.status == 200

    await server.wait_for_identify(after=seen, timeout=15)
    print(f"\nre-IDENTIFY {loop.time() - started:.1f}s after INVALID_SESSION")
    assert not running.task.done()
    click = await server.click(
        world.guild_id, world.channel_id, world.english_participant_id, int(posted["id"]), "leerkring:rsvp:1:yes"
    )
    [confirmation] = await click.followups()
    assert confirmation["content"] == t("session.rsvp_yes", "en", title="Leerkring")
    assert count(db_path, "SELECT count(*) FROM rsvps WHERE attending = 1") == 2
