"""Reminders at scale: start-up with 100,000 pending reminders, and 10,000 reminders due in the same minute.

1. Start-up: `python -m bot` on an empty database (the baseline) and on one with N pending reminders (due in a
   month): seconds from spawn to its IDENTIFY (READY follows at once), to the first answered command
   (`/reminder list`), and RSS/peak RSS once idle.
2. Due at once: the same N pending, of which M fall due within one minute shortly after start-up, spread over
   G guilds x C channels. The local Discord enforces Discord's rate limits (per-channel message bucket 5/5 s,
   global 50 requests/s, 429 past them). Lateness (reminder POST arriving minus due moment) p50/p99, the request
   rate the bot keeps (per second: median, p99, max), and every 429 it drew.
   Floor: at 50 requests/s no compliant bot sends M messages in under M/50 seconds.

    .venv/bin/python bench/bench_reminders_scale.py [--pending 100000] [--due 10000] [--guilds 100]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    Arrival,
    BotProcess,
    TimedDiscord,
    World,
    ask,
    header,
    local_discord,
    median,
    mib,
    migrate_database,
    percentile,
    populate,
    profiled,
    start_leerkring,
    table,
    workspace,
)

ZONE = "Europe/Amsterdam"
KIND = "session_reminder"
MESSAGES_ROUTE = "/channels/{}/messages"


def seed(db_path: Path, worlds: list[World], pending: int, due: int, due_from: datetime, spread: float) -> None:
    """Insert `pending` reminders (each its own session) of which `due` fall due from `due_from` over `spread` s."""
    channels = [(w.guild_id, c) for w in worlds for c in w.channel_ids]
    later = due_from + timedelta(days=30)
    now_text = datetime.now(UTC).isoformat(timespec="seconds")
    sessions, reminders, timers = [], [], []
    for n in range(1, pending + 1):
        guild_id, channel_id = channels[n % len(channels)]
        fire = due_from + timedelta(seconds=spread * (n - 1) / max(due, 1)) if n <= due else later
        start = fire + timedelta(days=1)
        local = start.astimezone(ZoneInfo(ZONE))
        fire_local = fire.astimezone(ZoneInfo(ZONE))
        sessions.append(
            (n, guild_id, f"Leerkring {n}", local.replace(tzinfo=None).isoformat(timespec="minutes"), ZONE,
             start.isoformat(timespec="seconds"), 120, channel_id, 1, now_text, now_text)
        )  # fmt: skip
        reminders.append((n, n, 1440, fire_local.replace(tzinfo=None).isoformat(timespec="minutes"), ZONE, now_text))
        due_text = fire.isoformat(timespec="seconds")
        timers.append((guild_id, KIND, n, due_text, due_text))
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "INSERT INTO sessions (id, guild_id, title, starts_local, zone, starts_at, duration_minutes, channel_id, "
            "created_by, created_at, updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned')",
            sessions,
        )
        db.executemany(
            "INSERT INTO reminders (id, session_id, offset_minutes, fire_local, zone, is_default, created_at) "
            "VALUES (?, ?, ?, ?, ?, 1, ?)",
            reminders,
        )
        db.executemany(
            "INSERT INTO timers (guild_id, kind, subject_id, due_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)", timers
        )


def build_worlds(server: TimedDiscord, guilds: int, channels: int) -> list[World]:
    return [populate(server, name=f"Gemeente {g}", channels=channels, members=2) for g in range(guilds)]


async def startup(server: TimedDiscord, world: World, db_path: Path, workdir: Path) -> tuple[BotProcess, float]:
    bot = await start_leerkring(server, db_path, world.guild_id, workdir)
    await ask(server, world, world.manager_id, "reminder list")
    first_answer = time.perf_counter() - bot.spawned_at
    return bot, first_answer


async def phase_startup(pending: int, guilds: int, channels: int) -> list[list[str]]:
    rows = []
    for label, count in (("empty database (baseline)", 0), (f"{pending:,} pending reminders", pending)):
        async with local_discord() as server:
            worlds = build_worlds(server, guilds, channels)
            with workspace("reminders-") as workdir:
                db_path = workdir / "leerkring.db"
                await migrate_database(db_path, workdir)
                seed(db_path, worlds, count, 0, datetime.now(UTC), 60)
                bot, first_answer = await startup(server, worlds[0], db_path, workdir)
                await asyncio.sleep(2)
                memory = bot.memory()
                await bot.stop()
                rows.append(
                    [label, f"{bot.ready_after:.2f}", f"{first_answer:.2f}", mib(memory["VmRSS"]), mib(memory["VmHWM"])]
                )
        print(f"start-up, {label}: done", flush=True)
    return rows


class ReminderPosts:
    """Reminder messages as they arrive, and the rate of every request counted against the global limit."""

    def __init__(self, server: TimedDiscord) -> None:
        self.sent: dict[int, float] = {}
        self.per_second: Counter[int] = Counter()
        self.statuses: Counter[int] = Counter()
        self._origin = time.perf_counter()
        server.watch(self._seen)

    def _seen(self, arrival: Arrival) -> None:
        if not arrival.route.startswith(("/interactions/", "/webhooks/")):
            self.per_second[int(arrival.at - self._origin)] += 1
        nonce = str((arrival.body or {}).get("nonce", "")) if isinstance(arrival.body, dict) else ""
        if arrival.method == "POST" and arrival.route == MESSAGES_ROUTE and nonce.startswith("lk-reminder-"):
            reminder_id = int(nonce.split("-")[2])
            self.sent.setdefault(reminder_id, arrival.at)


async def phase_due(args: argparse.Namespace) -> tuple[list[list[str]], dict[str, object]]:
    async with local_discord() as server:
        worlds = build_worlds(server, args.guilds, args.channels)
        with workspace("reminders-due-") as workdir:
            db_path = workdir / "leerkring.db"
            await migrate_database(db_path, workdir)
            wall0, perf0 = time.time(), time.perf_counter()
            due_from = datetime.fromtimestamp(int(wall0) + args.lead, UTC)
            seed(db_path, worlds, args.pending, args.due, due_from, args.spread)
            due_perf = {
                n: perf0 + (due_from.timestamp() + int(args.spread * (n - 1) / args.due) - wall0)
                for n in range(1, args.due + 1)
            }
            limits = server.enforce_rate_limits()
            posts = ReminderPosts(server)
            bot = await start_leerkring(server, db_path, worlds[0].guild_id, workdir)
            deadline = time.perf_counter() + args.timeout
            try:
                async with profiled(bot):
                    while len(posts.sent) < args.due and time.perf_counter() < deadline:  # noqa: ASYNC110
                        await asyncio.sleep(1)
                memory = bot.memory()
            finally:
                await bot.stop()
            with sqlite3.connect(db_path) as db:
                statuses = dict(db.execute("SELECT status, count(*) FROM timers GROUP BY status").fetchall())
    lateness = [posts.sent[n] - due_perf[n] for n in posts.sent]
    busy = [count for second, count in sorted(posts.per_second.items()) if count]
    first, last = min(posts.sent.values()), max(posts.sent.values())
    rows = [
        ["reminders sent", f"{len(posts.sent):,} of {args.due:,}"],
        ["lateness p50 / p99 / max (s)",
         f"{median(lateness):.1f} / {percentile(lateness, 99):.1f} / {max(lateness):.1f}"],
        ["sending took (s)", f"{last - first:.1f} (floor at 50 req/s: {args.due / 50:.0f})"],
        ["reminders per second (mean)", f"{len(posts.sent) / max(last - first, 1e-9):.1f}"],
        ["requests/s (median / p99 / max of busy seconds)",
         f"{median(busy):.0f} / {percentile(busy, 99):.0f} / {max(busy)}"],
        ["429s drawn", f"{limits.refused} {dict(limits.refusals) if limits.refused else ''}".strip()],
        ["timer statuses after", ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items()))],
        ["bot RSS / peak (MiB)", f"{mib(memory['VmRSS'])} / {mib(memory['VmHWM'])}"],
    ]  # fmt: skip
    return rows, {"lateness": lateness}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pending", type=int, default=100_000, help="pending reminders in the database")
    parser.add_argument("--due", type=int, default=10_000, help="how many of them fall due in the same minute")
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which they fall due")
    parser.add_argument("--lead", type=int, default=15, help="seconds from seeding to the first due moment")
    parser.add_argument("--guilds", type=int, default=100)
    parser.add_argument("--channels", type=int, default=2, help="channels per guild")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up waiting for the sends after this")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    header("Reminders at scale")
    if not args.skip_startup:
        rows = await phase_startup(args.pending, args.guilds, args.channels)
        print()
        print(table([["database", "spawn to READY (s)", "to first answer (s)", "RSS MiB", "peak RSS MiB"], *rows]))
        print()
    rows, _ = await phase_due(args)
    print()
    print(table([[f"{args.due:,} due within {args.spread:.0f} s ({args.pending:,} pending)", "value"], *rows]))


if __name__ == "__main__":
    asyncio.run(main())
