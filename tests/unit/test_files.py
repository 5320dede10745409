import stat
from pathlib import Path

import pytest

from bot.files import UnsafePath, write_private


def test_files_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "verslag.md"
    write_private(target, b"# Verslag")
    assert target.read_bytes() == b"# Verslag"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_readable_file_becomes_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_bytes(b"old content that is longer")
    target.chmod(0o644)
    write_private(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_planted_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "leerkring-ideas.csv"
    link.symlink_to(victim)
    with pytest.raises(UnsafePath):
        write_private(link, b"overwritten")
    assert victim.read_bytes() == b"keep me"
