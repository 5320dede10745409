"""Writing files the bot makes (reports, exports): readable by their owner only, never through a planted link."""

import errno
import os
from pathlib import Path

PRIVATE = 0o600


class UnsafePath(OSError):
    """The target is a symbolic link (or otherwise not a plain file the bot may write)."""


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` with owner-only permissions; refuse when `path` is a symbolic link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, PRIVATE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePath(errno.ELOOP, "refusing to write through a symbolic link", str(path)) from None
        raise
    with os.fdopen(fd, "wb") as file:
        os.fchmod(file.fileno(), PRIVATE)
        file.write(data)
