"""SQLite connections: one serialised writer and one read-only reader, both in WAL mode.

The store has one calling convention. A write is `await db.write(job)`, where `job` is a plain
function over a `Tx` that runs on the writer's thread inside one transaction; the store's write
functions take that `Tx`. A read is an `async` store function over the `Database` (or, for several
statements that must see one snapshot, `await db.read(job)` with the same kind of function).
"""

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.db.bridge import on_thread, raw_connection

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

T = TypeVar("T")
Params = Iterable[Any] | dict[str, Any]
CommitListener = Callable[[], Awaitable[object]]


class Tx:
    """One transaction as the store's functions see it: statements run at once, on the connection's thread."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.touched: set[str] = set()

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement and return its cursor (for rowcount and lastrowid)."""
        return self._conn.execute(sql, params if isinstance(params, dict) else tuple(params))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> sqlite3.Cursor:
        """Run one statement for each row of parameters."""
        return self._conn.executemany(sql, (tuple(row) for row in rows))

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a query, or None."""
        cursor = self.execute(sql, params)
        try:
            row: sqlite3.Row | None = cursor.fetchone()
            return row
        finally:
            cursor.close()

    def all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Every row of a query."""
        return list(self.execute(sql, params).fetchall())

    def touch(self, topic: str) -> None:
        """Say that this transaction changed `topic`: its commit listeners are told after COMMIT."""
        self.touched.add(topic)


WriteJob = Callable[[Tx], Any]
Outcome = tuple[bool, Any, set[str]]


async def _configure(conn: aiosqlite.Connection, *, read_only: bool) -> None:
    conn.row_factory = aiosqlite.Row
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA synchronous = FULL")
    if read_only:
        await conn.execute("PRAGMA query_only = ON")


def _run_job(conn: sqlite3.Connection, job: WriteJob) -> Outcome:
    """Run one job in its own savepoint: (True, result, topics), or (False, exception, none) with its writes undone."""
    conn.execute("SAVEPOINT job")
    tx = Tx(conn)
    try:
        result = job(tx)
    except Exception as error:
        conn.execute("ROLLBACK TO job")
        conn.execute("RELEASE job")
        return False, error, set()
    conn.execute("RELEASE job")
    return True, result, tx.touched


def _run_jobs(conn: sqlite3.Connection, jobs: list[WriteJob]) -> list[Outcome]:
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


def _run_read(conn: sqlite3.Connection, job: Callable[[Tx], T]) -> T:
    """Run a read job in one read transaction, so that all its statements see the same snapshot."""
    conn.execute("BEGIN")
    try:
        return job(Tx(conn))
    finally:
        conn.execute("COMMIT")


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, if it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class Database:
    """The store's connections.

    Writes are jobs run by `write()` one transaction at a time, so that concurrent coroutines can never
    interleave statements inside one another's transaction. Jobs queued while a commit is under way are
    committed together (group commit), each in its own savepoint. Reads use a second, read-only
    connection that only sees committed data.
    """

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._queued: list[tuple[WriteJob, asyncio.Future[Any]]] = []
        self._committer: asyncio.Task[None] | None = None
        self._listeners: dict[str, list[CommitListener]] = {}

    @classmethod
    async def open(cls, path: Path) -> "Database":
        """Open (creating if needed) the database file at `path`."""
        _create_private_file(path)
        writer = await aiosqlite.connect(path, isolation_level=None)
        await _configure(writer, read_only=False)
        reader = await aiosqlite.connect(path, isolation_level=None)
        await _configure(reader, read_only=True)
        return cls(path, writer, reader)

    async def close(self) -> None:
        """Close both connections, waiting for queued and running write transactions to finish."""
        if self._committer is not None:
            await self._committer
        async with self._write_lock:
            await self._reader.close()
            await self._writer.close()

    def on_commit(self, topic: str, listener: CommitListener) -> None:
        """Await `listener()` after every commit of a job that touched `topic` (listeners read, never write)."""
        self._listeners.setdefault(topic, []).append(listener)

    async def write(self, job: Callable[[Tx], T]) -> T:
        """Run `job(tx)` in a write transaction on the writer's thread; its result once committed.

        One trip to the writer's thread however many statements the job runs. A job that raises is undone
        alone and its caller gets the exception; a job cancelled before its turn does not run.
        """
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queued.append((job, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_queued())
        return await future

    async def read(self, job: Callable[[Tx], T]) -> T:
        """Run `job(tx)` on the reader's thread in one read transaction (one snapshot, one thread hop)."""
        return await on_thread(self._reader, _run_read, raw_connection(self._reader), job)

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
                    outcomes = await on_thread(
                        self._writer, _run_jobs, raw_connection(self._writer), [job for job, _ in batch]
                    )
                except Exception as error:
                    outcomes = [(False, error, set())] * len(batch)
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
            await self._tell_listeners(set().union(*(topics for _, _, topics in outcomes)))
            _settle(futures, outcomes)

    async def _tell_listeners(self, topics: set[str]) -> None:
        """Run the commit listeners of the topics a batch touched; a failing listener is logged, not raised."""
        for topic in sorted(topics):
            for listener in self._listeners.get(topic, []):
                try:
                    await listener()
                except Exception:
                    log.exception("a commit listener of %r failed", topic)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the writer connection outside a transaction (for migrations only)."""
        async with self._write_lock:
            yield self._writer

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Return the first row of a read query, or None (one trip to the reader's thread)."""
        return await on_thread(self._reader, _first_row, raw_connection(self._reader), sql, params)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Return all rows of a read query (one trip to the reader's thread)."""
        return await on_thread(self._reader, _all_rows, raw_connection(self._reader), sql, params)

    async def stream(
        self, sql: str, params: Params, consume: Callable[[list[sqlite3.Row]], None], chunk_rows: int
    ) -> int:
        """Hand a read query's rows to `consume` a chunk at a time; the number of rows.

        The query runs on a read-only connection of its own (with its own thread, where `consume` runs too): one
        statement, so one snapshot however long it takes, while every other read keeps seeing each new commit
        (on the shared reader, an open statement would hold all of them to its snapshot).
        """
        async with aiosqlite.connect(self.path, isolation_level=None) as conn:
            await _configure(conn, read_only=True)
            cursor = await on_thread(conn, Tx(raw_connection(conn)).execute, sql, params)
            count = 0
            try:
                while taken := await on_thread(conn, _feed_chunk, cursor, consume, chunk_rows):
                    count += taken
            finally:
                await on_thread(conn, cursor.close)
        return count

    async def backup(self, target: Path) -> None:
        """Write a consistent copy of the live database to `target` (owner-only permissions)."""
        _create_private_file(target)
        async with aiosqlite.connect(target) as destination:
            await self._reader.backup(destination)


def read_rows(path: Path, sql: str, params: Params, chunk_rows: int) -> Iterator[sqlite3.Row]:
    """A read query's rows, fetched a chunk at a time on a read-only connection of their own: the blocking
    counterpart of `Database.stream`, for a worker thread going through a long list (never the event loop)."""
    address = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(address, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        cursor = Tx(conn).execute(sql, params)
        while rows := cursor.fetchmany(chunk_rows):
            yield from rows


def _first_row(conn: sqlite3.Connection, sql: str, params: Params) -> sqlite3.Row | None:
    """The first row of a query, its cursor closed."""
    return Tx(conn).one(sql, params)


def _all_rows(conn: sqlite3.Connection, sql: str, params: Params) -> list[sqlite3.Row]:
    """Every row of a query."""
    return Tx(conn).all(sql, params)


def _feed_chunk(cursor: sqlite3.Cursor, consume: Callable[[list[sqlite3.Row]], None], size: int) -> int:
    """Hand the next `size` rows of a cursor to `consume`; how many there were (0 at the end)."""
    rows = cursor.fetchmany(size)
    if rows:
        consume(rows)
    return len(rows)


def _settle(futures: list[asyncio.Future[Any]], outcomes: list[Outcome]) -> None:
    """Hand each waiting caller its job's result or exception."""
    for future, (ok, value, _topics) in zip(futures, outcomes, strict=True):
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
