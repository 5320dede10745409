"""Shared by the benchmarks: the local Discord (in this process) and the bot under test (a subprocess).

The bot runs exactly as in production, `python -m bot`, configured through the environment and pointed at
`localdiscord` over loopback; the baseline is a minimal discord.py bot (`python bench/_harness.py baseline`)
started the same way. Times are taken inside the fake server: when an event leaves it and when the bot's
request arrives. Memory is the bot process's RSS (and peak, VmHWM) from /proc.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from localdiscord import FakeDiscord  # noqa: E402
from localdiscord.context import RestCall  # noqa: E402
from localdiscord.interaction_result import APPLICATION_COMMAND, InteractionResult  # noqa: E402
from localdiscord.interactions import command_data, interaction_payload  # noqa: E402

PYTHON = sys.executable
TOKEN = "bench-token"
MANAGE_GUILD = 1 << 5
CALLBACK = "/interactions/{}/{}/callback"
ORIGINAL = "/webhooks/{}/{}/messages/@original"
REACTION = "/channels/{}/messages/{}/reactions/{}/@me"


# --- measuring -------------------------------------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Iterable[float]) -> float:
    """The median; NaN for no values."""
    listed = list(values)
    return statistics.median(listed) if listed else float("nan")


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table."""
    return f"{seconds * 1000:.1f}"


def mib(kib: int) -> str:
    """KiB as MiB for a table."""
    return f"{kib / 1024:.1f}"


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in KiB."""
    found = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    return found


def machine() -> str:
    """A one-line description of the machine: CPUs, CPU model, Python."""
    model = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), model)
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def table(rows: list[list[str]]) -> str:
    """A Markdown table, first row the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def header(title: str) -> None:
    """Print what runs and where."""
    print(f"# {title}\n\nmachine: {machine()}\n", flush=True)


# --- the local Discord, with arrival times -------------------------------------------------------


@dataclass
class Arrival:
    """One REST request as it reached the fake (before it was handled)."""

    at: float
    method: str
    route: str
    params: dict[str, str]
    body: Any = None
    status: int = 0


def _normal(template: str) -> str:
    from localdiscord.routing import normalize_template

    return normalize_template(template)


class TimedDiscord(FakeDiscord):
    """The fake Discord, noting when each request arrives and letting a benchmark wait for one."""

    def __init__(self, openapi_validation: bool = False) -> None:
        super().__init__(openapi_validation=openapi_validation)
        self.arrivals: list[Arrival] = []
        self._watchers: list[Callable[[Arrival], None]] = []

    def watch(self, callback: Callable[[Arrival], None]) -> None:
        """Call `callback` with every request as it arrives."""
        self._watchers.append(callback)

    async def _respond(self, method: str, path: str, template: str, call: RestCall) -> web.Response:
        arrival = Arrival(time.perf_counter(), method, _normal(template), call.params, call.body)
        self.arrivals.append(arrival)
        for watcher in self._watchers:
            watcher(arrival)
        response = await super()._respond(method, path, template, call)
        arrival.status = response.status
        return response

    def prepare_command(
        self, guild_id: int, channel_id: int, user_id: int, name: str, options: dict[str, Any]
    ) -> tuple[InteractionResult, dict[str, Any]]:
        """Build an INTERACTION_CREATE for a synced command without sending it yet."""
        data = command_data(self._ctx, guild_id, channel_id, name, options)
        payload = interaction_payload(self._ctx, APPLICATION_COMMAND, channel_id, user_id, data)
        result = InteractionResult(payload)
        self._ctx.interactions[result.token] = result
        return result, payload

    async def send_event(self, event: str, payload: dict[str, Any]) -> float:
        """Dispatch one gateway event; return the moment it left."""
        await self._ctx.gateway.dispatch(event, payload)
        return time.perf_counter()


@contextlib.asynccontextmanager
async def local_discord(openapi_validation: bool = False) -> AsyncIterator[TimedDiscord]:
    """A started fake Discord on 127.0.0.1, stopped afterwards."""
    server = TimedDiscord(openapi_validation=openapi_validation)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@dataclass
class World:
    """A server's ids: guild, channels, an organiser and participants."""

    guild_id: int
    channel_ids: list[int]
    manager_id: int
    member_ids: list[int]


def populate(server: FakeDiscord, name: str = "M50", channels: int = 1, members: int = 4) -> World:
    """A guild with a manager (Manage Server), `members` participants and `channels` text channels."""
    guild = server.add_guild(name=name, preferred_locale="nl")
    managers = server.add_role(guild.id, name="Beheer", permissions=MANAGE_GUILD)
    channel_ids = [server.add_channel(guild.id, name=f"kanaal-{n}").id for n in range(channels)]
    manager = server.add_member(guild.id, username="marieke", roles=[managers.id], locale="nl")
    member_ids = [server.add_member(guild.id, username=f"lid{n}", locale="nl").id for n in range(members)]
    return World(guild.id, channel_ids, manager.id, member_ids)


# --- the bot under test ----------------------------------------------------------------------------


@dataclass
class BotProcess:
    """A bot in a subprocess; `ready_after` is seconds from spawn to its IDENTIFY reaching the gateway."""

    process: asyncio.subprocess.Process
    log_path: Path
    spawned_at: float
    ready_after: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def memory(self) -> dict[str, int]:
        """VmRSS and VmHWM in KiB."""
        return proc_status(self.pid)

    async def stop(self) -> int:
        """SIGTERM (as a supervisor would) and wait; kill after 20 s."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return self.process.returncode or 0

    def log_tail(self, lines: int = 30) -> str:
        """The end of the bot's log."""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def bot_environment(server: FakeDiscord, db_path: Path, dev_guild: int, **extra: str) -> dict[str, str]:
    """The environment `python -m bot` reads, aimed at the local server."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "LEERKRING_"))},
        "DISCORD_TOKEN": TOKEN,
        "LEERKRING_DB": str(db_path),
        "LEERKRING_DEV_GUILD": str(dev_guild),
        "DISCORD_API_BASE": server.api_base,
        "DISCORD_GATEWAY_URL": server.gateway_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        # BENCH_BOT_SOURCE=/path/to/a/checkout runs that tree's `bot` (e.g. with a proposed fix) instead.
        **({"PYTHONPATH": os.environ["BENCH_BOT_SOURCE"]} if os.environ.get("BENCH_BOT_SOURCE") else {}),
        **extra,
    }


async def spawn(
    server: FakeDiscord,
    args: list[str],
    env: dict[str, str],
    workdir: Path,
    timeout: float = 120,  # noqa: ASYNC109
) -> BotProcess:
    """Start a bot process (cwd `workdir`, so no stray .env is read) and wait for its IDENTIFY."""
    log_path = workdir / f"bot-{len(list(workdir.glob('bot-*.log')))}.log"  # noqa: ASYNC240
    seen = server.identify_count
    started = time.perf_counter()
    with open(log_path, "wb") as log:  # noqa: ASYNC230
        process = await asyncio.create_subprocess_exec(
            PYTHON, *args, cwd=workdir, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT
        )
    bot = BotProcess(process, log_path, started)
    identified = asyncio.create_task(server.wait_for_identify(seen, timeout))
    exited = asyncio.create_task(process.wait())
    await asyncio.wait({identified, exited}, return_when=asyncio.FIRST_COMPLETED)
    if not identified.done():
        identified.cancel()
        raise RuntimeError(f"bot exited with {process.returncode} before connecting:\n{bot.log_tail()}")
    exited.cancel()
    identified.result()
    bot.ready_after = time.perf_counter() - started
    return bot


async def start_leerkring(server: FakeDiscord, db_path: Path, dev_guild: int, workdir: Path) -> BotProcess:
    """`python -m bot` against the local server."""
    return await spawn(server, ["-m", "bot"], bot_environment(server, db_path, dev_guild), workdir)


async def start_baseline(server: FakeDiscord, dev_guild: int, workdir: Path, deferred: bool = False) -> BotProcess:
    """The minimal discord.py bot: `/idea add` answered with a constant (deferred first, if asked)."""
    env = bot_environment(server, workdir / "unused.db", dev_guild, BASELINE_DEFERRED="1" if deferred else "")
    script = str(Path(__file__).resolve())  # noqa: ASYNC240
    return await spawn(server, [script, "baseline"], env, workdir)


async def migrate_database(db_path: Path, workdir: Path) -> None:
    """`python -m bot migrate`: create the schema the bot expects."""
    env = {**os.environ, "LEERKRING_DB": str(db_path), "DISCORD_TOKEN": TOKEN}
    process = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "bot", "migrate", cwd=workdir, env=env, stdout=asyncio.subprocess.DEVNULL
    )
    if await process.wait() != 0:
        raise RuntimeError("migration failed")


@contextlib.contextmanager
def workspace(prefix: str) -> Any:
    """A temporary directory (BENCH_TMP, else the system's; on a real disk, not tmpfs, for honest fsyncs)."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=os.environ.get("BENCH_TMP")) as name:
        yield Path(name)


async def answered(result: InteractionResult, timeout: float = 60) -> dict[str, Any]:  # noqa: ASYNC109
    """Wait for the final answer to an interaction."""
    return await result.final_message(timeout)


async def ask(
    server: TimedDiscord, world: World, user_id: int, command: str, in_channel: int | None = None, **options: Any
) -> dict[str, Any]:
    """Run a command as `user_id` and return its final answer."""
    channel_id = in_channel if in_channel is not None else world.channel_ids[0]
    result = await server.invoke_command(world.guild_id, channel_id, user_id, command, options=options)
    return await answered(result)


def _profiler_command() -> list[str] | None:
    """`py-spy record` (collapsed stacks, GIL holder only) of the bot when BENCH_PROFILE=path.txt is set."""
    target = os.environ.get("BENCH_PROFILE")
    spy = Path(PYTHON).with_name("py-spy")
    return [str(spy), "record", "--gil", "--rate", "200", "--format", "raw", "-o", target] if target else None


@contextlib.asynccontextmanager
async def profiled(bot: BotProcess) -> AsyncIterator[None]:
    """Sample the bot with py-spy during the block, if BENCH_PROFILE is set."""
    command = _profiler_command()
    if command is None:
        yield
        return
    spy = await asyncio.create_subprocess_exec(*command, "--pid", str(bot.pid), stdout=asyncio.subprocess.DEVNULL)
    await asyncio.sleep(0.5)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        await asyncio.wait_for(spy.wait(), 30)


# --- the baseline bot (runs in its own process) ----------------------------------------------------


def _run_baseline() -> None:
    import discord
    import yarl
    from discord import app_commands
    from discord.ext import commands

    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    deferred = bool(os.environ.get("BASELINE_DEFERRED"))
    guild = discord.Object(int(os.environ["LEERKRING_DEV_GUILD"]))
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix=[], intents=intents, chunk_guilds_at_startup=False, help_command=None)
    group = app_commands.Group(name="idea", description="Ideas", guild_only=True)

    @group.command(name="add", description="Add an idea")
    async def add(interaction: discord.Interaction, text: str, prompt: int | None = None) -> None:
        if deferred:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.edit_original_response(content="Idee #1 toegevoegd.")
        else:
            await interaction.response.send_message("Idee #1 toegevoegd.", ephemeral=True)

    @app_commands.command(name="ping", description="Constant")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    bot.tree.add_command(group, guild=guild)
    bot.tree.add_command(ping, guild=guild)

    async def setup_hook() -> None:
        await bot.tree.sync(guild=guild)

    bot.setup_hook = setup_hook  # type: ignore[method-assign]

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        async with bot:
            runner = asyncio.create_task(bot.start(TOKEN))
            await asyncio.wait({runner, asyncio.create_task(stop.wait())}, return_when=asyncio.FIRST_COMPLETED)
            await bot.close()

    asyncio.run(main())


def summarize_profile(path: Path, top: int = 25) -> str:
    """Self and inclusive sample shares per function from py-spy's collapsed stacks (`--format raw`)."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = [frame.split(" (")[0] + " (" + frame.split(" (")[-1].split(":")[0].split("/")[-1] + ")"
                  for frame in stack.split(";")]  # fmt: skip
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    lines = [f"{total} samples", "", "self %  function"]
    lines += [f"{100 * n / total:5.1f}  {name}" for name, n in own.most_common(top)]
    lines += ["", "incl %  function"]
    lines += [f"{100 * n / total:5.1f}  {name}" for name, n in inclusive.most_common(top * 2)]
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:] == ["baseline"]:
    _run_baseline()
elif __name__ == "__main__" and sys.argv[1:2] == ["profile"]:
    print(summarize_profile(Path(sys.argv[2])))
