"""Province labels that fit the national map: placed once per map size and language.

Each label tries, in order: its full name, then the name on two lines, inside its province
(near the centre of the largest circle that fits in it, over as little of its neighbours
as it can); then the same in empty space nearby (sea or the blank United States) with a
leader line; then its two-letter code. A phone-sized map uses the codes only. A label
that cannot fit anywhere is left out rather than drawn over another. Boxes are measured
in screen pixels at the map page's national view (layers.MAP_SIZES); the result is kept
in display coordinates, so a label stays on its spot when the map is zoomed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, Point, box
from shapely.ops import nearest_points, unary_union

CHAR_EM = 0.62  # width of an average bold character, in em (Source Sans Pro semibold)
LINE_EM = 1.25  # line height, in em
PAD = 2.0  # px kept free around a label
EDGE = 10.0  # px the map reaches past its fitted width on each side (room for labels)
MAX_SPILL = 0.05  # share of a label's box that may lie over other provinces
ON_FILL = 0.6  # share of a label's box over its own province for its text to follow the fill
LEADER_MAX = 90.0  # px from a province's anchor to its label, at most


@dataclass(frozen=True)
class Placed:
    code: str
    text: str
    centre: tuple[float, float]  # the label box's centre, px from the map's centre (y down)
    size: tuple[float, float]  # the box's width and height, px
    leader: tuple[tuple[float, float], tuple[float, float]] | None  # from anchor to box
    on_fill: bool  # mostly over its own province: its colour follows the fill

    @property
    def box(self) -> shapely.Polygon:
        (x, y), (w, h) = self.centre, self.size
        return box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def text_size(text: str, px: float) -> tuple[float, float]:
    lines = text.split("\n")
    return max(len(line) for line in lines) * CHAR_EM * px, len(lines) * LINE_EM * px


def two_lines(name: str) -> str | None:
    """The name broken after the space or hyphen that makes its longest line shortest
    ("Newfoundland / and Labrador", "Colombie- / Britannique"), if it has one."""
    cuts = [i for i, c in enumerate(name) if c in " -"]
    if not cuts:
        return None

    def lines(i: int) -> tuple[str, str]:
        return name[: i + 1].rstrip(), name[i + 1 :]

    first, second = min((lines(i) for i in cuts), key=lambda s: max(len(s[0]), len(s[1])))
    return f"{first}\n{second}"


def variants(name: str, code: str, short: bool) -> list[tuple[str, bool]]:
    """(text, with a leader line) in the order tried."""
    if short:
        return [(code, False), (code, True)]
    texts = [name] + [s for s in (two_lines(name),) if s]
    return [(s, False) for s in texts] + [(s, True) for s in texts] + [(code, False), (code, True)]


def _spiral(step: float, reach: float):
    yield 0.0, 0.0
    n = int(reach // step)
    ring = [(dx * step, dy * step) for dx in range(-n, n + 1) for dy in range(-n, n + 1)]
    for dx, dy in sorted(ring, key=lambda d: (math.hypot(*d), d)):
        if (dx, dy) != (0, 0):
            yield dx, dy


def place(
    shapes: dict[str, shapely.Geometry],
    anchors: dict[str, tuple[float, float]],
    names: dict[str, str],
    frame: tuple[float, float],
    px: float,
    short: bool,
) -> dict[str, Placed]:
    """Place one label per province. shapes: province outlines in screen px (y down),
    anchors: a point inside each, names: the text per code, frame: the map's width and
    height in px, px: the font size. Smaller provinces, which have fewer spots, are
    placed first."""
    w_frame, h_frame = frame
    inner = box(-w_frame / 2 + PAD, -h_frame / 2 + PAD, w_frame / 2 - PAD, h_frame / 2 - PAD)
    land = unary_union(list(shapes.values()))
    placed: dict[str, Placed] = {}
    taken: list[shapely.Geometry] = []  # placed boxes (padded) and leader lines

    def free(geom: shapely.Geometry) -> bool:
        return inner.contains(geom) and not any(geom.intersects(o) for o in taken)

    for code in sorted(shapes, key=lambda c: shapes[c].area):
        own = shapes[code]
        others = land.difference(own)
        ax, ay = anchors[code]
        found = None
        for text, leader in variants(names[code], code, short):
            w, h = text_size(text, px)
            if not leader:
                for dx, dy in _spiral(3.0, 60.0):
                    cx, cy = ax + dx, ay + dy
                    b = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                    if (
                        own.contains(Point(cx, cy))
                        and free(b.buffer(PAD, join_style="mitre"))
                        and b.intersection(others).area <= MAX_SPILL * b.area
                    ):
                        on_fill = b.intersection(own).area >= ON_FILL * b.area
                        found = Placed(code, text, (cx, cy), (w, h), None, on_fill)
                        break
            else:
                found = _leader_spot(code, text, (ax, ay), (w, h), land, own, free)
            if found:
                break
        if found:
            placed[code] = found
            taken.append(found.box.buffer(PAD, join_style="mitre"))
            if found.leader:
                taken.append(LineString(found.leader).buffer(1.0))
    return placed


def _leader_spot(code, text, anchor, size, land, own, free) -> Placed | None:
    """A spot in empty space (no province under the label) within LEADER_MAX px of the
    anchor, with a line from the anchor to the box that crosses no label: the nearest
    whose line crosses no other province, else the nearest."""
    (ax, ay), (w, h) = anchor, size
    others = land.difference(own)
    best = None
    for dist in range(14, int(LEADER_MAX) + 1, 4):
        for k in range(24):
            a = 2 * math.pi * k / 24
            cx = ax + math.cos(a) * (dist + w / 2)
            cy = ay + math.sin(a) * (dist + h / 2)
            b = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if b.buffer(PAD).intersects(land) or not free(b.buffer(PAD, join_style="mitre")):
                continue
            end = nearest_points(b.exterior, Point(ax, ay))[0]
            line = LineString([(ax, ay), (end.x, end.y)])
            if not free(line.buffer(0.5).difference(b.buffer(PAD, join_style="mitre"))):
                continue
            crosses = line.intersection(others).length > 1.0
            if best is None or (crosses, dist) < best[0]:
                leader = ((ax, ay), (end.x, end.y))
                best = ((crosses, dist), Placed(code, text, (cx, cy), (w, h), leader, False))
        if best and not best[0][0]:
            break
    return best[1] if best else None
