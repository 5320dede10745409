"""The web endpoint end to end, with a real HTTP client against the running bot: health, metrics, calendar feeds."""

import asyncio
import secrets
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from icalendar import Calendar
from multidict import CIMultiDict
from prometheus_client.parser import text_string_to_metric_families

from bot.client import LeerkringBot, point_at_discord
from bot.clock import ManualClock
from bot.i18n import t
from bot.runner import EXIT_CONNECTION_LOST, serve
from localdiscord import FakeDiscord
from tests.e2e.harness import TOKEN, RunningBot, World, add_idea, ask, config_for, start_bot
from tests.e2e.test_process import against

PUBLIC_URL = "https://leerkring.example.nl"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


@pytest.fixture
async def web_bot(server: FakeDiscord, world: World, db_path: Path, clock: ManualClock) -> AsyncIterator[RunningBot]:
    """The bot with LEERKRING_HTTP on a free loopback port."""
    running = await start_bot(config_for(server, db_path, world.guild_id, "127.0.0.1:0", PUBLIC_URL), clock)
    yield running
    if not running.task.done():
        assert await running.shutdown() == 0


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def base_url(running: RunningBot) -> str:
    assert running.bot.web is not None and running.bot.web.port
    return f"http://127.0.0.1:{running.bot.web.port}"


async def health(http: aiohttp.ClientSession, base: str) -> tuple[int, dict[str, Any]]:
    async with http.get(f"{base}/healthz") as response:
        return response.status, await response.json()


async def samples(http: aiohttp.ClientSession, base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of `/metrics`, parsed by prometheus_client's own parser: (name, labels) → value."""
    async with http.get(f"{base}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def feed_path(answer: dict[str, Any]) -> str:
    """The feed's path from the bot's answer to `/setup calendar-link`, which shows LEERKRING_PUBLIC_URL + path."""
    address = answer["content"].split("\n")[-1]
    assert address.startswith(PUBLIC_URL + "/calendar/") and address.endswith(".ics"), answer
    return address.removeprefix(PUBLIC_URL)


async def fetch(http: aiohttp.ClientSession, url: str, **headers: str) -> tuple[int, bytes, CIMultiDict[str]]:
    async with http.get(url, headers=headers) as response:
        return response.status, await response.read(), CIMultiDict(response.headers)


async def confirm_host(server: FakeDiscord, world: World, **options: Any) -> None:
    """The manager confirms a host that did not volunteer, pressing 'Bevestigen'."""
    result = await server.invoke_command(
        world.guild_id, world.channel_id, world.manager_id, "hosts confirm", options=options
    )
    question = await result.response()
    yes = next(b for row in question["data"]["components"] for b in row["components"] if b["label"] == "Bevestigen")
    pressed = await server.click(
        world.guild_id, world.channel_id, world.manager_id, result.message_id, yes["custom_id"]
    )
    await pressed.followups()


def events(body: bytes) -> dict[str, Any]:
    """The feed's events by UID."""
    return {str(event["uid"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


async def test_healthz_is_200_while_connected_and_503_while_the_gateway_is_away(
    server: FakeDiscord, web_bot: RunningBot, http: aiohttp.ClientSession, clock: ManualClock, world: World
) -> None:
    base = base_url(web_bot)
    assert await health(http, base) == (
        200,
        {"ok": True, "gateway_connected": True, "database_answers": True, "timer_lag_seconds": 0.0},
    )
    await ask(server, world, world.manager_id, "session create", title="Lag", starts="10-12-2026 19:30")
    clock.advance(timedelta(days=7, hours=8, minutes=30))  # the 7-day reminder is an hour overdue: nobody ran it
    assert (await health(http, base))[1]["timer_lag_seconds"] == 3600.0

    server.hold_gateway()
    disconnected = asyncio.ensure_future(web_bot.bot.wait_for("disconnect"))
    await server.drop_connections()
    await asyncio.wait_for(disconnected, timeout=10)
    status, body = await health(http, base)
    assert (status, body["ok"], body["gateway_connected"], body["database_answers"]) == (503, False, False, True)

    resumed = asyncio.ensure_future(web_bot.bot.wait_for("resumed"))
    server.hold_gateway(False)
    await asyncio.wait_for(resumed, timeout=10)
    assert (await health(http, base))[0] == 200


async def test_metrics_count_ideas_interactions_reminders_and_discords_responses(
    server: FakeDiscord, web_bot: RunningBot, http: aiohttp.ClientSession, clock: ManualClock, world: World
) -> None:
    base = base_url(web_bot)
    before = await samples(http, base)
    assert before[("leerkring_ideas_stored", (("source", "command"),))] == 0
    assert before[("leerkring_reminders", (("outcome", "done"),))] == 0
    assert before[("leerkring_timer_lag_seconds", ())] == 0
    assert before[("leerkring_gateway_latency_seconds", ())] >= 0
    assert before[("leerkring_discord_responses_total", (("status", "200"),))] > 0  # the command sync

    assert (await ask(server, world, world.participant_id, "idea add", text="Idee"))["content"] == t(
        "idea.no_open_prompt", "nl"
    )
    await ask(server, world, world.manager_id, "prompt open", question="Wat probeer je?")
    await add_idea(server, world, world.participant_id, text="Een idee")
    await ask(server, world, world.manager_id, "session create", title="Metrics", starts="10-12-2026 19:30")
    clock.advance(timedelta(days=7, hours=7, minutes=30))  # 3 December 19:30 CET: the 7-day reminder
    assert await web_bot.bot.timers.run_due() == 1

    after = await samples(http, base)
    assert after[("leerkring_ideas_stored", (("source", "command"),))] == 1
    assert after[("leerkring_reminders", (("outcome", "done"),))] == 1
    assert after[("leerkring_interactions_total", (("command", "idea add"), ("outcome", "ok")))] == 1
    assert after[("leerkring_interactions_total", (("command", "idea add"), ("outcome", "refused")))] == 1
    assert after[("leerkring_interactions_total", (("command", "session create"), ("outcome", "ok")))] == 1
    responses = ("leerkring_discord_responses_total", (("status", "200"),))
    assert after[responses] > before[responses]


async def test_metrics_count_discords_429s_and_5xx(
    server: FakeDiscord, web_bot: RunningBot, http: aiohttp.ClientSession, world: World
) -> None:
    server.inject_fault("POST", CALLBACK, status=429, retry_after=0.05)
    await ask(server, world, world.participant_id, "profile municipality", name="GM0262")
    server.inject_fault("POST", CALLBACK, status=500)
    await ask(server, world, world.participant_id, "profile show")
    counted = await samples(http, base_url(web_bot))
    assert counted[("leerkring_discord_responses_total", (("status", "429"),))] == 1
    assert counted[("leerkring_discord_responses_total", (("status", "500"),))] == 1


async def test_the_feed_follows_the_sessions_and_polls_cheaply_and_a_rotated_token_is_gone(
    server: FakeDiscord, web_bot: RunningBot, http: aiohttp.ClientSession, world: World, db_path: Path
) -> None:
    base = base_url(web_bot)
    refused = await ask(server, world, world.participant_id, "setup calendar-link")
    assert refused["content"] == t("auth.not_organiser", "nl")
    made = await ask(server, world, world.manager_id, "setup calendar-link")
    assert made["content"].startswith(t("setup.calendar_link_made", "nl", url="").strip())
    url = base + feed_path(made)
    again = await ask(server, world, world.manager_id, "setup calendar-link")
    assert again["content"] == t("setup.calendar_link_exists", "nl")

    status, body, headers = await fetch(http, url)
    assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert events(body) == {} and "Last-Modified" not in headers

    await ask(server, world, world.manager_id, "session create", title="Feed", starts="10-12-2026 19:30")
    await ask(server, world, world.manager_id, "session create", title="Tweede", starts="17-12-2026 19:30")
    status, body, headers = await fetch(http, url)
    planned = events(body)
    uid = f"session-1-guild-{world.guild_id}@leerkring"
    assert set(planned) == {uid, f"session-2-guild-{world.guild_id}@leerkring"}
    assert (planned[uid]["summary"], planned[uid]["sequence"], planned[uid]["status"]) == ("Feed", 0, "CONFIRMED")
    tag, modified = headers["ETag"], headers["Last-Modified"]
    assert (await fetch(http, url, **{"If-None-Match": tag}))[0] == 304
    assert (await fetch(http, url, **{"If-Modified-Since": modified}))[0] == 304

    await ask(server, world, world.manager_id, "session edit", id=1, starts="11-12-2026 10:00", location="Zeist")
    status, body, headers = await fetch(http, url, **{"If-None-Match": tag})
    edited = events(body)[uid]
    assert (status, edited["sequence"], str(edited["location"])) == (200, 1, "Zeist")
    assert headers["ETag"] != tag

    await confirm_host(server, world, session=1, municipality="GM0262")
    hosted = events((await fetch(http, url))[1])[uid]
    assert f"{t('session.field_host', 'nl')}: Lochem" in str(hosted["description"])

    await ask(server, world, world.manager_id, "session cancel", id=1)
    cancelled = events((await fetch(http, url))[1])[uid]
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", hosted["sequence"] + 1)

    rotated = await ask(server, world, world.manager_id, "setup calendar-link", rotate=True)
    assert rotated["content"].startswith(t("setup.calendar_link_rotated", "nl", url="").strip())
    new_url = base + feed_path(rotated)
    assert new_url != url and set(events((await fetch(http, new_url))[1])) == set(planned)
    refusals = [
        await fetch(http, address)
        for address in (
            url,
            f"{base}/calendar/{secrets.token_urlsafe(32)}.ics",
            f"{base}/calendar/{feed_path(rotated).removeprefix('/calendar/')[:-5]}.ics",
            f"{base}/calendar/x%00y.ics",
            f"{base}/calendar/a/b",
        )
    ]
    assert {(status, body, without_date(headers)) for status, body, headers in refusals} == {
        (404, b"not found\n", without_date(refusals[0][2]))
    }

    with sqlite3.connect(db_path) as db:
        logged = db.execute("SELECT action, detail FROM audit_log ORDER BY id").fetchall()
    assert [entry for entry in logged if entry[0] == "calendar.link"] == [
        ("calendar.link", "made"),
        ("calendar.link", "rotated"),
    ]
    assert not any(feed_path(made)[10:-4] in str(entry) for entry in logged)


async def test_without_the_web_endpoint_calendar_link_says_what_it_needs(
    server: FakeDiscord, running: RunningBot, world: World, db_path: Path
) -> None:
    answer = await ask(server, world, world.manager_id, "setup calendar-link", rotate=True)
    assert answer["content"] == t("setup.calendar_link_off", "nl")
    assert running.bot.web is None and running.bot.metrics is None
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM calendar_tokens").fetchone() == (0,)


def without_date(headers: CIMultiDict[str]) -> tuple[tuple[str, str], ...]:
    """A response's headers bar Date, which tells only when it was sent."""
    return tuple(sorted((name, value) for name, value in headers.items() if name != "Date"))


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def until_health(http: aiohttp.ClientSession, base: str, status: int) -> dict[str, Any]:
    """Ask `/healthz` until it answers `status` (the process's gateway state is not observable otherwise)."""
    async with asyncio.timeout(10):
        while True:
            answered, body = await health(http, base)
            if answered == status:
                return body
            await asyncio.sleep(0.02)


async def until_sampled(http: aiohttp.ClientSession, base: str, key: tuple[str, Any]) -> dict[Any, float]:
    """Scrape `/metrics` until it has `key` (a command is counted once its handler, copy included, has finished)."""
    async with asyncio.timeout(10):
        while True:
            counted = await samples(http, base)
            if key in counted:
                return counted
            await asyncio.sleep(0.02)


async def test_python_m_bot_serves_health_metrics_and_the_feed(
    server: FakeDiscord, world: World, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = against(
        server, world, tmp_path / "leerkring.db", LEERKRING_HTTP=f"127.0.0.1:{port}", LEERKRING_PUBLIC_URL=PUBLIC_URL
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await server.wait_until_connected(timeout=30)
        assert (await until_health(http, base, 200))["database_answers"] is True
        server.hold_gateway()
        await server.drop_connections()
        assert (await until_health(http, base, 503))["gateway_connected"] is False
        server.hold_gateway(False)
        await until_health(http, base, 200)

        await ask(server, world, world.manager_id, "prompt open", question="Wat probeer je?")
        await add_idea(server, world, world.participant_id, text="Een idee")
        ok = ("leerkring_interactions_total", (("command", "idea add"), ("outcome", "ok")))
        counted = await until_sampled(http, base, ok)
        assert counted[("leerkring_ideas_stored", (("source", "command"),))] == 1
        assert counted[ok] == 1

        url = base + feed_path(await ask(server, world, world.manager_id, "setup calendar-link"))
        await ask(server, world, world.manager_id, "session create", title="Proces", starts="10-12-2029 19:30")
        status, body, headers = await fetch(http, url)
        assert status == 200 and set(events(body)) == {f"session-1-guild-{world.guild_id}@leerkring"}
        assert (await fetch(http, url, **{"If-None-Match": headers["ETag"]}))[0] == 304
        assert (await fetch(http, f"{base}/calendar/{secrets.token_urlsafe(32)}.ics"))[:2] == (404, b"not found\n")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()
    with pytest.raises(aiohttp.ClientConnectionError):
        await health(http, base)


async def test_an_address_in_use_is_a_clear_startup_error(
    server: FakeDiscord, world: World, db_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = config_for(server, db_path, world.guild_id, f"127.0.0.1:{port}", PUBLIC_URL)
        point_at_discord(config)
        bot = LeerkringBot(config, clock)
        assert await asyncio.wait_for(serve(bot, TOKEN, asyncio.Event()), timeout=10) == EXIT_CONNECTION_LOST
    assert f"the web endpoint cannot start: LEERKRING_HTTP=127.0.0.1:{port}" in caplog.text
    assert "Traceback" not in caplog.text
