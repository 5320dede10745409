"""Many servers: the bot's memory at idle with 1, 100 and 1,000 servers of 200 members each.

The local Discord sends READY and a full GUILD_CREATE (200 members) per server; once a command in the last
server is answered (so every GUILD_CREATE before it has been processed) and the bot has idled 2 s, its RSS is
read from /proc. Baseline in the same run: the minimal discord.py bot with the same intents and member cache.
Growth per server = (RSS at the largest count - RSS at the smallest) / (difference in servers).

    .venv/bin/python bench/bench_many_guilds.py [--guilds 1,100,1000] [--members 200]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    BotProcess,
    World,
    ask,
    header,
    local_discord,
    mib,
    populate,
    start_baseline,
    start_leerkring,
    table,
    workspace,
)

IDLE = 2.0


async def measure(kind: str, guilds: int, members: int) -> tuple[float, dict[str, int]]:
    async with local_discord() as server:
        worlds: list[World] = [
            populate(server, name=f"Gemeente {g}", members=members - 3) for g in range(guilds)
        ]  # owner, bot and manager make up the rest
        with workspace("guilds-") as workdir:
            bot: BotProcess
            if kind == "leerkring":
                bot = await start_leerkring(server, workdir / "leerkring.db", worlds[0].guild_id, workdir)
                probe = "profile show"
            else:
                bot = await start_baseline(server, worlds[0].guild_id, workdir)
                probe = "ping"
            try:
                await ask(server, worlds[0], worlds[0].manager_id, probe)
                served = time.perf_counter() - bot.spawned_at
                await asyncio.sleep(IDLE)
                return served, bot.memory()
            finally:
                await bot.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guilds", default="1,100,1000", help="comma-separated server counts")
    parser.add_argument("--members", type=int, default=200, help="members per server")
    args = parser.parse_args()
    counts = [int(g) for g in args.guilds.split(",")]
    header(f"Many servers: idle memory with {args.members} members each")
    results: dict[tuple[str, int], tuple[float, dict[str, int]]] = {}
    for count in counts:
        for kind in ("baseline", "leerkring"):
            results[(kind, count)] = await measure(kind, count, args.members)
            print(f"{kind} with {count} servers: done", flush=True)
    rows = [["servers", "bot", "spawn to first answer (s)", "RSS MiB", "peak RSS MiB", "RSS vs baseline"]]
    for count in counts:
        base_rss = results[("baseline", count)][1]["VmRSS"]
        for kind in ("baseline", "leerkring"):
            served, memory = results[(kind, count)]
            ratio = memory["VmRSS"] / base_rss
            rows.append(
                [str(count), kind, f"{served:.1f}", mib(memory["VmRSS"]), mib(memory["VmHWM"]), f"{ratio:.2f}x"]
            )
    print()
    print(table(rows))
    low, high = counts[0], counts[-1]
    if high > low:
        print()
        growth = [["bot", f"growth per server, {low} to {high} (KiB)", "per member (KiB)"]]
        for kind in ("baseline", "leerkring"):
            per = (results[(kind, high)][1]["VmRSS"] - results[(kind, low)][1]["VmRSS"]) / (high - low)
            growth.append([kind, f"{per:.0f}", f"{per / args.members:.2f}"])
        print(table(growth))


if __name__ == "__main__":
    asyncio.run(main())
