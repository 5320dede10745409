"""Decode TopoJSON (shared arcs, optionally quantised and delta-encoded) into polygons of coordinates."""

from dataclasses import dataclass
from itertools import accumulate
from typing import Any

Point = tuple[float, float]
Ring = tuple[Point, ...]


@dataclass(frozen=True)
class Shape:
    """One geometry of a TopoJSON object: its properties and polygons (each the outer ring, then its holes)."""

    properties: dict[str, Any]
    polygons: tuple[tuple[Ring, ...], ...]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Return every arc in coordinates; a quantised topology's delta-encoded positions are summed and transformed."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        xs = accumulate(position[0] for position in arc)
        ys = accumulate(position[1] for position in arc)
        decoded.append([(x * scale_x + shift_x, y * scale_y + shift_y) for x, y in zip(xs, ys, strict=True)])
    return decoded


def _ring(arcs: list[list[Point]], indexes: list[int]) -> Ring:
    """Join arcs into a ring; index ~i is arc i reversed, and each arc after the first repeats the last point."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    if kind is None:
        return []
    raise ValueError(f"not an area geometry: {kind}")


def shapes(topology: dict[str, Any], object_name: str) -> list[Shape]:
    """Return the (Multi)Polygon geometries of one object of the topology, in the file's order."""
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON topology")
    arcs = decode_arcs(topology)
    found = topology["objects"][object_name]
    geometries = found["geometries"] if found["type"] == "GeometryCollection" else [found]
    return [
        Shape(
            dict(geometry.get("properties") or {}),
            tuple(tuple(_ring(arcs, ring) for ring in polygon) for polygon in _polygons(geometry)),
        )
        for geometry in geometries
    ]
