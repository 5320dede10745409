"""The report's chart: members per municipality and other organisation, said 'Ik kom' beside checked in.

Horizontal bars, one row per organisation, the figure growing with the number of rows so 50 municipalities
keep their labels apart; past CHART_ROWS rows the least represented share one row (a chart of all 342
municipalities would be a strip too long to read, and cost seconds and a hundred MiB to draw). Drawn on a solid
light card with dark text, so it reads the same in Discord's dark and light themes.
"""

import io
import textwrap
from typing import TYPE_CHECKING

from bot.domain.report import Attendance, Report, Turnout
from bot.i18n import t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BACKGROUND = "#f2f3f5"
TEXT = "#1e1f22"
REGISTERED = "#8fb8d6"
PRESENT = "#006699"
LABEL_WIDTH = 38
WIDTH = 8.0
MARGINS = 1.6
ROW_ONE_BAR = 0.3
ROW_TWO_BARS = 0.42
LABEL_SIZE = 9
VALUE_SIZE = 8
DPI = 110
CHART_ROWS = 60
"""At most this many rows: the M50 network's fifty municipalities and a few organisations keep a row each."""


def chart_rows(attendance: Attendance) -> list[Turnout]:
    """The organisations the chart shows: everyone's that said 'Ik kom' or checked in, most present first."""
    shown = [o for o in attendance.organisations if o.registered or o.present]
    return sorted(shown, key=lambda o: (-o.present, -o.registered, o.name.casefold()))


def folded_rows(rows: list[Turnout], language: str) -> list[Turnout]:
    """The rows, the least represented put together in one last row when there are more than CHART_ROWS."""
    if len(rows) <= CHART_ROWS:
        return rows
    kept, rest = rows[: CHART_ROWS - 1], rows[CHART_ROWS - 1 :]
    name = t("report.chart_others", language, count=len(rest))
    return [*kept, Turnout(name, False, sum(o.registered for o in rest), sum(o.present for o in rest))]


def _label(name: str) -> str:
    return textwrap.shorten(" ".join(name.split()), LABEL_WIDTH, placeholder="…")


def chart_figure(rows: list[Turnout], checked_in: bool, title: str, language: str) -> "Figure":
    """The chart as a matplotlib figure (not drawn yet): one row per organisation, two bars when anyone checked in."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    bars = [(t("report.chart_registered", language), REGISTERED, [o.registered for o in rows])]
    if checked_in:
        bars.append((t("report.chart_present", language), PRESENT, [o.present for o in rows]))
    height = MARGINS + len(rows) * (ROW_TWO_BARS if checked_in else ROW_ONE_BAR)
    figure = Figure(figsize=(WIDTH, height), facecolor=BACKGROUND, layout="constrained")
    axis = figure.add_subplot()
    axis.set_facecolor(BACKGROUND)
    thickness = 0.8 / len(bars)
    for number, (legend, colour, values) in enumerate(bars):
        offset = (number - (len(bars) - 1) / 2) * thickness
        positions = [row + offset for row in range(len(rows))]
        axis.barh(positions, values, height=thickness, color=colour, label=legend)
        for position, value in zip(positions, values, strict=True):
            axis.text(value, position, f" {value}", va="center", color=TEXT, fontsize=VALUE_SIZE)
    axis.set_yticks(range(len(rows)), [_label(o.name) for o in rows], color=TEXT, fontsize=LABEL_SIZE)
    for label in axis.get_yticklabels():  # typed names stay text: "$…$" is never matplotlib's math markup
        label.set_parse_math(False)
    axis.set_ylim(len(rows) - 0.5, -0.5)
    heading = f"{title}\n{t('report.chart_participants', language)}"
    axis.set_title(heading, color=TEXT, loc="left", fontsize=11, parse_math=False)
    axis.tick_params(colors=TEXT)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.margins(x=0.08)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    figure.legend(loc="outside lower center", frameon=False, labelcolor=TEXT, fontsize=LABEL_SIZE, ncols=len(bars))
    return figure


def report_chart(report: Report, language: str) -> bytes | None:
    """Return the chart as a PNG, or None when nobody with a profile said 'Ik kom' or checked in."""
    rows = chart_rows(report.attendance)
    if not rows:
        return None
    figure = chart_figure(
        folded_rows(rows, language), report.attendance.counted == "present", report.session.title, language
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor=BACKGROUND)
    return buffer.getvalue()
