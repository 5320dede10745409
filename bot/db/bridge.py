"""The one adapter over aiosqlite's private API: running a plain function on a connection's own thread.

aiosqlite runs each connection on a thread of its own and has no public "run this callable there";
its `_execute` (and the raw `sqlite3.Connection` in `_conn`) is it. Both are used here and nowhere
else, and `tests/unit/test_store.py` fails loudly if aiosqlite changes them (hence the version pin).
"""

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")


def raw_connection(conn: aiosqlite.Connection) -> sqlite3.Connection:
    """The sqlite3 connection behind an aiosqlite one (to be used only on that connection's thread)."""
    raw = conn._conn
    if not isinstance(raw, sqlite3.Connection):
        raise RuntimeError("aiosqlite no longer keeps its sqlite3 connection in `_conn`; see bot/db/bridge.py")
    return raw


async def on_thread(conn: aiosqlite.Connection, function: Callable[..., T], *args: Any) -> T:
    """Run `function(*args)` on the connection's thread and return its result (one thread hop)."""
    result: T = await conn._execute(function, *args)
    return result
