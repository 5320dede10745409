import csv
import io
import json
import random
import zipfile

import pytest

from bot.clock import ManualClock
from bot.db import Database
from bot.documents.export_files import fit_attachment
from bot.documents.report_markdown import report_markdown
from bot.documents.report_sections import report_document
from bot.domain.exports import DATASETS, export_attachments, export_rows
from bot.domain.report import build_report
from tests.export_rows import exported, xlsx_rows
from tests.follow_up_seed import seed_follow_up
from tests.report_world import listed

GUILD, CHANNEL = 1001, 55


async def test_report_counts_orders_and_open_items(db: Database, clock: ManualClock) -> None:
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    report = await build_report(db, GUILD, seeded.session_id, clock.now())
    assert report.attendance.members == 6
    assert report.attendance.municipalities == [("Zeist", 2), ("Lochem", 1), ("Meierijstad", 1)]
    assert report.attendance.other_organisations == ["VNG"]
    [section] = report.prompts
    assert [(i.text, i.support) for i in listed(section)] == [
        ("Burgerberaad over het klimaat", 3),
        ("Wijkbudgetten | met inwoners", 1),
        ("Jongerenraad", 0),
    ]
    assert [s.title for s in report.next_sessions] == ["Thorbecke-experimenten", "The next step"]
    assert [
        (h.session.title, h.session.host_name, [v.municipality_name for v in h.volunteers]) for h in report.hosts
    ] == [("Thorbecke-experimenten", "Lochem", ["Zeist", "Lochem"]), ("The next step", None, ["Lochem"])]
    assert [s.title for s in report.unhosted] == ["The next step"]
    assert [p.question for p in report.open_prompts] == ["Welke experimenten wil je delen?"]


async def test_markdown_reads_like_the_meeting_report(db: Database, clock: ManualClock) -> None:
    seeded = await seed_follow_up(db, clock, GUILD, CHANNEL)
    report = await build_report(db, GUILD, seeded.session_id, clock.now())
    text = report_markdown(report_document(report, "nl"))
    assert text.startswith("# Verslag Kick-off democratische vernieuwing\n\n*vrijdag 27 november 2026, 10:00–12:00*")
    assert "**Aantal deelnemers (aangemeld): 6 van 3 gemeenten, o.a. Zeist, Lochem, Meierijstad. Verder: VNG.**" in text
    assert "1. Burgerberaad over het klimaat — *Zeist* · 👍 3 · opgepakt door Zeist\n   - Zeist trekt dit" in text
    assert text.index("Burgerberaad") < text.index("Wijkbudgetten") < text.index("Jongerenraad")
    assert "- **Thorbecke-experimenten** (vrijdag 25 juni 2027) Gastgemeente: Lochem." in text
    assert "Aangemeld: Zeist (Raadzaal, 40 personen), Lochem." in text
    assert "- Nog geen gastgemeente voor ‘The next step’." in text
    assert text.index("## Wat valt op?") < text.index("## Waar liggen de kansen?") < text.index("## Gastgemeenten")
    english = report_markdown(report_document(report, "en"))
    assert (
        "**Participants (registered): 6 from 3 municipalities, including Zeist, Lochem, Meierijstad. Also: VNG.**"
        in (english)
    )


@pytest.mark.parametrize("what", DATASETS)
async def test_every_format_round_trips(db: Database, clock: ManualClock, what: str) -> None:
    await seed_follow_up(db, clock, GUILD, CHANNEL)
    rows = await export_rows(db, GUILD, what)
    assert rows, what
    as_text = [
        {
            key: "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            for key, value in row.items()
        }
        for row in rows
    ]
    [(name, data)] = (await exported(rows, "json", "nl", what, what)).files
    assert json.loads(data) == rows
    [(name, data)] = (await exported(rows, "csv", "nl", what, what)).files
    assert data.startswith(b"\xef\xbb\xbf") and name == f"{what}.csv"
    assert list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")) == as_text
    [(_, english)] = (await exported(rows, "csv", "en", what, what)).files
    assert list(csv.DictReader(io.StringIO(english.decode("utf-8-sig")), delimiter=",")) == as_text
    [(_, markdown)] = (await exported(rows, "md", "nl", what, what)).files
    assert markdown.decode().count("\n| ") == len(rows) + 1
    [(name, workbook)] = (await exported(rows, "xlsx", "nl", what, what)).files
    assert name == f"{what}.xlsx" and xlsx_rows(workbook) == rows
    streamed = await export_attachments(db, GUILD, what, "xlsx", "nl", what)
    assert streamed.rows == len(rows) and xlsx_rows(streamed.files[0][1]) == rows


async def test_ideas_export_matches_the_database(db: Database, clock: ManualClock) -> None:
    await seed_follow_up(db, clock, GUILD, CHANNEL)
    rows = await export_rows(db, GUILD, "ideas")
    stored = await db.fetch_all("SELECT id, author_id, text FROM ideas WHERE guild_id = ? ORDER BY id", (GUILD,))
    assert sorted((r["id"], int(r["author_id"]), r["text"]) for r in rows) == [tuple(s) for s in stored]
    assert [r["support"] for r in rows] == [3, 1, 0]


async def test_too_large_exports_are_compressed_then_split() -> None:
    rows = [{"id": n, "text": f"idee {n} " + "x" * 200} for n in range(2000)]
    packed = await exported(rows, "csv", "nl", "ideas", "Ideeën", limit=100_000)
    assert packed.compressed and [name for name, _ in packed.files] == ["ideas.zip"]
    split = await exported(
        [{"id": n, "noise": random.Random(n).randbytes(96).hex()} for n in range(3000)],
        "json",
        "nl",
        "ideas",
        "Ideeën",
        limit=200_000,
    )
    assert split.compressed and len(split.files) > 1
    assert all(len(data) <= 200_000 for _, data in split.files)
    back = [
        row
        for _, data in split.files
        for row in json.loads(zipfile.ZipFile(io.BytesIO(data)).read(zipfile.ZipFile(io.BytesIO(data)).namelist()[0]))
    ]
    assert [row["id"] for row in back] == list(range(3000))


def test_a_report_too_large_for_an_attachment_is_zipped() -> None:
    text = ("1. Een idee dat vaak terugkomt — *Zeist* · 👍 1 · nieuw\n" * 200_000).encode()
    assert fit_attachment("verslag-1.md", b"klein") == ("verslag-1.md", b"klein")
    name, data = fit_attachment("verslag-1.md", text)
    assert name == "verslag-1.md.zip" and len(data) < 10 * 1024 * 1024 < len(text)
    assert zipfile.ZipFile(io.BytesIO(data)).read("verslag-1.md") == text


async def test_a_too_large_workbook_is_split_into_workbooks_that_read_back_in_order() -> None:
    rows = [{"id": n, "noise": random.Random(n).randbytes(96).hex()} for n in range(3000)]
    split = await exported(rows, "xlsx", "nl", "ideas", "Ideeën", limit=150_000)
    assert split.compressed and len(split.files) > 1 and split.rows == 3000
    assert all(len(data) <= 150_000 for _, data in split.files)
    back = []
    for number, (name, data) in enumerate(split.files, start=1):
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert name == f"ideas-{number}.zip" and archive.namelist() == [f"ideas-{number}.xlsx"]
        back += xlsx_rows(archive.read(f"ideas-{number}.xlsx"))
    assert back == rows


async def test_a_json_export_keeps_text_that_looks_like_the_seam_between_two_objects() -> None:
    rows = [{"id": n, "text": text} for n, text in enumerate(['a}, {"id": 9', "}, {", "gewoon"], 1)]
    [(_, data)] = (await exported(rows, "json", "nl", "ideas", "ideas")).files
    assert json.loads(data) == rows
    lines = data.decode().splitlines()[1:-1]
    assert [json.loads(line.rstrip(",")) for line in lines] == rows, "one object per line"
