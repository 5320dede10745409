"""The municipalities' boundaries: the packaged data file `gemeenten-YYYY.topojson` (the latest), read once."""

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.documents.topojson import Ring, shapes

_FILE_NAME = re.compile(r"gemeenten-(\d{4})\.topojson")
CODE_PROPERTY = "statcode"
NAME_PROPERTY = "statnaam"


@dataclass(frozen=True)
class Boundary:
    """One municipality's area: CBS code (`GM0344`, as in gemeenten.csv), CBS name and polygons."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


@dataclass(frozen=True, eq=False)
class Boundaries:
    """Every municipality's area in the Dutch RD projection (metres), and the year of the division."""

    year: int
    areas: tuple[Boundary, ...]

    @property
    def attribution(self) -> str:
        """The source line CBS asks every map of its boundaries to carry."""
        return f"Kadaster / Centraal Bureau voor de Statistiek, {self.year}"


@cache
def boundaries() -> Boundaries:
    """Read the latest packaged boundaries file (its one object holds one geometry per municipality)."""
    data = resources.files("bot.data")
    year, name = max(
        (int(match[1]), entry.name) for entry in data.iterdir() if (match := _FILE_NAME.fullmatch(entry.name))
    )
    topology = json.loads(data.joinpath(name).read_text(encoding="utf-8"))
    [object_name] = topology["objects"]
    areas = tuple(
        Boundary(shape.properties[CODE_PROPERTY], shape.properties[NAME_PROPERTY], shape.polygons)
        for shape in shapes(topology, object_name)
    )
    return Boundaries(year, areas)
