"""SQLite connections: one serialised writer and one reader, both in WAL mode."""

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

BUSY_TIMEOUT_MS = 5000


async def _configure(conn: aiosqlite.Connection) -> None:
    conn.row_factory = aiosqlite.Row
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA synchronous = FULL")


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, if it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class Database:
    """The store's connections.

    Writes go through `transaction()`, which holds a lock so that concurrent coroutines can never
    interleave statements inside one another's transaction. Reads use a second connection that only
    sees committed data.
    """

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()

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
        """Close both connections, waiting for a running write transaction to finish."""
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

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the writer connection outside a transaction (for migrations)."""
        async with self._write_lock:
            yield self._writer

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        """Return the first row of a read query, or None."""
        async with self._reader.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Return all rows of a read query."""
        async with self._reader.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def backup(self, target: Path) -> None:
        """Write a consistent copy of the live database to `target` (owner-only permissions)."""
        _create_private_file(target)
        async with aiosqlite.connect(target) as destination:
            await self._reader.backup(destination)
