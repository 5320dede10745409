"""Reports and exports: a server with 100,000 ideas and 5,000 members; `/report` and each `/export` format.

The database is seeded directly (one planned session with 5,000 members coming, each with a municipality on their
profile; 10 prompts of that session sharing the ideas, a fifth of them supported; a host call for it that every
municipality volunteered for; a fifth of the ideas taken up; everyone checked in; a sign-up call every member signed up
for). Every dataset is exported in every format (csv, md, json, xlsx). Each command runs
in a freshly started `python -m bot` so that its peak RSS (VmHWM) is its own: time from INTERACTION_CREATE leaving
the local Discord to the answer with the files arriving, and the bot's peak RSS above its idle RSS.
Baseline in the same run: a separate process reading the same rows with one plain sqlite3 query (the export's own
query for exports, the report's ideas for the report), time and peak RSS above idle the same way.

    .venv/bin/python bench/bench_report_export.py [--ideas 100000] [--members 5000] [--formats csv,md,json,xlsx]
        [--datasets ideas,volunteers,...] [--no-report]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    ORIGINAL,
    PYTHON,
    ROOT,
    Arrival,
    TimedDiscord,
    World,
    header,
    local_discord,
    mib,
    migrate_database,
    populate,
    profiled,
    start_leerkring,
    table,
    workspace,
)

from bot.db.exports import QUERIES

PROMPTS = 10
COPIES = 10**12
"""The message ids of the ideas' copies in their prompt's thread: recorded, as after a normal `/idea add` (a copy
never recorded is posted again at start, which would make every command measure 100,000 posts as well)."""
NOW = "2026-06-01T10:00:00+00:00"
REPORT_IDEAS = (
    "SELECT * FROM ideas WHERE prompt_id IN (SELECT id FROM prompts WHERE session_id = ?) AND withdrawn_at IS NULL"
)

PLAIN_QUERY = """
import json, sqlite3, sys, time
def status():
    found = {}
    for line in open('/proc/self/status'):
        key, _, value = line.partition(':')
        if key in ('VmRSS', 'VmHWM'):
            found[key] = int(value.split()[0])
    return found
path, sql, param = sys.argv[1], sys.argv[2], int(sys.argv[3])
idle = status()['VmRSS']
started = time.perf_counter()
with sqlite3.connect(path) as db:
    rows = db.execute(sql, (param,)).fetchall()
seconds = time.perf_counter() - started
print(json.dumps({'seconds': seconds, 'rows': len(rows), 'idle': idle, 'peak': status()['VmHWM']}))
"""


def seed(db_path: Path, world: World, ideas: int, members: int) -> None:
    with open(ROOT / "bot" / "data" / "gemeenten.csv", newline="") as data:
        codes = [row["code"] for row in csv.DictReader(data)]
    member_ids = world.member_ids[:members]
    with sqlite3.connect(db_path) as db:
        # Planned, with its announcement recorded: a 'draft' (the column's default) without one is what a stop
        # between posting and recording leaves, and the bot removes it at start (prompts lose their session).
        db.execute(
            "INSERT INTO sessions (id, guild_id, title, starts_local, zone, starts_at, duration_minutes, channel_id, "
            "announcement_message_id, status, created_by, created_at, updated_at) VALUES (1, ?, 'Leerkring juni', "
            "'2026-06-10T14:00', 'Europe/Amsterdam', '2026-06-10T12:00:00+00:00', 120, ?, 8999, 'planned', ?, ?, ?)",
            (world.guild_id, world.channel_ids[0], world.manager_id, NOW, NOW),
        )
        db.executemany(
            "INSERT INTO profiles (guild_id, user_id, municipality_code, organisation, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(world.guild_id, m, codes[i % len(codes)], f"Gemeente {i % len(codes)}", NOW)
             for i, m in enumerate(member_ids)],
        )  # fmt: skip
        db.executemany(
            "INSERT INTO rsvps (session_id, user_id, state, updated_at) VALUES (1, ?, 'coming', ?)",
            [(m, NOW) for m in member_ids],
        )
        db.executemany(
            "INSERT INTO prompts (id, guild_id, channel_id, message_id, thread_id, question, session_id, status, "
            "interaction_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, 'open', ?, ?, ?)",
            [
                (p, world.guild_id, world.channel_ids[0], 9_000 + p, 9_100 + p, f"Vraag {p}: wat neem je mee?", p,
                 world.manager_id, NOW)
                for p in range(1, PROMPTS + 1)
            ],
        )  # fmt: skip
        db.executemany(
            "INSERT INTO ideas (id, guild_id, prompt_id, author_id, organisation, municipality_code, text, source, "
            "source_interaction_id, channel_id, message_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'command', ?, ?, ?, ?, ?)",
            [
                (n, world.guild_id, 1 + n % PROMPTS, member_ids[n % len(member_ids)], "Gemeente",
                 codes[n % len(codes)], f"Idee {n}: samen optrekken bij de inkoop van jeugdzorg en het delen van "
                 "ervaringen met de omgevingswet in de regio", n, 9_100 + 1 + n % PROMPTS, COPIES + n, NOW, NOW)
                for n in range(1, ideas + 1)
            ],
        )  # fmt: skip
        db.executemany(
            "INSERT INTO idea_support (idea_id, user_id, created_at) VALUES (?, ?, ?)",
            [(n, member_ids[(n * 7) % len(member_ids)], NOW) for n in range(1, ideas + 1, 5)],
        )
        db.execute(
            "INSERT INTO host_calls (id, guild_id, channel_id, message_id, created_by, created_at) "
            "VALUES (1, ?, ?, 8998, ?, ?)",
            (world.guild_id, world.channel_ids[0], world.manager_id, NOW),
        )
        db.execute("INSERT INTO host_call_sessions (call_id, session_id, position) VALUES (1, 1, 0)")
        db.executemany(
            "INSERT INTO host_volunteers (id, call_id, session_id, municipality_code, municipality_name, created_at) "
            "VALUES (?, 1, 1, ?, ?, ?)",
            [(i + 1, code, f"Gemeente {i}", NOW) for i, code in enumerate(codes)],
        )
        db.executemany(
            "INSERT INTO host_volunteer_members (volunteer_id, user_id, note, created_at) "
            "VALUES (?, ?, 'Raadzaal, 40 plaatsen', ?)",
            [(i + 1, member_ids[i % len(member_ids)], NOW) for i in range(len(codes))],
        )
        # A fifth of the ideas taken up (their status history), a record of the session with everyone checked in,
        # and a sign-up call every member signed up for: so that every dataset has rows.
        db.executemany(
            "INSERT INTO idea_status_changes (idea_id, status, note, municipality_code, municipality_name, "
            "changed_by, changed_at) VALUES (?, 'taken_up', 'Zeist neemt het op', ?, 'Zeist', ?, ?)",
            [(n, codes[n % len(codes)], world.manager_id, NOW) for n in range(1, ideas + 1, 5)],
        )
        db.executemany(
            "INSERT INTO checkins (session_id, user_id, checked_in_at) VALUES (1, ?, ?)", [(m, NOW) for m in member_ids]
        )
        db.execute(
            "INSERT INTO session_records (session_id, stands_out, opportunities, follow_up, proposals, notes, "
            "updated_by, updated_at) VALUES (1, 'Veel energie', 'Samen inkopen', 'Werkgroep', 'Pilot', '-', ?, ?)",
            (world.manager_id, NOW),
        )
        db.execute(
            "INSERT INTO signup_calls (id, guild_id, channel_id, message_id, question, created_by, created_at) "
            "VALUES (1, ?, ?, 8997, 'Wie doet mee met de werkgroep?', ?, ?)",
            (world.guild_id, world.channel_ids[0], world.manager_id, NOW),
        )
        db.executemany(
            "INSERT INTO signup_entries (id, call_id, municipality_code, municipality_name, created_at) "
            "VALUES (?, 1, ?, ?, ?)",
            [(i + 1, code, f"Gemeente {i}", NOW) for i, code in enumerate(codes)],
        )
        db.executemany(
            "INSERT INTO signup_members (entry_id, user_id, note, created_at) VALUES (?, ?, 'Ik ben er bij', ?)",
            [(1 + i % len(codes), m, NOW) for i, m in enumerate(member_ids)],
        )


async def run_command(
    server: TimedDiscord, world: World, db_path: Path, workdir: Path, command: str, options: dict
) -> tuple[float, int, int, dict]:
    answers: dict[str, float] = {}

    def seen(arrival: Arrival) -> None:
        if arrival.method == "PATCH" and arrival.route == ORIGINAL:
            answers.setdefault(arrival.params["webhook_token"], arrival.at)

    server.watch(seen)
    bot = await start_leerkring(server, db_path, world.guild_id, workdir)
    try:
        await asyncio.sleep(1.0)
        idle = bot.memory()["VmRSS"]
        result, payload = server.prepare_command(
            world.guild_id, world.channel_ids[0], world.manager_id, command, options
        )
        async with profiled(bot):
            sent = await server.send_event("INTERACTION_CREATE", payload)
            final = await result.final_message(timeout=600)
        seconds = answers[result.token] - sent
        peak = bot.memory()["VmHWM"]
    finally:
        await bot.stop()
    return seconds, idle, peak, final


async def plain_query(db_path: Path, sql: str, param: int) -> dict:
    process = await asyncio.create_subprocess_exec(
        PYTHON, "-c", PLAIN_QUERY, str(db_path), sql, str(param), stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    return json.loads(out)


TIME_TARGET = 2.0
MEMORY_TARGET = 1.5
TOO_QUICK = 0.02
"""A baseline under 20 ms (a few hundred rows) is below the noise of starting a command; no ratio is judged."""


def verdict(seconds: float, peak: float, base_seconds: float, base_peak: float) -> list[str]:
    """The ratios against the baseline and whether each meets its target."""
    if base_seconds < TOO_QUICK:
        return ["–", "–", "too small to judge"]
    time_ratio, memory_ratio = seconds / base_seconds, peak / max(base_peak, 0.1)
    missed = [name for name, ratio, target in (("time", time_ratio, TIME_TARGET), ("memory", memory_ratio,
              MEMORY_TARGET)) if ratio > target]  # fmt: skip
    return [f"{time_ratio:.1f}x", f"{memory_ratio:.1f}x", "met" if not missed else "not met: " + ", ".join(missed)]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--formats", default="csv,md,json,xlsx", help="formats of every export")
    parser.add_argument("--datasets", default=",".join(QUERIES), help="datasets to export")
    parser.add_argument("--no-report", action="store_true", help="leave out /report")
    args = parser.parse_args()
    header(f"Reports and exports: {args.ideas:,} ideas, {args.members:,} members")
    print(f"targets: time <= {TIME_TARGET}x and peak memory <= {MEMORY_TARGET}x the plain query of the same rows")
    rows = [["command", "rows", "time (s)", "peak RSS above idle (MiB)", "baseline query (s)", "baseline peak (MiB)",
             "time ratio", "memory ratio", "target", "files"]]  # fmt: skip
    async with local_discord() as server:
        world = populate(server, members=args.members)
        with workspace("report-") as workdir:
            db_path = workdir / "leerkring.db"
            await migrate_database(db_path, workdir)
            seed(db_path, world, args.ideas, args.members)
            print("seeded", flush=True)
            cases: list[tuple[str, str, dict, str, int]] = []
            if not args.no_report:
                cases.append(("/report session:1", "report", {"session": 1}, REPORT_IDEAS, 1))
            cases += [
                (f"/export {name} {fmt}", "export", {"what": name, "format": fmt}, QUERIES[name], world.guild_id)
                for name in args.datasets.split(",")
                if name
                for fmt in args.formats.split(",")
            ]
            for label, command, options, sql, param in cases:
                started = time.perf_counter()
                seconds, idle, peak, final = await run_command(server, world, db_path, workdir, command, options)
                base = await plain_query(db_path, sql, param)
                base_peak = (base["peak"] - base["idle"]) / 1024
                bot_peak = (peak - idle) / 1024
                files = ", ".join(f"{a['filename']} {a['size'] / 1e6:.1f} MB" for a in final.get("attachments", []))
                files = files or f"answer without files: {final.get('content', '')[:60]!r}"
                rows.append(
                    [label, f"{base['rows']:,}", f"{seconds:.2f}", f"{bot_peak:.1f}", f"{base['seconds']:.2f}",
                     f"{base_peak:.1f}", *verdict(seconds, bot_peak, base["seconds"], base_peak), files]
                )  # fmt: skip
                print(f"{label}: done in {time.perf_counter() - started:.0f} s (idle RSS {mib(idle)} MiB)", flush=True)
    print()
    print(table(rows))


if __name__ == "__main__":
    asyncio.run(main())
