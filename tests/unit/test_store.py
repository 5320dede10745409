import asyncio
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.db import Database


async def test_concurrent_transactions_do_not_undo_each_other(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER)")

    async def insert_and_fail() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (-1)")
            await asyncio.sleep(0)
            raise RuntimeError("rolled back on purpose")

    async def insert(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (?)", (n,))

    results = await asyncio.gather(insert_and_fail(), *(insert(n) for n in range(50)), return_exceptions=True)
    assert sum(isinstance(result, RuntimeError) for result in results) == 1
    rows = await db.fetch_all("SELECT n FROM t ORDER BY n")
    assert [row["n"] for row in rows] == list(range(50))


async def test_reads_do_not_see_an_open_transaction(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER)")
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO t VALUES (1)")
        assert tuple(await db.fetch_one("SELECT count(*) FROM t")) == (0,)  # type: ignore[arg-type]
    assert tuple(await db.fetch_one("SELECT count(*) FROM t")) == (1,)  # type: ignore[arg-type]


async def test_pragmas_are_set(db: Database) -> None:
    assert tuple(await db.fetch_one("PRAGMA journal_mode")) == ("wal",)  # type: ignore[arg-type]
    assert tuple(await db.fetch_one("PRAGMA foreign_keys")) == (1,)  # type: ignore[arg-type]


async def test_backup_is_a_consistent_private_copy(db: Database, tmp_path: Path) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER)")
        await conn.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)])
    target = tmp_path / "backup" / "copy.db"
    await db.backup(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM t").fetchone() == (100,)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_failed_transaction_raises_and_keeps_nothing(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER UNIQUE)")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (1)")
            await conn.execute("INSERT INTO t VALUES (1)")
    assert tuple(await db.fetch_one("SELECT count(*) FROM t")) == (0,)  # type: ignore[arg-type]


async def test_writer_jobs_are_committed_together_and_fail_alone(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER UNIQUE)")

    async def insert(n: int) -> int | None:
        return await db.run_in_writer(lambda raw: raw.execute("INSERT INTO t VALUES (?)", (n,)).lastrowid)

    results = await asyncio.gather(*(insert(n) for n in [1, 2, 2, 3]), return_exceptions=True)
    assert [type(result) for result in results] == [int, int, sqlite3.IntegrityError, int]
    rows = await db.fetch_all("SELECT n FROM t ORDER BY n")
    assert [row["n"] for row in rows] == [1, 2, 3]


async def test_a_writer_job_is_committed_before_its_result_is_returned(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER)")
    assert await db.run_in_writer(lambda raw: raw.execute("INSERT INTO t VALUES (7)").rowcount) == 1
    with sqlite3.connect(db.path) as other:
        assert other.execute("SELECT n FROM t").fetchall() == [(7,)]
