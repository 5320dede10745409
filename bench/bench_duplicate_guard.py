"""The duplicate guard's cost per form or command idea, with thousands of open ideas in the server.

In-process, on a real SQLite file (no Discord: the guard is a read and a comparison before the write). A server is
seeded with N open ideas of other members (varied Dutch idea texts built from a vocabulary). Measured per call,
median and p95 over the samples: `propose_idea` (the guard: read the open ideas, normalise, rapidfuzz
`process.extract` with the token-set ratio, then store) for a text that resembles none of them. Baseline in the
same run: `add_idea` (storing without the guard) for the same texts on the same database. The normalised texts
are cached (an LRU cache in bot/domain/duplicates.py), so the first call after a start pays for normalising every
open idea once: shown as "first call".

    .venv/bin/python bench/bench_duplicate_guard.py [--ideas 1000,5000,20000] [--samples 40]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import header, percentile

from bot.db import Database
from bot.db.migrate import migrate
from bot.domain import duplicates, ideas, prompts, proposals

GUILD, CHANNEL, ORGANISER = 1, 2, 3
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
WHAT = [
    "burgerpanel",
    "jongerenraad",
    "buurtbudget",
    "wijkbudget",
    "inloopavond",
    "kinderraad",
    "burgerberaad",
    "stemhulp",
    "dorpsraad",
]
ABOUT = [
    "begroting",
    "klimaat",
    "woningbouw",
    "groenonderhoud",
    "skatebaan",
    "bibliotheek",
    "energietransitie",
    "omgevingsvisie",
]
HOW = ["opzetten", "invoeren", "evalueren", "organiseren", "uitbreiden", "onderzoeken", "betrekken", "starten"]
WHERE = ["wijk", "kern", "dorp", "gemeentehuis", "school", "sportclub", "buurthuis", "stadsdeel"]


def idea_text(rng: random.Random, number: int) -> str:
    """A plausible, varied idea: 'Een burgerpanel over de begroting opzetten in elke wijk (voorstel 17)'."""
    return (
        f"Een {rng.choice(WHAT)} over de {rng.choice(ABOUT)} {rng.choice(HOW)} in elke {rng.choice(WHERE)} "
        f"met {rng.choice(ABOUT)} en {rng.choice(WHAT)} (voorstel {number})"
    )


async def seeded(path: Path, count: int) -> tuple[Database, prompts.Prompt]:
    db = await Database.open(path)
    await migrate(db)
    prompt = await prompts.open_prompt(
        db, GUILD, CHANNEL, "Welke experimenten?", session_id=None, closes=None,
        interaction_id=1, created_by=ORGANISER, now=NOW,
    )  # fmt: skip
    rng = random.Random(count)
    for number in range(count):
        await ideas.add_idea(db, prompt, 1000 + number, idea_text(rng, number), "command", 10_000 + number, NOW)
    return db, prompt


async def timed(samples: int, call) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for sample in range(samples):
        started = time.perf_counter()
        await call(sample)
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(name: str, times: list[float]) -> str:
    return f"| {name} | {statistics.median(times):.1f} | {percentile(times, 95):.1f} |"


async def measure(count: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db, prompt = await seeded(Path(folder) / "bench.db", count)
        try:
            duplicates.normalise.cache_clear()
            fresh = "Raadsvergaderingen live uitzenden met ondertiteling, nummer {}"

            async def guarded(sample: int) -> None:
                proposal = await proposals.propose_idea(
                    db, prompt, 7, fresh.format(sample), "form", 500_000 + sample, NOW
                )
                assert proposal.idea is not None, "a new idea, stored"

            async def unguarded(sample: int) -> None:
                await ideas.add_idea(db, prompt, 8, fresh.format(sample), "form", 600_000 + sample, NOW)

            first = await timed(1, guarded)
            guard = await timed(samples, lambda sample: guarded(sample + 1))
            baseline = await timed(samples, unguarded)
            alike = idea_text(random.Random(count), 0)
            started = time.perf_counter()
            asked = await proposals.propose_idea(db, prompt, 9, alike, "form", 700_000, NOW)
            question = (time.perf_counter() - started) * 1000
        finally:
            await db.close()
    print(f"\n## {count} open ideas\n\n| call | median ms | p95 ms |\n|---|---|---|")
    print(row("store without the guard (baseline)", baseline))
    print(row("store with the guard", guard))
    print(f"| first call after a start (normalises all) | {first[0]:.1f} | |")
    print(f"| an alike idea: question with {len(asked.offered)} offered | {question:.1f} | |")
    extra = statistics.median(guard) - statistics.median(baseline)
    print(f"\nthe guard adds {extra:.1f} ms per idea at {count} open ideas")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ideas", default="1000,5000,20000")
    parser.add_argument("--samples", type=int, default=40)
    options = parser.parse_args()
    header("Duplicate guard: cost per form or command idea")
    for count in (int(n) for n in options.ideas.split(",")):
        await measure(count, options.samples)


if __name__ == "__main__":
    asyncio.run(main())
