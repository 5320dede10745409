"""Forward-only schema migrations from `migrations/NNNN_name.sql`, tracked in PRAGMA user_version."""

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.db.connection import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    """The database cannot be brought to the schema this code expects."""


@dataclass(frozen=True)
class Migration:
    """One schema step: its version number and SQL script."""

    version: int
    name: str
    sql: str


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Read the migration files in version order, checking that versions run 1, 2, 3, … without gaps."""
    if not directory.is_dir():
        raise MigrationError(f"migrations folder not found: {directory}")
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise MigrationError(f"migration file name not of the form NNNN_name.sql: {path.name}")
        migrations.append(Migration(int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise MigrationError(f"expected migration {expected:04d}, found {migration.name}")
    return migrations


async def schema_version(db: Database) -> int:
    """Return the schema version recorded in the database."""
    row = await db.fetch_one("PRAGMA user_version")
    return int(row[0]) if row else 0


async def integrity_check(db: Database) -> str:
    """Return SQLite's integrity check of the database: 'ok', or the first problem it found."""
    row = await db.fetch_one("PRAGMA integrity_check")
    return str(row[0]) if row else "unknown"


async def migrate(db: Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied."""
    migrations = load_migrations() if migrations is None else migrations
    latest = len(migrations)
    applied: list[str] = []
    async with db.exclusive() as conn:
        async with conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        current = int(row[0]) if row else 0
        if current > latest:
            raise MigrationError(
                f"the database is at schema version {current}, newer than this version of Leerkring "
                f"knows ({latest}); upgrade Leerkring or restore a backup"
            )
        for migration in migrations[current:]:
            script = f"BEGIN IMMEDIATE;\n{migration.sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
            try:
                await conn.executescript(script)
            except Exception as exc:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
            log.info("applied migration %s", migration.name)
            applied.append(migration.name)
    return applied
