"""SQLite connections: one serialised writer and one reader, both in WAL mode."""

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

BUSY_TIMEOUT_MS = 5000

T = TypeVar("T")
WriterJob = Callable[[sqlite3.Connection], Any]
Outcome = tuple[bool, Any]


async def _configure(conn: aiosqlite.Connection) -> None:
    conn.row_factory = aiosqlite.Row
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA synchronous = FULL")


def _run_job(conn: sqlite3.Connection, job: WriterJob) -> Outcome:
    """Run one job in its own savepoint: (True, result), or (False, exception) with its writes undone."""
    conn.execute("SAVEPOINT job")
    try:
        result = job(conn)
    except Exception as error:
        conn.execute("ROLLBACK TO job")
        conn.execute("RELEASE job")
        return False, error
    conn.execute("RELEASE job")
    return True, result


def _run_jobs(conn: sqlite3.Connection, jobs: list[WriterJob]) -> list[Outcome]:
    """Run jobs as one write transaction (on the writer's thread); each job's outcome once committed."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        outcomes = [_run_job(conn, job) for job in jobs]
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcomes


def _first_row(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    """The first row of a query, its cursor closed."""
    cursor = conn.execute(sql, params)
    try:
        row: sqlite3.Row | None = cursor.fetchone()
        return row
    finally:
        cursor.close()


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, if it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class Database:
    """The store's connections.

    Writes go through `transaction()` or `run_in_writer()`, which hold a lock so that concurrent
    coroutines can never interleave statements inside one another's transaction. Reads use a second
    connection that only sees committed data.
    """

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._queued: list[tuple[WriterJob, asyncio.Future[Any]]] = []
        self._committer: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path) -> "Database":
        """Open (creating if needed) the database file at `path`."""
        _create_private_file(path)
        writer = await aiosqlite.connect(path, isolation_level=None)
        await _configure(writer)
        reader = await aiosqlite.connect(path, isolation_level=None)
        await _configure(reader)
        return cls(path, writer, reader)

    async def close(self) -> None:
        """Close both connections, waiting for queued and running write transactions to finish."""
        if self._committer is not None:
            await self._committer
        async with self._write_lock:
            await self._reader.close()
            await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run the block as one write transaction: committed on success, rolled back on error."""
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            await self._writer.execute("COMMIT")

    async def run_in_writer(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run `job(raw sqlite3 connection)` in a write transaction on the writer's thread; its result once committed.

        One trip to the writer thread instead of one per statement. Jobs queued while a commit is under way
        are committed together (group commit); each runs in its own savepoint, so a job that raises is undone
        alone and its caller gets the exception. A job cancelled before its turn does not run.
        """
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queued.append((job, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_queued())
        return await future

    async def _commit_queued(self) -> None:
        """Commit the queued jobs, a batch at a time, until none are left."""
        while self._queued:
            batch = [(job, future) for job, future in self._queued if not future.cancelled()]
            self._queued = []
            if not batch:
                continue
            futures = [future for _, future in batch]
            async with self._write_lock:
                try:
                    # aiosqlite has no public "run this callable on the connection's thread"; _execute is it.
                    outcomes = await self._writer._execute(_run_jobs, self._writer._conn, [job for job, _ in batch])
                except Exception as error:
                    outcomes = [(False, error)] * len(batch)
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
            _settle(futures, outcomes)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the writer connection outside a transaction (for migrations)."""
        async with self._write_lock:
            yield self._writer

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        """Return the first row of a read query, or None (one trip to the reader's thread)."""
        row: sqlite3.Row | None = await self._reader._execute(_first_row, self._reader._conn, sql, tuple(params))
        return row

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Return all rows of a read query (one trip to the reader's thread)."""
        return list(await self._reader.execute_fetchall(sql, tuple(params)))

    async def backup(self, target: Path) -> None:
        """Write a consistent copy of the live database to `target` (owner-only permissions)."""
        _create_private_file(target)
        async with aiosqlite.connect(target) as destination:
            await self._reader.backup(destination)


def _settle(futures: list[asyncio.Future[Any]], outcomes: list[Outcome]) -> None:
    """Hand each waiting caller its job's result or exception."""
    for future, (ok, value) in zip(futures, outcomes, strict=True):
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
