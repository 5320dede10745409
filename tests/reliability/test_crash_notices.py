"""A SIGKILL of `python -m bot` between sending a direct message and recording it: after the restart nobody gets
a second DM and nobody is left out — for an idea's new status and for a reminder by DM.

The change is made by the bot in this process on a clock an hour (or days) behind, so that its notices are due
in real time; then `python -m bot` delivers them until the first DM has reached Discord but its answer is held
back, is killed there, and a restarted bot finishes the job.
"""

import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, RecordedRequest
from tests.e2e.harness import World, ask, config_for, start_bot
from tests.e2e.test_notifications import reminder_for, supported_idea
from tests.e2e.test_process import spawn_bot
from tests.reliability.test_crash_restart import bot_log

__all__ = ["bot_log"]
MESSAGES = "/channels/{channel_id}/messages"
SENT_WITHIN = 30.0
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AMSTERDAM_FORMAT = "%d-%m-%Y %H:%M"


def is_dm(request: RecordedRequest) -> bool:
    return isinstance(request.json, dict) and str(request.json.get("nonce", "")).startswith("lk-n-")


async def kill_after_first_dm_reaches_discord(server: FakeDiscord, world: World, db_path: Path, log: IO[bytes]) -> None:
    """Run `python -m bot` until its first DM is stored by Discord (answer held back), then SIGKILL it."""
    hold = server.hold_responses("POST", MESSAGES)
    mark = server.mark()
    process = await spawn_bot(server, world, db_path, log)
    try:
        await server.wait_for_request("POST", MESSAGES, predicate=is_dm, after=mark, timeout=SENT_WITHIN)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
        hold.release()


async def restart_and_settle(server: FakeDiscord, world: World, db_path: Path) -> None:
    """Start the bot again (now), let it run what is due, and stop it cleanly.

    As after a long stop, Discord no longer remembers the nonces: only the DM channel's history tells what went out.
    """
    server.state.nonce_window_seconds = 0
    settling = await start_bot(config_for(server, db_path, world.guild_id), ManualClock(datetime.now(UTC)))
    await settling.bot.timers.run_due()
    assert await settling.shutdown() == 0


def notice_rows(db_path: Path) -> dict[int, str]:
    with sqlite3.connect(db_path) as db:
        return dict(db.execute("SELECT user_id, status FROM notices"))


def lines_in(server: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    return [m for m in server.messages(channel_id) if m["content"] and not m["embeds"] and not m["components"]]


async def test_a_kill_between_sending_a_status_dm_and_recording_it_sends_it_once(
    server: FakeDiscord, world: World, db_path: Path, bot_log: IO[bytes]
) -> None:
    closed = server.add_member(world.guild_id, username="dirk", locale="nl").id
    server.close_dms(closed)
    earlier = await start_bot(
        config_for(server, db_path, world.guild_id), ManualClock(datetime.now(UTC) - timedelta(hours=1))
    )
    prompt = await supported_idea(server, world, [world.english_participant_id, world.role_organiser_id, closed])
    await ask(server, world, world.manager_id, "idea status", id=1, status="done", note="Gelukt")
    assert await earlier.shutdown() == 0, "stopped before the notice's minute had passed on its clock"

    await kill_after_first_dm_reaches_discord(server, world, db_path, bot_log)
    assert len(server.direct_messages(world.participant_id)) == 1, "the author's DM reached Discord"
    assert notice_rows(db_path)[world.participant_id] == "sending", "and the bot never heard back"
    await restart_and_settle(server, world, db_path)

    for user_id in (world.participant_id, world.english_participant_id, world.role_organiser_id):
        assert len(server.direct_messages(user_id)) == 1, user_id
    assert server.direct_messages(closed) == []
    assert [line["content"] for line in lines_in(server, int(prompt["id"]))] == [
        f"{t('idea.notice_line', 'nl', id=1, status='afgerond')} <@{closed}>"
    ]
    assert notice_rows(db_path) == {
        world.participant_id: "sent",
        world.english_participant_id: "sent",
        world.role_organiser_id: "sent",
        closed: "refused",
    }


async def test_a_kill_between_sending_a_reminder_dm_and_recording_it_reminds_each_member_once(
    server: FakeDiscord, world: World, db_path: Path, bot_log: IO[bytes]
) -> None:
    closed = server.add_member(world.guild_id, username="dirk", locale="nl").id
    server.close_dms(closed)
    now = datetime.now(UTC)
    earlier = await start_bot(config_for(server, db_path, world.guild_id), ManualClock(now - timedelta(days=2)))
    by_dm = [world.english_participant_id, world.role_organiser_id, closed]
    starts = (
        (now + timedelta(days=10)).astimezone(AMSTERDAM).strftime(AMSTERDAM_FORMAT)
    )  # its default reminders: not yet due
    await reminder_for(server, world, [world.participant_id, *by_dm], by_dm, starts=starts)
    added = await ask(server, world, world.manager_id, "reminder add", session=1, when="11d")  # due a day ago
    assert added["content"].startswith("Herinnering #"), added
    assert await earlier.shutdown() == 0

    await kill_after_first_dm_reaches_discord(server, world, db_path, bot_log)
    assert list(notice_rows(db_path).values()).count("sending") == 1, "killed with one DM in doubt"
    await restart_and_settle(server, world, db_path)

    for user_id in (world.english_participant_id, world.role_organiser_id):
        assert len(server.direct_messages(user_id)) == 1, user_id
    reminders = [m for m in server.messages(world.channel_id) if m["embeds"] and "Herinnering" in str(m["embeds"])]
    assert len(reminders) == 1
    assert reminders[0]["content"] == f"<@{world.participant_id}> <@{closed}>"
