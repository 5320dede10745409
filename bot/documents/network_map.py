"""The network on a map of the Netherlands: every municipality drawn once, the involved ones filled, hosts marked.

Drawn on the same solid light card as the report chart, so it reads in Discord's dark and light themes. Names
typed by members (organisations) are shown as plain text, never as math markup.
"""

import io
import textwrap
import threading
from functools import cache
from itertools import pairwise
from typing import Any

from bot.documents.boundaries import Boundaries, boundaries
from bot.documents.report_chart import BACKGROUND, PRESENT, TEXT
from bot.domain.network import Network
from bot.i18n import t

INVOLVED = PRESENT
"""The fill of a municipality involved in the network: the colour of those present in the report's chart."""
OTHER = "#d9dce1"
EDGE = "#ffffff"
HOST = "#f0a202"
MUNICIPALITIES_GID = "municipalities"
HOSTS_GID = "hosts"
ORGANISATIONS_SHOWN = 12
NOTE_WIDTH = 34
SIZE_INCHES = (9.0, 7.5)
SIDE_X = 0.62
"""Where the column beside the map starts (legend, organisations, note), as a fraction of the width."""
DPI = 100
_DRAWING = threading.Lock()
"""matplotlib is not thread-safe: one map is drawn at a time, whichever worker thread draws it."""


@cache
def _paths(data: Boundaries) -> tuple[list[Any], dict[str, tuple[float, float]]]:
    """One compound path per municipality (holes included), and a point inside each one's largest polygon."""
    import numpy
    from matplotlib.path import Path

    paths, points = [], {}
    for area in data.areas:
        rings = [ring for polygon in area.polygons for ring in polygon]
        paths.append(Path.make_compound_path(*(Path(numpy.asarray(ring), closed=True) for ring in rings)))
        points[area.code] = _inside(max((polygon[0] for polygon in area.polygons), key=_area))
    return paths, points


def _area(ring: tuple[tuple[float, float], ...]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))) / 2


def _inside(ring: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """A point inside the ring: the middle of the widest stretch inside it along its middle height."""
    ys = [y for _, y in ring]
    middle = (min(ys) + max(ys)) / 2
    crossings = sorted(
        x0 + (middle - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in pairwise(ring)
        if (y0 <= middle) != (y1 <= middle)
    )
    start, end = max(zip(crossings[::2], crossings[1::2], strict=True), key=lambda span: span[1] - span[0])
    return (start + end) / 2, middle


def _side_text(network: Network, on_map: set[str], language: str) -> list[tuple[str, bool]]:
    """The lines beside the map: other organisations, and the municipalities the map cannot show."""
    lines: list[tuple[str, bool]] = []
    if network.organisations:
        lines.append((t("network.map_organisations", language), True))
        shown = network.organisations[:ORGANISATIONS_SHOWN]
        lines += [(textwrap.shorten(name, NOTE_WIDTH, placeholder="…"), False) for name, _ in shown]
        if len(network.organisations) > len(shown):
            lines.append((t("network.map_more", language, count=len(network.organisations) - len(shown)), False))
        lines.append(("", False))
    missing = [place.name for place in network.involved if place.code not in on_map]
    if missing:
        note = t("network.not_on_map", language, count=len(missing), names=", ".join(missing))
        lines += [(line, False) for line in textwrap.wrap(note, NOTE_WIDTH)]
    return lines


def network_map_figure(network: Network, language: str, data: Boundaries | None = None) -> Any:
    """Draw the map as a matplotlib Figure (no pyplot state, so it may be drawn on any thread)."""
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    data = data or boundaries()
    paths, points = _paths(data)
    involved = {place.code for place in network.involved}
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor=BACKGROUND)
    figure.suptitle(t("network.map_title", language), color=TEXT, fontsize=14, fontweight="bold", x=0.05, ha="left")
    axis = figure.add_axes((0.02, 0.06, 0.6, 0.86))
    axis.set_axis_off()
    axis.set_aspect("equal")
    fills = [INVOLVED if area.code in involved else OTHER for area in data.areas]
    axis.add_collection(
        PathCollection(paths, facecolors=fills, edgecolors=EDGE, linewidths=0.4, gid=MUNICIPALITIES_GID)
    )
    axis.autoscale_view()
    hosts = [points[area.code] for area in data.areas if area.code in network.host_codes]
    if hosts:
        xs, ys = zip(*hosts, strict=True)
        axis.scatter(
            xs,
            ys,
            marker="*",
            s=160,
            c=HOST,
            edgecolors=TEXT,
            linewidths=0.6,
            zorder=3,
            gid=HOSTS_GID,
        )
    handles = [
        Patch(facecolor=INVOLVED, label=t("network.legend_involved", language)),
        Patch(facecolor=OTHER, label=t("network.legend_other", language)),
        Line2D(
            [],
            [],
            marker="*",
            linestyle="",
            markersize=13,
            markerfacecolor=HOST,
            markeredgecolor=TEXT,
            label=t("network.legend_host", language),
        ),
    ]
    legend = figure.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(SIDE_X, 0.9), frameon=False, labelcolor=TEXT
    )
    legend.set_in_layout(False)
    y = 0.72
    for text, bold in _side_text(network, {area.code for area in data.areas}, language):
        figure.text(
            SIDE_X + 0.005,
            y,
            text,
            color=TEXT,
            fontsize=10,
            fontweight="bold" if bold else "normal",
            parse_math=False,
            va="top",
        )
        y -= 0.032
    figure.text(0.02, 0.02, data.attribution, color=TEXT, fontsize=8, alpha=0.8)
    return figure


def network_map_png(network: Network, language: str) -> bytes:
    """Return the map as a PNG (blocking: call it off the event loop)."""
    buffer = io.BytesIO()
    with _DRAWING:
        network_map_figure(network, language).savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()
