"""The report's chart: members per municipality and organisation, readable with 50 municipalities."""

import csv
import io
from itertools import combinations
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from bot.documents.report_chart import CHART_ROWS, chart_figure, chart_rows, folded_rows
from bot.domain.report import Attendance, Turnout

MUNICIPALITIES = Path(__file__).resolve().parents[2] / "bot" / "data" / "gemeenten.csv"


def longest_names(count: int) -> list[str]:
    """The official list's longest names: the hardest labels to keep apart."""
    with MUNICIPALITIES.open(encoding="utf-8") as rows:
        names = [row["name"] for row in csv.DictReader(rows)]
    return sorted(names, key=len, reverse=True)[:count]


def turnout(count: int) -> list[Turnout]:
    rows = [Turnout(name, True, 1 + n % 4, n % 3) for n, name in enumerate(longest_names(count))]
    return [*rows, Turnout("VNG", False, 2, 2)]


def drawn(figure: Figure) -> dict[str, list[Bbox]]:
    """The window extents of the chart's texts once drawn: tick labels, values at the bars, legend, title."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    [axis] = figure.axes
    legend = figure.legends[0]
    return {
        "labels": [label.get_window_extent(renderer) for label in axis.get_yticklabels()],
        "values": [text.get_window_extent(renderer) for text in axis.texts],
        "legend": [text.get_window_extent(renderer) for text in legend.get_texts()],
        "title": [axis.title.get_window_extent(renderer)],
        "figure": [figure.bbox],
    }


def overlapping(boxes: list[Bbox]) -> list[tuple[int, int]]:
    """Pairs of boxes that share more than a pixel's edge."""
    return [
        (a, b)
        for (a, first), (b, second) in combinations(enumerate(boxes), 2)
        if min(first.x1, second.x1) - max(first.x0, second.x0) > 1
        and min(first.y1, second.y1) - max(first.y0, second.y0) > 1
    ]


@pytest.mark.parametrize("checked_in", [True, False])
def test_fifty_municipalities_keep_their_labels_apart_and_inside_the_image(checked_in: bool) -> None:
    rows = turnout(50)
    boxes = drawn(chart_figure(rows, checked_in, "Kick-off democratische vernieuwing", "nl"))
    assert len(boxes["labels"]) == 51
    assert len(boxes["values"]) == 51 * (2 if checked_in else 1)
    assert overlapping(boxes["labels"]) == []
    assert overlapping(boxes["values"]) == []
    assert overlapping(boxes["labels"] + boxes["title"] + boxes["legend"]) == []
    [page] = boxes["figure"]
    everything = [box for kind in ("labels", "values", "legend", "title") for box in boxes[kind]]
    outside = [box for box in everything if box.x0 < 0 or box.y0 < 0 or box.x1 > page.x1 or box.y1 > page.y1]
    assert outside == []


def test_a_crowded_chart_really_would_overlap_at_a_fixed_height() -> None:
    """The check above can fail: the same 50 labels squeezed into a fixed small figure do overlap."""
    figure = chart_figure(turnout(50), True, "Kick-off", "nl")
    figure.set_size_inches(8, 4)
    assert overlapping(drawn(figure)["labels"]) != []


def test_the_figure_grows_with_the_number_of_organisations() -> None:
    heights = [chart_figure(turnout(count), True, "Kick-off", "nl").get_figheight() for count in (5, 20, 50)]
    assert heights[0] < heights[1] < heights[2]


def test_rows_include_other_organisations_and_leave_out_nobody() -> None:
    attendance = Attendance(
        "present",
        5,
        [
            Turnout("Zeist", True, 2, 1),
            Turnout("VNG", False, 1, 1),
            Turnout("Lochem", True, 1, 0),
            Turnout("Leeg", True, 0, 0),
        ],
    )
    assert [row.name for row in chart_rows(attendance)] == ["Zeist", "VNG", "Lochem"]


@pytest.mark.parametrize(("language", "others"), [("nl", "Overige (283)"), ("en", "Others (283)")])
def test_past_sixty_rows_the_least_represented_share_the_last_row(language: str, others: str) -> None:
    rows = [Turnout(f"Gemeente {n}", True, 400 - n, (400 - n) // 2) for n in range(342)]
    folded = folded_rows(rows, language)
    assert len(folded) == CHART_ROWS
    assert folded[:-1] == rows[: CHART_ROWS - 1]
    rest = rows[CHART_ROWS - 1 :]
    assert folded[-1].name == others
    assert (folded[-1].registered, folded[-1].present) == (
        sum(o.registered for o in rest),
        sum(o.present for o in rest),
    )
    labels = chart_figure(folded, True, "Kick-off", language).axes[0].get_yticklabels()
    assert [label.get_text() for label in labels][-1] == others
    assert folded_rows(rows[:CHART_ROWS], language) == rows[:CHART_ROWS]


def test_the_legend_says_which_bars_are_which_in_english_too() -> None:
    boxes = chart_figure(turnout(3), True, "Kick-off", "en")
    assert [text.get_text() for text in boxes.legends[0].get_texts()] == ["Registered (coming)", "Present (checked in)"]


def test_the_png_is_tall_enough_for_fifty() -> None:
    figure = chart_figure(turnout(50), True, "Kick-off", "nl")
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    image = Image.open(io.BytesIO(buffer.getvalue()))
    assert image.format == "PNG" and image.height > 2 * image.width


def test_typed_names_and_titles_are_drawn_as_text_never_as_math() -> None:
    rows = [Turnout(r"Stichting $\nosuchsymbol$", False, 2, 1), Turnout("Zeist", True, 1, 1)]
    figure = chart_figure(rows, True, r"Kosten $x^2$", "nl")
    image = Image.open(io.BytesIO(_png(figure)))  # an unknown math symbol would fail the drawing
    assert image.format == "PNG"
    axis = figure.axes[0]
    assert next(label.get_text() for label in axis.get_yticklabels()) == r"Stichting $\nosuchsymbol$"
    assert not any(label.get_parse_math() for label in axis.get_yticklabels())
    [title] = [text for text in figure.findobj(Text) if text.get_text().startswith("Kosten $x^2$")]
    assert not title.get_parse_math()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()
