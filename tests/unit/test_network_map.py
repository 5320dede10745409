import io
import random

import numpy
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.image import imread

from bot.documents.boundaries import boundaries
from bot.documents.network_map import INVOLVED, MUNICIPALITIES_GID, network_map_figure, network_map_png
from bot.domain.network import Network, Place
from bot.municipalities import directory

FILLED = to_rgba(INVOLVED)


def place(code: str) -> Place:
    municipality = directory().by_code(code)
    assert municipality is not None
    return Place(code, municipality.display_name, True)


def network_of(members: list[str], hosts: list[str], signed_up: list[str], extra: list[Place] = ()) -> Network:
    return Network(
        members=[(place(code), 1) for code in members] + [(p, 1) for p in extra],
        organisations=[("VNG", 2), ("$\\alpha$ Stichting", 1)],
        hosts=[(place(code), 1) for code in hosts],
        signups=[],
        signed_up=[place(code) for code in signed_up],
        ideas=[],
    )


def collection(figure: object, gid: str) -> PathCollection:
    [found] = [c for axis in figure.axes for c in axis.collections if c.get_gid() == gid]  # type: ignore[attr-defined]
    return found


def test_every_municipality_is_drawn_once_and_exactly_the_involved_ones_are_filled() -> None:
    codes = [m.code for m in directory().all()]
    chosen = random.Random(16).sample(codes, 30)
    network = network_of(chosen[:15], chosen[10:13], chosen[15:])
    figure = network_map_figure(network, "nl")
    drawn = collection(figure, MUNICIPALITIES_GID)
    areas = boundaries().areas
    assert len(drawn.get_paths()) == len(areas) == len(set(codes))
    for path, area in zip(drawn.get_paths(), areas, strict=True):
        rings = [numpy.asarray(ring) for polygon in area.polygons for ring in polygon]
        assert numpy.array_equal(path.vertices, numpy.concatenate(rings)), f"{area.code} drawn as its own shape"
    filled = {area.code for area, colour in zip(areas, drawn.get_facecolors(), strict=True) if tuple(colour) == FILLED}
    assert filled == set(chosen)
    [marks] = [c for c in figure.axes[0].collections if c is not drawn]
    hosts = set(chosen[10:13])
    paths = {area.code: path for area, path in zip(areas, drawn.get_paths(), strict=True)}
    marked = [code for point in marks.get_offsets() for code in hosts if paths[code].contains_point(point)]
    assert sorted(marked) == sorted(hosts), "one mark inside each host"


def test_a_code_no_longer_on_the_list_is_left_out_with_a_note_and_organisations_are_listed() -> None:
    merged = Place("GM0370", "Beemster", False)
    figure = network_map_figure(network_of(["GM0355"], [], [], [merged]), "nl")
    texts = [text.get_text() for text in figure.texts]
    assert "VNG" in texts and "$\\alpha$ Stichting" in texts, "typed names stay plain text"
    note = " ".join(texts)
    assert "1 gemeente(n) niet op de kaart" in note and "Beemster" in note
    assert "Kadaster / Centraal Bureau voor de Statistiek" in note
    drawn = collection(figure, MUNICIPALITIES_GID)
    assert len(drawn.get_paths()) == len(boundaries().areas)


def test_the_png_is_an_image_of_the_figures_size() -> None:
    png = network_map_png(network_of(["GM0355"], ["GM0355"], []), "en")
    image = imread(io.BytesIO(png), format="png")
    figure = network_map_figure(network_of([], [], []), "en")
    width, height = figure.get_size_inches() * figure.dpi
    assert image.shape[:2] == (round(height), round(width))
