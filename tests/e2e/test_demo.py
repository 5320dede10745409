"""`python -m bot demo` as a newcomer runs it: the story plays, the transcript prints, the report (.md, .docx) lands."""

import io
import subprocess
import sys
from pathlib import Path

import docx

from tests.document_reading import docx_outline, markdown_outline
from tests.e2e.test_process import environment


def test_demo_plays_the_follow_up_and_writes_the_report(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--out", str(tmp_path / "demo")],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    transcript = done.stdout
    assert "Marieke › /bijeenkomst plannen titel: Thorbecke-experimenten begin: 25 juni 14:00" in transcript
    assert "Bram in de draad › Wijkbudgetten" in transcript
    assert "(de bot is even offline)" in transcript
    assert transcript.count("Leerkring › ✅ (idee opgeslagen)") == 3
    assert "@Anouk @Bram @Carla @Vera [Herinnering: Thorbecke-experimenten]" in transcript
    assert "[Ben je er? Thorbecke-experimenten]" in transcript
    assert transcript.count("› [Ik ben er]") == 3
    assert "Leerkring › (formulier ‘Verslag van bijeenkomst #1’ geopend)" in transcript
    report = (tmp_path / "demo" / "verslag-1.md").read_text(encoding="utf-8")
    assert "**Aantal deelnemers (aanwezig): 3 van 2 gemeenten, o.a. Lochem, Meierijstad. Verder: VNG.**" in report
    assert "Experimenteren met de rol van de raad aan de voorkant. — *Oosterhout*" in report
    assert "(donderdag 25 juni 2026) Gastgemeente: Lochem." in report
    assert "## Wat valt op?\n\n- Er gebeurt heel veel: veel experimenten" in report
    bundle = "- **Inspiratiebundel Thorbecke-experimenten** (vng.nl) — <https://vng.nl/thorbecke/inspiratiebundel.pdf>"
    assert f"## Gedeeld materiaal\n\n{bundle}\n" in report
    assert (tmp_path / "demo" / "verslag-1.png").read_bytes().startswith(b"\x89PNG")
    word = (tmp_path / "demo" / "verslag-1.docx").read_bytes()
    first = docx.Document(io.BytesIO(word)).paragraphs[0]
    assert first.style is not None and (first.style.name, first.text) == ("Heading 1", "Verslag Thorbecke-experimenten")
    assert docx_outline(word) == markdown_outline(report)
    assert (tmp_path / "demo" / "transcript.txt").read_text(encoding="utf-8").strip() in transcript
