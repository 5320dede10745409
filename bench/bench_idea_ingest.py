"""Idea ingest: replies per second from MESSAGE_CREATE to a committed idea with its ✅ requested.

Writers reply to open prompts, each waiting for the bot's ✅ (PUT reaction, sent after the idea is committed)
before its next reply: 1 writer on one prompt, and 100 writers on 100 prompts (one per channel) at once.
Baselines in the same run, on the same disk and with the bot's settings (WAL, synchronous=FULL): a loop of
single-row inserts into the real `ideas` table with one commit each, through aiosqlite and through plain sqlite3.
After the run every acknowledged reply must be an idea in the database (durability check).
Target (issue 9): at least the aiosqlite loop's rate.

    .venv/bin/python bench/bench_idea_ingest.py [--concurrency 1,100] [--replies 300,2000] [--rows 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    REACTION,
    Arrival,
    TimedDiscord,
    World,
    ask,
    header,
    local_discord,
    median,
    migrate_database,
    ms,
    percentile,
    populate,
    profiled,
    start_leerkring,
    table,
    workspace,
)

from localdiscord import messages

INSERT = (
    "INSERT INTO ideas (guild_id, prompt_id, author_id, organisation, municipality_code, text, source, "
    "source_message_id, source_interaction_id, channel_id, message_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL")


def _row(n: int) -> tuple[object, ...]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    text = f"Idee {n}: een gedeelde aanpak voor de omgevingswet"
    return (1, 1, 1000 + n % 100, None, None, text, "reply", 10**12 + n, None, 7, 10**12 + n, now, now)


async def _prepared_database(workdir: Path, name: str) -> Path:
    path = workdir / name
    await migrate_database(path, workdir)
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO prompts (guild_id, channel_id, question, interaction_id, created_by, created_at) "
            "VALUES (1, 7, 'Wat neem je mee?', 1, 1, '2026-01-01T00:00:00+00:00')"
        )
    return path


async def aiosqlite_loop(workdir: Path, rows: int) -> float:
    path = await _prepared_database(workdir, "aiosqlite.db")
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        for pragma in PRAGMAS:
            await conn.execute(pragma)
        started = time.perf_counter()
        for n in range(rows):
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute(INSERT, _row(n))
            await conn.execute("COMMIT")
        return rows / (time.perf_counter() - started)


async def sqlite3_loop(workdir: Path, rows: int) -> float:
    path = await _prepared_database(workdir, "sqlite3.db")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        started = time.perf_counter()
        for n in range(rows):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(INSERT, _row(n))
            conn.execute("COMMIT")
        return rows / (time.perf_counter() - started)
    finally:
        conn.close()


class Acknowledgements:
    """When the bot's ✅ for each message arrived, and waiting for one."""

    def __init__(self, server: TimedDiscord) -> None:
        self.at: dict[str, float] = {}
        self._waiting: dict[str, asyncio.Future[float]] = {}
        server.watch(self._seen)

    def _seen(self, arrival: Arrival) -> None:
        if arrival.method == "PUT" and arrival.route == REACTION:
            message_id = arrival.params["message_id"]
            self.at.setdefault(message_id, arrival.at)
            future = self._waiting.pop(message_id, None)
            if future is not None and not future.done():
                future.set_result(arrival.at)

    async def wait(self, message_id: str, timeout: float = 60) -> float:  # noqa: ASYNC109
        if message_id in self.at:
            return self.at[message_id]
        future = self._waiting.setdefault(message_id, asyncio.get_running_loop().create_future())
        return await asyncio.wait_for(future, timeout)


async def writer(
    server: TimedDiscord, acks: Acknowledgements, world: World, prompt: dict, user_id: int, count: int
) -> list[float]:
    channel_id = int(prompt["channel_id"])
    latencies = []
    for n in range(count):
        body = {
            "content": f"Idee {n} van {user_id}: samen inkopen",
            "message_reference": {"message_id": prompt["id"], "channel_id": str(channel_id)},
        }
        message = messages.create_message(server._ctx, channel_id, user_id, body)
        sent = time.perf_counter()
        await messages.publish_message(server._ctx, message)
        latencies.append(await acks.wait(message["id"]) - sent)
    return latencies


async def bot_run(workdir: Path, concurrency: int, replies: int) -> tuple[float, list[float], int, int]:
    async with local_discord() as server:
        world = populate(server, channels=concurrency, members=max(concurrency, 4))
        db_path = workdir / f"leerkring-{concurrency}.db"
        bot = await start_leerkring(server, db_path, world.guild_id, workdir)
        try:
            prompts = []
            for channel_id in world.channel_ids:
                await ask(
                    server, world, world.manager_id, "prompt open", in_channel=channel_id, question="Wat neem je mee?"
                )
                prompts.append([m for m in server.messages(channel_id) if m["components"]][-1])
            acks = Acknowledgements(server)
            await writer(server, acks, world, prompts[0], world.member_ids[0], 5)  # warm-up
            per_writer = max(1, replies // concurrency)
            async with profiled(bot):
                started = time.perf_counter()
                results = await asyncio.gather(
                    *(
                        writer(server, acks, world, prompts[i], world.member_ids[i], per_writer)
                        for i in range(concurrency)
                    )
                )
                elapsed = time.perf_counter() - started
        finally:
            await bot.stop()
    latencies = [latency for result in results for latency in result]
    with sqlite3.connect(db_path) as db:
        stored = db.execute("SELECT count(*) FROM ideas").fetchone()[0]
    return len(latencies) / elapsed, latencies, stored, len(latencies) + 5


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", default="1,100", help="concurrent prompts (one writer each)")
    parser.add_argument("--replies", default="300,2000", help="replies in total, per concurrency level")
    parser.add_argument("--rows", type=int, default=2000, help="rows in each baseline loop")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    totals = [int(r) for r in args.replies.split(",")]
    header("Idea ingest: replies to committed ideas per second")
    with workspace("ingest-") as workdir:
        base_aio = await aiosqlite_loop(workdir, args.rows)
        base_sql = await sqlite3_loop(workdir, args.rows)
        print(f"baselines: aiosqlite {base_aio:.0f} rows/s, sqlite3 {base_sql:.0f} rows/s", flush=True)
        rows = [["what", "replies", "rate /s", "vs aiosqlite loop", "vs sqlite3 loop", "p50 ms", "p99 ms", "durable"]]
        rows.append(["aiosqlite loop (1 commit/row)", str(args.rows), f"{base_aio:.0f}", "1.00x", "", "", "", ""])
        rows.append(["sqlite3 loop (1 commit/row)", str(args.rows), f"{base_sql:.0f}", "", "1.00x", "", "", ""])
        for level, total in zip(levels, totals, strict=True):
            rate, latencies, stored, acknowledged = await bot_run(workdir, level, total)
            rows.append(
                [
                    f"leerkring, {level} prompt(s)",
                    str(len(latencies)),
                    f"{rate:.0f}",
                    f"{rate / base_aio:.2f}x",
                    f"{rate / base_sql:.2f}x",
                    ms(median(latencies)),
                    ms(percentile(latencies, 99)),
                    f"{stored}/{acknowledged}",
                ]
            )
            print(f"leerkring with {level} prompt(s): done", flush=True)
    print()
    print(table(rows))


if __name__ == "__main__":
    asyncio.run(main())
