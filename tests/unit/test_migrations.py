import stat
from pathlib import Path

import pytest

from bot.db import Database
from bot.db.migrate import Migration, MigrationError, load_migrations, migrate, schema_version


async def tables(db: Database) -> set[str]:
    rows = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row["name"] for row in rows}


async def test_empty_database_is_migrated_to_latest(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.db")
    try:
        applied = await migrate(db)
        assert applied == [m.name for m in load_migrations()]
        assert await schema_version(db) == len(load_migrations())
        assert {"guild_settings", "profiles"} <= await tables(db)
    finally:
        await db.close()


async def test_rerunning_migrations_is_a_no_op(db: Database) -> None:
    version = await schema_version(db)
    assert await migrate(db) == []
    assert await schema_version(db) == version


async def test_broken_migration_leaves_previous_version_intact(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "broken.db")
    good = load_migrations()
    broken = Migration(
        len(good) + 1,
        f"{len(good) + 1:04d}_broken.sql",
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    )
    try:
        await migrate(db, good)
        with pytest.raises(MigrationError, match="broken"):
            await migrate(db, [*good, broken])
        assert await schema_version(db) == len(good)
        assert "half_done" not in await tables(db)
        assert await migrate(db, good) == []
    finally:
        await db.close()


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "future.db")
    try:
        await migrate(db)
        async with db.exclusive() as conn:
            await conn.execute(f"PRAGMA user_version = {len(load_migrations()) + 5}")
        with pytest.raises(MigrationError, match="newer than this version"):
            await migrate(db)
    finally:
        await db.close()


def test_migration_files_are_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    (tmp_path / "0003_third.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="expected migration 0002"):
        load_migrations(tmp_path)


async def test_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "private.db")
    await db.close()
    assert stat.S_IMODE((tmp_path / "private.db").stat().st_mode) == 0o600
