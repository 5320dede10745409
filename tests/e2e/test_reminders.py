"""Reminders end to end: delivery with mentions, restarts with downtime, a crash mid-send, failures, the list."""

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.domain.timers import RETRY_DELAYS
from bot.i18n import t
from localdiscord import FakeDiscord, RecordedRequest
from tests.e2e.harness import Launcher, RunningBot, World, ask

MESSAGES = "/channels/{channel_id}/messages"


def is_reminder(request: RecordedRequest) -> bool:
    return isinstance(request.json, dict) and str(request.json.get("nonce", "")).startswith("lk-reminder-")


def reminder_posts(server: FakeDiscord) -> list[RecordedRequest]:
    return [r for r in server.requests_to("POST", MESSAGES) if is_reminder(r) and r.status == 200]


def statuses(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as db:
        return list(
            db.execute(
                "SELECT s.title, t.status FROM timers t JOIN reminders r ON r.id = t.subject_id "
                "JOIN sessions s ON s.id = r.session_id WHERE t.kind = 'session_reminder' ORDER BY t.due_at"
            )
        )


async def plan(server: FakeDiscord, world: World, title: str, starts: str, **options: Any) -> None:
    answer = await ask(server, world, world.manager_id, "session create", title=title, starts=starts, **options)
    assert "#" in answer["content"], answer


async def test_a_due_reminder_mentions_attendees_and_links_the_announcement(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await plan(server, world, "Leerkring december", "10-12-2026 19:30", location="Zeist")
    await ask(server, world, world.participant_id, "session attend", id=1)
    await ask(server, world, world.english_participant_id, "session attend", id=1, coming=False)
    clock.advance(timedelta(days=7, hours=7, minutes=30))  # 3 December 19:30 CET: the 7-day reminder
    assert await running.bot.timers.run_due() == 1
    [sent] = reminder_posts(server)
    assert sent.json is not None and isinstance(sent.json, dict)
    assert sent.json["content"] == f"<@{world.participant_id}>"
    assert sent.json["allowed_mentions"]["users"] == [world.participant_id]
    embed = sent.json["embeds"][0]
    assert embed["title"] == t("reminder.title", "nl", title="Leerkring december")
    assert embed["footer"]["text"] == t("reminder.footer", "nl", id=1)
    announcement = next(m for m in server.messages(world.channel_id) if m["components"])
    link = f"https://discord.com/channels/{world.guild_id}/{world.channel_id}/{announcement['id']}"
    assert link in str(embed["fields"])
    assert "Zeist" in str(embed["fields"])
    assert await running.bot.timers.run_due() == 0
    listed = (await ask(server, world, world.manager_id, "reminder list"))["embeds"][0]["description"]
    assert t("reminder.status_done", "nl") in listed.splitlines()[0]
    assert t("reminder.status_pending", "nl") in listed.splitlines()[1]


async def test_after_a_restart_late_reminders_go_out_marked_and_expired_ones_are_missed(
    server: FakeDiscord, world: World, launch: Launcher, clock: ManualClock, db_path: Path
) -> None:
    first = await launch()
    await ask(server, world, world.manager_id, "setup reminders", offsets="1d,2u")
    await plan(server, world, "Later vandaag", "27-11-2026 15:00")  # 1d → 26 Nov 15:00, 2h → 27 Nov 13:00
    await plan(server, world, "Straks", "26-11-2026 17:00")  # 2h → 26 Nov 15:00
    assert await first.shutdown() == 0

    clock.advance(timedelta(hours=6))  # 26 Nov 18:00 local: both 15:00 reminders fell due while the bot was down
    mark = server.mark()
    restarted = await launch()
    late = await server.wait_for_request("POST", MESSAGES, predicate=is_reminder, after=mark)
    await restarted.bot.timers.run_due()  # waits for the run the restart began
    assert late.json is not None and isinstance(late.json, dict)
    assert late.json["embeds"][0]["description"] == t("reminder.late_note", "nl")
    assert late.json["embeds"][0]["title"] == t("reminder.title", "nl", title="Later vandaag")
    assert sorted(statuses(db_path)) == [("Later vandaag", "late"), ("Later vandaag", "pending"), ("Straks", "missed")]
    assert len(reminder_posts(server)) == 1


async def test_a_crash_between_sending_and_recording_sends_no_duplicate(
    server: FakeDiscord, world: World, launch: Launcher, clock: ManualClock, db_path: Path
) -> None:
    bot = await launch()
    await plan(server, world, "Leerkring december", "10-12-2026 19:30")
    hold = server.hold_responses("POST", MESSAGES)
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    sending = asyncio.create_task(bot.bot.timers.run_due())
    await server.wait_for_request("POST", MESSAGES, predicate=is_reminder)  # Discord has posted it...
    sending.cancel()  # ...and the bot dies before it hears back or records it
    await asyncio.gather(sending, return_exceptions=True)
    assert await bot.shutdown() == 0
    hold.release()
    assert ("Leerkring december", "running") in statuses(db_path)

    server.state.nonce_window_seconds = 0  # long down: Discord's nonce memory has passed, only history tells
    restarted = await launch()
    await restarted.bot.timers.run_due()
    assert sorted(statuses(db_path)) == [("Leerkring december", "done"), ("Leerkring december", "pending")]
    assert len([m for m in server.messages(world.channel_id) if "Herinnering #1" in str(m["embeds"])]) == 1


async def test_undeliverable_reminders_are_retried_then_shown_failed(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock
) -> None:
    await plan(server, world, "Leerkring december", "10-12-2026 19:30")
    server.inject_fault("POST", MESSAGES, status=403, times=len(RETRY_DELAYS) + 1)
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    assert await running.bot.timers.run_due() == 1
    for delay in RETRY_DELAYS:
        clock.advance(delay)
        assert await running.bot.timers.run_due() == 1
    listed = (await ask(server, world, world.manager_id, "reminder list"))["embeds"][0]["description"]
    first_line = listed.splitlines()[0]
    assert t("reminder.status_failed", "nl") in first_line and "Forbidden" in first_line
    assert reminder_posts(server) == []


async def test_a_server_error_is_retried_and_nothing_is_lost(
    server: FakeDiscord, world: World, running: RunningBot, clock: ManualClock, db_path: Path
) -> None:
    await plan(server, world, "Leerkring december", "10-12-2026 19:30")
    server.inject_fault("POST", MESSAGES, status=502)
    clock.advance(timedelta(days=7, hours=7, minutes=30))
    await running.bot.timers.run_due()
    assert len(reminder_posts(server)) == 1
    assert statuses(db_path)[0] == ("Leerkring december", "done")


async def test_reminder_add_list_cancel(server: FakeDiscord, world: World, running: RunningBot) -> None:
    await plan(server, world, "Leerkring december", "10-12-2026 19:30")
    added = await ask(
        server, world, world.manager_id, "reminder add", session=1, when="3u", message="Neem je laptop mee"
    )
    assert added["content"].startswith("Herinnering #3 voor ‘Leerkring december’ gaat uit op <t:")
    after = await ask(server, world, world.manager_id, "reminder add", session=1, when="11-12-2026 10:00")
    assert after["content"] == t("reminder.after_start", "nl")
    refused = await ask(server, world, world.participant_id, "reminder add", session=1, when="2d")
    assert refused["content"] == t("auth.not_organiser", "nl")
    cancelled = await ask(server, world, world.manager_id, "reminder cancel", id=3)
    assert cancelled["content"] == t("reminder.cancelled", "nl", id=3)
    listed = (await ask(server, world, world.manager_id, "reminder list"))["embeds"][0]["description"]
    assert len(listed.splitlines()) == 3
    assert t("reminder.status_cancelled", "nl") in listed
