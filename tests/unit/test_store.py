import asyncio
import sqlite3
import stat
import threading
from pathlib import Path

import aiosqlite
import pytest

from bot.db import Database, Tx
from bot.db.bridge import on_thread, raw_connection


async def make_table(db: Database, sql: str = "CREATE TABLE t (n INTEGER)") -> None:
    await db.write(lambda tx: tx.execute(sql))


async def test_concurrent_writes_do_not_undo_each_other(db: Database) -> None:
    await make_table(db)

    def insert_and_fail(tx: Tx) -> None:
        tx.execute("INSERT INTO t VALUES (-1)")
        raise RuntimeError("rolled back on purpose")

    async def insert(n: int) -> None:
        await db.write(lambda tx: tx.execute("INSERT INTO t VALUES (?)", (n,)))

    results = await asyncio.gather(db.write(insert_and_fail), *(insert(n) for n in range(50)), return_exceptions=True)
    assert sum(isinstance(result, RuntimeError) for result in results) == 1
    rows = await db.fetch_all("SELECT n FROM t ORDER BY n")
    assert [row["n"] for row in rows] == list(range(50))


async def test_reads_do_not_see_a_write_before_it_commits(db: Database) -> None:
    await make_table(db)
    seen: list[int] = []
    reader = sqlite3.connect(db.path, check_same_thread=False)

    def insert_and_look(tx: Tx) -> None:
        tx.execute("INSERT INTO t VALUES (1)")
        seen.append(reader.execute("SELECT count(*) FROM t").fetchone()[0])

    await db.write(insert_and_look)
    reader.close()
    assert seen == [0]
    assert tuple(await db.fetch_one("SELECT count(*) FROM t")) == (1,)  # type: ignore[arg-type]


async def test_the_reader_cannot_write(db: Database) -> None:
    await make_table(db)
    with pytest.raises(sqlite3.OperationalError):
        await db.read(lambda tx: tx.execute("INSERT INTO t VALUES (1)"))


async def test_a_read_job_sees_one_snapshot(db: Database) -> None:
    await make_table(db)
    await db.write(lambda tx: tx.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(10)]))
    counted = await db.read(lambda tx: (tx.one("SELECT count(*) FROM t")[0], len(tx.all("SELECT n FROM t"))))  # type: ignore[index]
    assert counted == (10, 10)


async def test_a_streamed_query_keeps_its_snapshot_while_other_reads_see_each_commit(db: Database) -> None:
    await make_table(db)
    await db.write(lambda tx: tx.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)]))
    chunks: list[list[int]] = []
    counted: list[int] = []
    first_chunk, carry_on = threading.Event(), threading.Event()

    def consume(rows: list[sqlite3.Row]) -> None:
        chunks.append([row["n"] for row in rows])
        first_chunk.set()
        assert carry_on.wait(timeout=5)

    async def meanwhile() -> None:
        await asyncio.to_thread(first_chunk.wait, 5)
        await db.write(lambda tx: tx.execute("DELETE FROM t WHERE n >= 50"))
        row = await db.fetch_one("SELECT count(*) FROM t")
        assert row is not None
        counted.append(row[0])
        carry_on.set()

    other = asyncio.create_task(meanwhile())
    count = await db.stream("SELECT n FROM t ORDER BY n", (), consume, 10)
    await other
    assert count == 100 and [n for chunk in chunks for n in chunk] == list(range(100)), "the stream's own snapshot"
    assert all(len(chunk) == 10 for chunk in chunks)
    assert counted == [50], "a read while the stream was open saw the delete committed meanwhile"


async def test_pragmas_are_set(db: Database) -> None:
    assert tuple(await db.fetch_one("PRAGMA journal_mode")) == ("wal",)  # type: ignore[arg-type]
    assert tuple(await db.fetch_one("PRAGMA foreign_keys")) == (1,)  # type: ignore[arg-type]


async def test_backup_is_a_consistent_private_copy(db: Database, tmp_path: Path) -> None:
    await make_table(db)
    await db.write(lambda tx: tx.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)]))
    target = tmp_path / "backup" / "copy.db"
    await db.backup(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM t").fetchone() == (100,)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_failed_write_raises_and_keeps_nothing(db: Database) -> None:
    await make_table(db, "CREATE TABLE t (n INTEGER UNIQUE)")

    def twice(tx: Tx) -> None:
        tx.execute("INSERT INTO t VALUES (1)")
        tx.execute("INSERT INTO t VALUES (1)")

    with pytest.raises(sqlite3.IntegrityError):
        await db.write(twice)
    assert tuple(await db.fetch_one("SELECT count(*) FROM t")) == (0,)  # type: ignore[arg-type]


async def test_writes_are_committed_together_and_fail_alone(db: Database) -> None:
    await make_table(db, "CREATE TABLE t (n INTEGER UNIQUE)")

    async def insert(n: int) -> int | None:
        return await db.write(lambda tx: tx.execute("INSERT INTO t VALUES (?)", (n,)).lastrowid)

    results = await asyncio.gather(*(insert(n) for n in [1, 2, 2, 3]), return_exceptions=True)
    assert [type(result) for result in results] == [int, int, sqlite3.IntegrityError, int]
    rows = await db.fetch_all("SELECT n FROM t ORDER BY n")
    assert [row["n"] for row in rows] == [1, 2, 3]


async def test_a_write_is_committed_before_its_result_is_returned(db: Database) -> None:
    await make_table(db)
    assert await db.write(lambda tx: tx.execute("INSERT INTO t VALUES (7)").rowcount) == 1
    with sqlite3.connect(db.path) as other:
        assert other.execute("SELECT n FROM t").fetchall() == [(7,)]


async def test_commit_listeners_hear_only_the_topics_of_committed_jobs(db: Database) -> None:
    await make_table(db)
    heard: list[str] = []

    async def on_numbers() -> None:
        heard.append("numbers")

    db.on_commit("numbers", on_numbers)

    def touching(fail: bool) -> object:
        def job(tx: Tx) -> None:
            tx.execute("INSERT INTO t VALUES (1)")
            tx.touch("numbers")
            if fail:
                raise RuntimeError("undone")

        return job

    await db.write(lambda tx: tx.execute("INSERT INTO t VALUES (0)"))
    assert heard == []
    with pytest.raises(RuntimeError):
        await db.write(touching(True))  # type: ignore[arg-type]
    assert heard == []
    await db.write(touching(False))  # type: ignore[arg-type]
    assert heard == ["numbers"], "told after the commit, before the writer is answered"


async def test_aiosqlite_still_has_the_private_api_the_bridge_uses(tmp_path: Path) -> None:
    """If this fails, aiosqlite changed `_execute`/`_conn`: adapt bot/db/bridge.py (and its version pin)."""
    async with aiosqlite.connect(tmp_path / "bridge.db") as conn:
        raw = raw_connection(conn)
        assert isinstance(raw, sqlite3.Connection)
        thread = await on_thread(conn, threading.get_ident)
        assert thread != threading.get_ident(), "the function runs on the connection's own thread"
        assert await on_thread(conn, lambda: raw.execute("SELECT 41 + 1").fetchone()[0]) == 42
