"""Rendering the network map of the whole country, next to the report chart (the baseline) in the same run.

Both are drawn in this process, as the bot draws them on a worker thread: the report chart of a seeded session
(50 municipalities and VNG, "Ik kom" beside checked in) and the map with every municipality involved and every
seventh one a host.
"Cold" is the first map of a process (reading and decoding the boundaries file, building the shapes); "warm" the
ones after it. Target: the full-country map under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._harness import header, median, ms, percentile, table  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.db.migrate import migrate  # noqa: E402
from bot.documents.boundaries import boundaries  # noqa: E402
from bot.documents.network_map import network_map_png  # noqa: E402
from bot.documents.report_chart import report_chart  # noqa: E402
from bot.domain.network import Network, Place, SignupCount  # noqa: E402
from bot.domain.report import Attendance, Report, Turnout, build_report  # noqa: E402
from bot.municipalities import directory  # noqa: E402
from tests.follow_up_seed import seed_follow_up  # noqa: E402

GUILD, CHANNEL = 1, 2


async def seeded_report() -> Report:
    """The seed's report, its attendance widened to 50 municipalities and VNG (the network's size), both bars."""
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.db")
        try:
            await migrate(db)
            clock = ManualClock(datetime(2026, 11, 26, 11, tzinfo=UTC))
            seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
            report = await build_report(db, GUILD, seeded.session_id, clock.now())
        finally:
            await db.close()
    rows = [Turnout(m.display_name, True, 1 + n % 4, n % 3) for n, m in enumerate(directory().all()[:50])]
    rows.append(Turnout("VNG", False, 3, 2))
    attendance = Attendance("present", sum(row.present for row in rows), rows)
    return dataclasses.replace(report, attendance=attendance)


def whole_country() -> Network:
    """Every municipality involved, every seventh one a host, a few organisations and one former municipality."""
    places = [Place(m.code, m.display_name, True) for m in directory().all()]
    former = Place("GM0370", "Beemster", False)
    return Network(
        members=[(p, 1 + n % 5) for n, p in enumerate(places)] + [(former, 1)],
        organisations=[("VNG", 3), ("Ministerie van BZK", 2), ("Provincie Utrecht", 1)],
        hosts=[(p, 1) for p in places[::7]],
        signups=[SignupCount(1, "Thorbecke-experimenten", 40)],
        signed_up=places[::8],
        ideas=[(p, n % 3) for n, p in enumerate(places) if n % 3],
    )


def import_matplotlib() -> None:
    """Import what both drawings use, once per process (the bot pays it at its first chart or map)."""
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    pyplot.close(Figure())


def timed(draw: Callable[[], bytes | None], runs: int) -> tuple[list[float], int]:
    """Seconds per run and the size of the last image."""
    seconds, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        image = draw()
        seconds.append(time.perf_counter() - started)
        size = len(image or b"")
    return seconds, size


async def loop_lag(work: Callable[[], bytes | None] | None, tick: float = 0.005) -> tuple[float, float]:
    """The event loop's lateness (p50, max) for 5 ms sleeps while `work` runs on a worker thread (None: idle 1 s)."""
    late: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(tick)
            late.append(time.perf_counter() - started - tick)

    running = asyncio.create_task(ticker())
    if work is None:
        await asyncio.sleep(1)
    else:
        for _ in range(3):
            await asyncio.to_thread(work)
    done.set()
    await running
    return median(late), max(late)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="warm renders of each")
    args = parser.parse_args()
    header("Network map vs report chart")
    report, country = asyncio.run(seeded_report()), whole_country()
    started = time.perf_counter()
    import_matplotlib()
    imported = time.perf_counter() - started
    started = time.perf_counter()
    areas = len(boundaries().areas)
    decoded = time.perf_counter() - started
    cold, _ = timed(lambda: network_map_png(country, "nl"), 1)
    chart_cold, _ = timed(lambda: report_chart(report, "nl"), 1)
    chart, chart_size = timed(lambda: report_chart(report, "nl"), args.runs)
    drawn, map_size = timed(lambda: network_map_png(country, "nl"), args.runs)
    rows = [["what", "runs", "p50 ms", "p95 ms", "max ms", "PNG KB", "vs chart p50"]]
    base = median(chart)
    for name, values, size in [
        ("report chart (baseline)", chart, chart_size),
        (f"network map, {areas} municipalities", drawn, map_size),
    ]:
        ratio = f"{median(values) / base:.2f}×"
        row = [ms(median(values)), ms(percentile(values, 95)), ms(max(values)), f"{size / 1024:.0f}", ratio]
        rows.append([name, str(len(values)), *row])
    print(table(rows))
    print(
        f"\ncold (first in the process): importing matplotlib {ms(imported)} ms; "
        f"boundaries read and decoded {ms(decoded)} ms; "
        f"first map {ms(cold[0])} ms (shapes built); first chart {ms(chart_cold[0])} ms"
    )
    idle = asyncio.run(loop_lag(None))
    busy = asyncio.run(loop_lag(lambda: network_map_png(country, "nl")))
    print(
        f"event loop lateness of a 5 ms timer (p50 / max): idle {ms(idle[0])} / {ms(idle[1])} ms; "
        f"while 3 maps are drawn on a worker thread {ms(busy[0])} / {ms(busy[1])} ms"
    )
    verdict = "met" if percentile(drawn, 95) < 1 and decoded + cold[0] < 1 else "NOT met"
    print(f"target: full-country map < 1 s — {verdict}")


if __name__ == "__main__":
    main()
