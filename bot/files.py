"""Writing files the bot makes (reports, exports): readable by their owner only, never through a planted link."""

import errno
import os
import tempfile
from pathlib import Path
from typing import IO, BinaryIO

PRIVATE = 0o600
SPOOL_BYTES = 1024 * 1024
"""How much of a file being made is kept in memory before it goes to a temporary file."""


class UnsafePath(OSError):
    """The target is a symbolic link (or otherwise not a plain file the bot may write)."""


def open_private(path: Path) -> BinaryIO:
    """Open `path` for writing (emptied) with owner-only permissions; refuse when `path` is a symbolic link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, PRIVATE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePath(errno.ELOOP, "refusing to write through a symbolic link", str(path)) from None
        raise
    file = os.fdopen(fd, "wb")
    os.fchmod(file.fileno(), PRIVATE)
    return file


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` with owner-only permissions; refuse when `path` is a symbolic link."""
    with open_private(path) as file:
        file.write(data)


def spooled() -> IO[bytes]:
    """A temporary file (owner-only) held in memory until it grows past SPOOL_BYTES; gone when closed."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
