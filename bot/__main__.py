"""`python -m bot [run|migrate|backup PATH|check|report SESSION|export WHAT FORMAT|demo]`."""

import argparse
import asyncio
import importlib
import logging
import sys
from pathlib import Path

import discord
from pydantic import ValidationError

from bot.client import LeerkringBot, point_at_discord
from bot.clock import SystemClock
from bot.config import Config
from bot.db import Database
from bot.db.migrate import MigrationError, integrity_check, load_migrations, migrate, schema_version
from bot.documents.report_files import REPORT_FORMATS
from bot.domain.exports import DATASETS, FORMATS
from bot.i18n import LANGUAGES
from bot.offline_documents import write_export, write_report
from bot.runner import run_until_signalled

EXIT_USAGE = 2
MAX_ID = 2**63 - 1
DEMO_PACKAGES = {"localdiscord", "jsonschema"}

MISSING_TOKEN = """\
DISCORD_TOKEN is not set, so Leerkring cannot log in to Discord.

To get a token:
  1. Open https://discord.com/developers/applications and create an application (or pick yours).
  2. Under "Bot", press "Reset Token" and copy the token.
  3. Under "Bot" → "Privileged Gateway Intents", enable "Message Content" and "Server Members".
  4. Put the token in a .env file next to where you run the bot (see .env.example):
       DISCORD_TOKEN=your-token-here
     or export it: export DISCORD_TOKEN=your-token-here
Then run `python -m bot` again. The README explains the invite link and permissions."""


def record_id(text: str) -> int:
    """A number the bot shows (#3) or a Discord id: a whole number from 1 to SQLite's largest integer."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(f"out of range (1 to {MAX_ID}): {text}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Leerkring Discord bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="connect to Discord and serve (the default)")
    commands.add_parser("migrate", help="create or upgrade the database, then exit")
    backup = commands.add_parser("backup", help="write a consistent copy of the live database")
    backup.add_argument("path", type=Path, help="file to write the copy to (must not exist yet)")
    commands.add_parser("check", help="validate the configuration and the database without connecting")
    report = commands.add_parser("report", help="write the follow-up report of a session to files")
    report.add_argument("session", type=record_id, help="the session's number (as the bot shows it: #3)")
    report.add_argument("--language", choices=LANGUAGES, help="default: the server's language")
    report.add_argument(
        "--format", choices=REPORT_FORMATS, default="both", help="md (with the chart), docx, or both (the default)"
    )
    export = commands.add_parser("export", help="write a data export to a file")
    export.add_argument("what", choices=DATASETS)
    export.add_argument("format", choices=FORMATS)
    for documents in (report, export):
        documents.add_argument(
            "--guild", type=record_id, help="the server's id (needed when the database holds several)"
        )
        documents.add_argument("--out", type=Path, default=Path("."), help="folder to write into (default: here)")
    demo = commands.add_parser("demo", help="watch the bot follow up a meeting, without a Discord account")
    demo.add_argument("--out", type=Path, default=Path("leerkring-demo"), help="folder for the demo's files")
    return parser


async def _migrate(config: Config) -> int:
    db = await Database.open(config.db_path)
    try:
        applied = await migrate(db)
        version = await schema_version(db)
        print(f"{config.db_path}: schema version {version}; applied: {', '.join(applied) or 'none'}")
    finally:
        await db.close()
    return 0


def _backup(config: Config, target: Path) -> int:
    if not config.db_path.exists():
        print(f"no database at {config.db_path}", file=sys.stderr)
        return 1
    if target.exists():
        print(f"{target} exists already; choose a new file name", file=sys.stderr)
        return 1
    asyncio.run(_copy_database(config.db_path, target))
    print(f"backed up {config.db_path} to {target}")
    return 0


async def _copy_database(source: Path, target: Path) -> None:
    db = await Database.open(source)
    try:
        await db.backup(target)
    finally:
        await db.close()


async def _inspect_database(path: Path) -> tuple[int, str]:
    db = await Database.open(path)
    try:
        return await schema_version(db), await integrity_check(db)
    finally:
        await db.close()


def _check(config: Config) -> int:
    problems = [] if config.token else ["DISCORD_TOKEN is not set"]
    latest = len(load_migrations())
    if not config.db_path.exists():
        print(f"database: {config.db_path} does not exist yet; it is created on first run")
    else:
        version, integrity = asyncio.run(_inspect_database(config.db_path))
        print(f"database: {config.db_path}, schema version {version} of {latest}, integrity {integrity}")
        if version > latest:
            problems.append(f"the database (version {version}) is newer than this Leerkring ({latest})")
        if integrity != "ok":
            problems.append(f"integrity check: {integrity}")
    print(f"REST API: {config.api_base}; gateway: {config.gateway_url or 'Discord default'}")
    print(f"commands sync: {'guild ' + str(config.dev_guild) if config.dev_guild else 'global'}")
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


async def _documents(config: Config, args: argparse.Namespace) -> int:
    if not config.db_path.exists():
        print(f"no database at {config.db_path}", file=sys.stderr)
        return 1
    db = await Database.open(config.db_path)
    try:
        if args.command == "report":
            written = await write_report(
                db, SystemClock(), args.session, args.guild, args.out, args.language, args.format
            )
        else:
            written = await write_export(db, args.what, args.format, args.guild, args.out)
    finally:
        await db.close()
    for path in written:
        print(path)
    return 0


def _demo(out: Path) -> int:
    try:
        demo = importlib.import_module("localdiscord.demo")
    except ModuleNotFoundError as missing:
        if (missing.name or "").partition(".")[0] not in DEMO_PACKAGES:
            raise
        print(
            f"the demo needs {missing.name}, which is not installed; install the demo extra: pip install -e '.[demo]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return asyncio.run(demo.run_demo(out))


def _run(config: Config) -> int:
    if config.token is None:
        print(MISSING_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    discord.utils.setup_logging(level=logging.getLevelName(config.log_level), root=True)
    point_at_discord(config)
    return asyncio.run(run_until_signalled(LeerkringBot(config), config.token.get_secret_value()))


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, build the configuration and run the chosen subcommand."""
    args = _parser().parse_args(argv)
    try:
        config = Config()
    except ValidationError as error:
        for problem in error.errors():
            print(f"configuration: {problem['loc'][0]}: {problem['msg']}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "migrate":
            return asyncio.run(_migrate(config))
        if args.command == "backup":
            return _backup(config, args.path)
        if args.command == "check":
            return _check(config)
        if args.command in ("report", "export"):
            return asyncio.run(_documents(config, args))
        if args.command == "demo":
            return _demo(args.out)
        return _run(config)
    except MigrationError as error:
        print(f"database: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
