import asyncio
import csv
import io
import stat
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from matplotlib.image import imread

from bot.__main__ import main
from bot.clock import ManualClock
from bot.db import Database
from bot.db.migrate import migrate
from tests.follow_up_seed import seed_follow_up

GUILD = 1001


def seeded_database(path: Path) -> None:
    async def seed() -> None:
        db = await Database.open(path)
        try:
            await migrate(db)
            await seed_follow_up(db, ManualClock(datetime(2026, 11, 26, 11, tzinfo=UTC)), GUILD, 55)
        finally:
            await db.close()

    asyncio.run(seed())


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "leerkring.db"
    seeded_database(path)
    monkeypatch.setenv("LEERKRING_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


def test_report_from_the_command_line(database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "1", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [
        str(tmp_path / "out" / name)
        for name in ("verslag-1.md", "verslag-1.png", "verslag-1-kaart.png", "verslag-1.docx")
    ]
    assert imread(tmp_path / "out" / "verslag-1-kaart.png").ndim == 3, "the network map is a real image"
    markdown = (tmp_path / "out" / "verslag-1.md").read_text(encoding="utf-8")
    assert "Aantal deelnemers (aangemeld): 6 van 3 gemeenten" in markdown
    word = docx.Document(str(tmp_path / "out" / "verslag-1.docx"))
    assert word.paragraphs[0].text == "Verslag Kick-off democratische vernieuwing"
    assert main(["report", "1", "--language", "en", "--out", str(tmp_path / "en")]) == 0
    assert "Participants (registered): 6 from 3" in (tmp_path / "en" / "report-1.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "names"),
    [("md", ["verslag-1.md", "verslag-1.png", "verslag-1-kaart.png"]), ("docx", ["verslag-1.docx"])],
)
def test_report_in_one_format_from_the_command_line(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, names: list[str]
) -> None:
    assert main(["report", "1", "--format", fmt, "--out", str(tmp_path / fmt)]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / fmt / name) for name in names]
    assert sorted(path.name for path in (tmp_path / fmt).iterdir()) == sorted(names)


def test_export_from_the_command_line(database: Path, tmp_path: Path) -> None:
    assert main(["export", "attendance", "csv", "--guild", str(GUILD), "--out", str(tmp_path)]) == 0
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "leerkring-attendance.csv").read_text("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 7 and {r["attending"] for r in rows} == {"true", "false"}


def test_unknown_session_or_guild_is_explained(database: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="#42"):
        main(["report", "42", "--out", str(tmp_path)])
    assert main(["export", "ideas", "json", "--guild", "5", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "leerkring-ideas.json").read_text(encoding="utf-8") == "[]"


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3", "drie"])
def test_out_of_range_or_odd_ids_are_refused_as_usage_errors(
    database: Path, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["report", value, "--out", str(tmp_path)], ["export", "ideas", "csv", "--guild", value]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
        error = capsys.readouterr().err
        assert "Traceback" not in error and ("out of range" in error or "not a whole number" in error)


def test_written_files_are_owner_only_and_a_planted_link_is_not_followed(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["export", "ideas", "csv", "--out", str(out)]) == 0
    assert stat.S_IMODE((out / "leerkring-ideas.csv").stat().st_mode) == 0o600
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "verslag-1.md").symlink_to(victim)
    with pytest.raises(SystemExit, match="symbolic link"):
        main(["report", "1", "--out", str(out)])
    assert victim.read_text() == "keep me"
