import pytest

from bot.documents.boundaries import boundaries
from bot.documents.topojson import decode_arcs, shapes
from bot.municipalities import directory

# Two unit squares side by side sharing the arc x=1 (arc 0), quantised with scale 2 and translate (10, 20).
# Arc 0 runs up the shared edge; arc 1 closes the left square, arc 2 the right one; a third geometry is a
# MultiPolygon of a square with a hole plus a triangle; the last has no geometry.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [2, 3], "translate": [10, 20]},
    "arcs": [
        [[1, 0], [0, 1]],  # (12,20) → (12,23)
        [[1, 1], [-1, 0], [0, -1], [1, 0]],  # (12,23) → (10,23) → (10,20) → (12,20)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # (12,20) → (14,20) → (14,23) → (12,23)
        [[0, 0], [4, 0], [0, 4], [-4, 0], [0, -4]],  # a square ring (10,20)…(18,32)
        [[1, 1], [0, 1], [1, 0], [0, -1], [-1, 0]],  # its hole
        [[5, 5], [1, 0], [-1, 1], [0, -1]],  # a triangle
    ],
    "objects": {
        "areas": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"code": "L"}},
                {"type": "Polygon", "arcs": [[2, ~0]], "properties": {"code": "R"}},
                {"type": "MultiPolygon", "arcs": [[[3], [4]], [[5]]], "properties": {"code": "M"}},
                {"type": None, "properties": {"code": "N"}},
            ],
        }
    },
}


def test_quantised_arcs_are_summed_and_transformed() -> None:
    assert decode_arcs(TOPOLOGY)[1] == [(12, 23), (10, 23), (10, 20), (12, 20)]
    plain = {"type": "Topology", "arcs": [[[1.5, 2.5], [3, 4]]], "objects": {}}
    assert decode_arcs(plain) == [[(1.5, 2.5), (3.0, 4.0)]]


def test_rings_join_arcs_reversed_arcs_and_multipolygons() -> None:
    left, right, multi, empty = shapes(TOPOLOGY, "areas")
    assert left.properties == {"code": "L"}
    assert left.polygons == ((((12, 20), (12, 23), (10, 23), (10, 20), (12, 20)),),)
    assert right.polygons == ((((12, 20), (14, 20), (14, 23), (12, 23), (12, 20)),),), "~0 runs the arc backwards"
    [(outer, hole), (triangle,)] = multi.polygons
    assert outer == ((10, 20), (18, 20), (18, 32), (10, 32), (10, 20))
    assert hole == ((12, 23), (12, 26), (14, 26), (14, 23), (12, 23))
    assert triangle == ((20, 35), (22, 35), (20, 38), (20, 35))
    assert empty.polygons == ()


def test_other_geometries_are_refused() -> None:
    line = {"type": "Topology", "arcs": [], "objects": {"x": {"type": "LineString", "arcs": []}}}
    with pytest.raises(ValueError, match="LineString"):
        shapes(line, "x")
    with pytest.raises(ValueError, match="TopoJSON"):
        shapes({"type": "FeatureCollection"}, "x")


def test_the_packaged_boundaries_match_the_municipality_list() -> None:
    found = boundaries()
    assert sorted(area.code for area in found.areas) == sorted(m.code for m in directory().all())
    for area in found.areas:
        assert area.name == directory().by_code(area.code).name  # type: ignore[union-attr]
        assert all(ring[0] == ring[-1] and len(ring) >= 4 for polygon in area.polygons for ring in polygon)
    assert any(len(area.polygons) > 1 for area in found.areas), "the islands' municipalities are MultiPolygons"
    assert found.attribution == f"Kadaster / Centraal Bureau voor de Statistiek, {found.year}"
