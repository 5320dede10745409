"""Interaction latency: bursts of concurrent `/idea add`, from INTERACTION_CREATE leaving the fake to the answer.

Three bots, each against a fresh local Discord in the same run:
- baseline: a minimal discord.py bot answering `/idea add` with a constant (callback type 4);
- baseline (deferred): the same, but deferring first and then editing @original with the constant;
- leerkring: `python -m bot`, which stores the idea and answers with the response itself (deferring first only when
  the interaction is a second old by then), then posts the idea's copy in the prompt's thread.
"callback" is the interaction callback's arrival; "answer" the final answer's (the @original edit when deferred).
Targets: p99 of the callback within 1.5x the constant baseline's, far inside Discord's 3 s (issue 9); p99 of the
answer within 1.5x the deferred baseline's (issue 19), at every burst size.

    .venv/bin/python bench/bench_interaction_latency.py [--bursts 1,50,500] [--samples 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    CALLBACK,
    ORIGINAL,
    Arrival,
    BotProcess,
    TimedDiscord,
    World,
    answered,
    ask,
    header,
    local_discord,
    median,
    ms,
    percentile,
    populate,
    profiled,
    start_baseline,
    start_leerkring,
    table,
    workspace,
)

DEADLINE = 3.0
TARGET = 1.5


@dataclass
class Samples:
    callback: list[float] = field(default_factory=list)
    answer: list[float] = field(default_factory=list)
    late: int = 0


class Clocked:
    """Arrival times of callbacks and @original edits, by interaction token."""

    def __init__(self, server: TimedDiscord) -> None:
        self.callback: dict[str, float] = {}
        self.original: dict[str, float] = {}
        server.watch(self._seen)

    def _seen(self, arrival: Arrival) -> None:
        if arrival.method == "POST" and arrival.route == CALLBACK:
            self.callback.setdefault(arrival.params["interaction_token"], arrival.at)
        elif arrival.method == "PATCH" and arrival.route == ORIGINAL:
            self.original.setdefault(arrival.params["webhook_token"], arrival.at)


def distinct_text(serial: int) -> str:
    """An idea's text unlike every other's (random words, seeded by its serial): each `/idea add` is stored, as in a
    meeting's follow-up. Texts alike (the same sentence with another number) would each get the duplicate question
    instead (since issue 14), measuring that answer rather than storing an idea."""
    words = random.Random(serial)
    return "Voorstel: " + " ".join(
        "".join(words.choices(string.ascii_lowercase, k=words.randint(5, 9))) for _ in range(6)
    )


async def burst(server: TimedDiscord, clocked: Clocked, world: World, size: int, serial: int) -> Samples:
    prepared = [
        server.prepare_command(
            world.guild_id,
            world.channel_ids[0],
            world.member_ids[(serial + n) % len(world.member_ids)],
            "idea add",
            {"text": distinct_text(serial + n)},
        )
        for n in range(size)
    ]
    sent = {}
    for result, payload in prepared:
        sent[result.token] = await server.send_event("INTERACTION_CREATE", payload)
    await asyncio.gather(*(answered(result) for result, _ in prepared))
    samples = Samples()
    for result, _ in prepared:
        token = result.token
        samples.callback.append(clocked.callback[token] - sent[token])
        deferred = result.callback is not None and result.callback["type"] == 5
        samples.answer.append((clocked.original[token] if deferred else clocked.callback[token]) - sent[token])
        samples.late += result.late_callbacks
    return samples


async def measure(kind: str, bursts: list[int], samples_per_burst: int, warmup: int) -> dict[int, Samples]:
    async with local_discord() as server:
        server.state.interaction_deadline_seconds = DEADLINE
        world = populate(server, members=50)
        clocked = Clocked(server)
        with workspace("latency-") as workdir:
            bot: BotProcess
            if kind == "leerkring":
                bot = await start_leerkring(server, workdir / "leerkring.db", world.guild_id, workdir)
                answer = await ask(server, world, world.manager_id, "prompt open", question="Wat neem je mee?")
                assert "#" in answer.get("content", ""), answer
            else:
                bot = await start_baseline(server, world.guild_id, workdir, deferred=kind == "baseline-deferred")
            try:
                serial = 0
                await burst(server, clocked, world, warmup, serial)
                serial += warmup
                results: dict[int, Samples] = {}
                async with profiled(bot):
                    for size in bursts:
                        total = Samples()
                        for _ in range(max(1, samples_per_burst // size)):
                            got = await burst(server, clocked, world, size, serial)
                            serial += size
                            total.callback += got.callback
                            total.answer += got.answer
                            total.late += got.late
                            await asyncio.sleep(0.2)
                        results[size] = total
                return results
            except TimeoutError:
                print(f"{kind} did not answer; the end of its log:\n{bot.log_tail()}", flush=True)
                raise
            finally:
                await bot.stop()


def report(all_results: dict[str, dict[int, Samples]], bursts: list[int]) -> None:
    rows = [["burst", "bot", "n", "callback p50 ms", "callback p99 ms", "answer p50 ms", "answer p99 ms", ">3 s"]]
    for size in bursts:
        for kind, results in all_results.items():
            s = results[size]
            rows.append(
                [
                    str(size),
                    kind,
                    str(len(s.callback)),
                    ms(median(s.callback)),
                    ms(percentile(s.callback, 99)),
                    ms(median(s.answer)),
                    ms(percentile(s.answer, 99)),
                    str(s.late),
                ]
            )
    print(table(rows))
    print()
    rows = [["burst", "callback p99 / baseline", "callback target (<= 1.5x, < 3 s)", "answer p99 / deferred baseline",
             "answer target (<= 1.5x)"]]  # fmt: skip
    for size in bursts:
        bot, base, deferred = (all_results[k][size] for k in ("leerkring", "baseline", "baseline-deferred"))
        callback_ratio = percentile(bot.callback, 99) / percentile(base.callback, 99)
        answer_ratio = percentile(bot.answer, 99) / percentile(deferred.answer, 99)
        callback_met = callback_ratio <= TARGET and percentile(bot.callback, 99) < DEADLINE
        rows.append([str(size), f"{callback_ratio:.2f}x", "met" if callback_met else "MISSED", f"{answer_ratio:.2f}x",
                     "met" if answer_ratio <= TARGET else "MISSED"])  # fmt: skip
    print(table(rows))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bursts", default="1,50,500", help="comma-separated burst sizes")
    parser.add_argument("--samples", type=int, default=200, help="interactions per burst size (at least one burst)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--only", choices=("baseline", "baseline-deferred", "leerkring"), help="run one bot only")
    args = parser.parse_args()
    bursts = [int(b) for b in args.bursts.split(",")]
    header("Interaction latency: concurrent /idea add")
    kinds = [args.only] if args.only else ["baseline", "baseline-deferred", "leerkring"]
    results = {}
    for kind in kinds:
        results[kind] = await measure(kind, bursts, args.samples, args.warmup)
        print(f"{kind}: done", flush=True)
    print()
    if args.only:
        rows = [["burst", "n", "callback p50", "callback p99", "answer p50", "answer p99"]]
        for size, s in results[args.only].items():
            rows.append(
                [
                    str(size),
                    str(len(s.callback)),
                    *(ms(f(v)) for v in (s.callback, s.answer) for f in (median, lambda x: percentile(x, 99))),
                ]
            )
        print(table(rows))
    else:
        report(results, bursts)


if __name__ == "__main__":
    asyncio.run(main())
