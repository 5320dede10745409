"""A chart for the report: participants per municipality and the most supported ideas.

Drawn on a solid light card with dark text, so it reads the same in Discord's dark and light themes.
"""

import io
import textwrap

from bot.domain.report import Report
from bot.i18n import t

BACKGROUND = "#f2f3f5"
TEXT = "#1e1f22"
BAR = "#006699"
TOP_IDEAS = 8
TOP_MUNICIPALITIES = 12
LABEL_WIDTH = 38


def _short(text: str) -> str:
    first_line = " ".join(text.split())
    return textwrap.shorten(first_line, LABEL_WIDTH, placeholder="…")


def report_chart(report: Report, language: str) -> bytes | None:
    """Return a PNG with one bar panel per kind of data the report has, or None when it has none."""
    panels: list[tuple[str, list[str], list[int]]] = []
    places = report.attendance.municipalities[:TOP_MUNICIPALITIES]
    if places:
        panels.append((t("report.chart_participants", language), [name for name, _ in places], [n for _, n in places]))
    best = sorted((idea for s in report.prompts for idea in s.ideas), key=lambda i: -i.support)[:TOP_IDEAS]
    if best:
        panels.append((t("report.chart_support", language), [_short(i.text) for i in best], [i.support for i in best]))
    if not panels:
        return None
    return _draw(panels, report.session.title)


def _draw(panels: list[tuple[str, list[str], list[int]]], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    rows = sum(len(labels) for _, labels, _ in panels)
    figure, axes = pyplot.subplots(
        len(panels), 1, figsize=(8, 1.2 + 0.42 * rows + 0.8 * len(panels)), squeeze=False, facecolor=BACKGROUND
    )
    figure.suptitle(title, color=TEXT, fontsize=13, fontweight="bold")
    for axis, (heading, labels, values) in zip(axes[:, 0], panels, strict=True):
        axis.set_facecolor(BACKGROUND)
        positions = range(len(labels))
        axis.barh(list(positions), values, color=BAR)
        axis.set_yticks(list(positions), labels, color=TEXT)
        axis.invert_yaxis()
        axis.set_title(heading, color=TEXT, loc="left", fontsize=11)
        axis.tick_params(colors=TEXT)
        axis.xaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right"):
            axis.spines[side].set_visible(False)
        for position, value in zip(positions, values, strict=True):
            axis.text(value, position, f" {value}", va="center", color=TEXT)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, facecolor=BACKGROUND)
    pyplot.close(figure)
    return buffer.getvalue()
