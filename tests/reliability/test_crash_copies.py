"""A SIGKILL of `python -m bot` after `/idea add` was answered but before the idea's copy was recorded: after the
restart the copy is in the prompt's thread exactly once and recorded — whether the copy's request never reached
Discord, or reached it and the bot never heard back.

The first bot runs in this process (it opens the prompt); `python -m bot` then answers one `/idea add` and is killed
while the copy's POST is held; a restarted bot settles it at start.
"""

import asyncio
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pytest

from bot.clock import ManualClock
from bot.i18n import t
from localdiscord import FakeDiscord, ResponseHold
from tests.e2e.harness import World, config_for, start_bot
from tests.e2e.test_ideas import open_prompt
from tests.e2e.test_process import spawn_bot
from tests.reliability.test_crash_restart import bot_log

__all__ = ["bot_log"]
MESSAGES = "/channels/{channel_id}/messages"
WITHIN = 30.0


def copies_in(server: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """The bot's copies of idea 1 in a channel."""
    title = t("idea.copy_title", "nl", id=1)
    return [m for m in server.messages(channel_id) if any(e.get("title") == title for e in m["embeds"])]


def recorded_copy(db_path: Path) -> int | None:
    with sqlite3.connect(db_path) as db:
        row = db.execute("SELECT message_id FROM ideas WHERE id = 1").fetchone()
    return row[0] if row else None


async def until_recorded(db_path: Path) -> int:
    """The copy's message id, once the restarted bot has recorded it (a write to the file, seen by reading it)."""
    async with asyncio.timeout(WITHIN):
        while True:
            message_id = recorded_copy(db_path)
            if message_id is not None:
                return message_id
            await asyncio.sleep(0.02)


async def kill_between_answer_and_copy(
    server: FakeDiscord, world: World, db_path: Path, log: IO[bytes], hold: ResponseHold
) -> None:
    """Run `python -m bot`, have it answer one `/idea add`, and SIGKILL it while the copy's POST is held."""
    seen = server.identify_count
    process = await spawn_bot(server, world, db_path, log)
    try:
        await server.wait_for_identify(seen, timeout=WITHIN)
        result = await server.invoke_command(
            world.guild_id, world.channel_id, world.participant_id, "idea add", options={"text": "Proeftuin"}
        )
        answer = await result.final_message()
        assert answer["content"] == t("idea.added", "nl", id=1, prompt=1), answer
        async with asyncio.timeout(WITHIN):
            await hold.reached.wait()
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
        hold.release()


@pytest.mark.parametrize("lost", [True, False], ids=["copy-never-reached-discord", "copy-posted-answer-lost"])
async def test_a_kill_between_the_answer_and_the_copy_leaves_the_copy_posted_once(
    server: FakeDiscord, world: World, db_path: Path, bot_log: IO[bytes], lost: bool
) -> None:
    first = await start_bot(config_for(server, db_path, world.guild_id), ManualClock(datetime.now(UTC)))
    prompt = await open_prompt(server, world)
    assert await first.shutdown() == 0
    thread_id = int(prompt["id"])  # the prompt's thread has the id of its message

    hold = (server.hold_requests if lost else server.hold_responses)("POST", MESSAGES)
    await kill_between_answer_and_copy(server, world, db_path, bot_log, hold)
    assert recorded_copy(db_path) is None, "the idea is stored, its copy not recorded"
    assert len(copies_in(server, thread_id)) == (0 if lost else 1)

    server.state.nonce_window_seconds = 0  # as after a long stop: only the thread's history tells what went out
    restarted = await start_bot(config_for(server, db_path, world.guild_id), ManualClock(datetime.now(UTC)))
    message_id = await until_recorded(db_path)
    assert await restarted.shutdown() == 0

    [copy] = copies_in(server, thread_id)
    assert int(copy["id"]) == message_id
    assert copy["embeds"][0]["description"] == "Proeftuin"
    assert "leerkring:idea:support:1" in str(copy["components"])
