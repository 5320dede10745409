"""`python -m bot` as a process: no token, the CLI subcommands, serving, SIGTERM, and a dead gateway."""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

from bot.clock import ManualClock
from bot.i18n import t
from bot.runner import EXIT_CONNECTION_LOST
from localdiscord import FakeDiscord
from tests.e2e.harness import TOKEN, World, config_for, start_bot


def environment(**variables: str) -> dict[str, str]:
    """The current environment without any Leerkring or Discord settings, plus `variables`."""
    names = {
        "DISCORD_TOKEN",
        "LEERKRING_DB",
        "LEERKRING_DEV_GUILD",
        "DISCORD_API_BASE",
        "DISCORD_GATEWAY_URL",
        "LEERKRING_HTTP",
        "LEERKRING_PUBLIC_URL",
    }
    return {key: value for key, value in os.environ.items() if key not in names} | variables


def against(server: FakeDiscord, world: World, db_path: Path, **variables: str) -> dict[str, str]:
    """The environment of `python -m bot` run against the local server in the test world, plus `variables`."""
    return environment(
        DISCORD_TOKEN=TOKEN,
        LEERKRING_DB=str(db_path),
        LEERKRING_DEV_GUILD=str(world.guild_id),
        DISCORD_API_BASE=server.api_base,
        DISCORD_GATEWAY_URL=server.gateway_url,
        **variables,
    )


async def spawn_bot(server: FakeDiscord, world: World, db_path: Path, log: IO[bytes]) -> asyncio.subprocess.Process:
    """Start `python -m bot` against the local server (warnings and worse into `log`), in the database's folder."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=db_path.parent,
        env=against(server, world, db_path, LOG_LEVEL="WARNING"),
        stdout=log,
        stderr=log,
    )


def test_without_a_token_it_explains_and_exits_non_zero(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "DISCORD_TOKEN is not set" in done.stderr
    assert "Reset Token" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_migrate_check_and_backup(tmp_path: Path) -> None:
    env = environment(LEERKRING_DB=str(tmp_path / "db" / "leerkring.db"), DISCORD_TOKEN=TOKEN)

    def bot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    missing = bot("check")
    assert missing.returncode == 0 and "does not exist yet" in missing.stdout
    assert "applied: 0001_initial.sql" in bot("migrate").stdout
    assert "applied: none" in bot("migrate").stdout
    checked = bot("check")
    assert checked.returncode == 0 and "integrity ok" in checked.stdout
    assert bot("backup", str(tmp_path / "copy.db")).returncode == 0
    refused = bot("backup", str(tmp_path / "copy.db"))
    assert refused.returncode == 1 and "exists already" in refused.stderr


async def test_python_m_bot_serves_and_stops_cleanly_on_sigterm(
    server: FakeDiscord, world: World, tmp_path: Path
) -> None:
    env = against(server, world, tmp_path / "leerkring.db")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await server.wait_for_request("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", timeout=30)
        await server.wait_until_connected(timeout=30)
        result = await server.invoke_command(
            world.guild_id,
            world.channel_id,
            world.participant_id,
            "profile municipality",
            options={"name": "GM0262"},
        )
        answer = await result.response(timeout=10)
        assert answer["data"]["content"] == t("profile.municipality_set", "nl", name="Lochem")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr


async def test_a_dead_gateway_connection_ends_the_process_non_zero(
    server: FakeDiscord, world: World, db_path: Path, clock: ManualClock
) -> None:
    running = await start_bot(config_for(server, db_path, world.guild_id), clock)
    await server.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(world.guild_id)})
    assert await asyncio.wait_for(running.task, timeout=10) == EXIT_CONNECTION_LOST
