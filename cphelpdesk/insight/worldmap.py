"""The dashboard's world map with its outlines simplified for the screen.

pygal_maps_world's outlines are drawn for print (778 KB); at the dashboard's 800 px a country needs far
fewer points. Each outline keeps the points that matter at a tolerance well under a pixel (Ramer-Douglas-
Peucker on the segments' end points), islands smaller than a pixel or two go unless they are all a country
has, and coordinates are whole units of the map's 2475-wide box (a third of a pixel).
"""

import functools
import itertools
import math
import re

from pygal_maps_world.maps import WORLD_MAP, World

TOLERANCE = 2  # map units: about two thirds of a pixel at 800 px wide
SMALLEST_ISLAND = 4  # map units across
ARGUMENTS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
TOKEN = re.compile(r"[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
PATH_DATA = re.compile(r'(<path[^>]*\bd=")([^"]*)(")')


def outlines(data: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path as lists of absolute points (the end points of its segments)."""
    rings, x, y, start, command = [], 0.0, 0.0, (0.0, 0.0), "m"
    tokens, index = TOKEN.findall(data), 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command, index = tokens[index], index + 1
            if command in "zZ":
                x, y = start
                continue
        kind, relative = command.lower(), command.islower()
        values = [float(token) for token in tokens[index:index + ARGUMENTS[kind]]]
        index += ARGUMENTS[kind]
        if kind == "h":
            x = x + values[0] if relative else values[0]
        elif kind == "v":
            y = y + values[0] if relative else values[0]
        else:
            x, y = (x + values[-2], y + values[-1]) if relative else (values[-2], values[-1])
        if kind == "m":
            rings.append([(x, y)])
            start, command = (x, y), ("l" if relative else "L")  # further pairs after a move are lines
        else:
            rings[-1].append((x, y))
    return rings


def _distance(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    length = math.hypot(bx - ax, by - ay)
    if length == 0:
        return math.hypot(px - ax, py - ay)
    return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length


def simplified(points: list[tuple[float, float]], tolerance: float = TOLERANCE) -> list[tuple[float, float]]:
    """Ramer-Douglas-Peucker, without recursion (outlines have thousands of points)."""
    if len(points) < 3:
        return points
    keep, spans = {0, len(points) - 1}, [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            here = _distance(points[index], points[first], points[last])
            if here > distance:
                farthest, distance = index, here
        if farthest is not None:
            keep.add(farthest)
            spans += [(first, farthest), (farthest, last)]
    return [points[index] for index in sorted(keep)]


def _size(ring) -> float:
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def path_data(data: str) -> str:
    """A simplified `d` attribute: whole units, relative moves, the country's small islands left out."""
    rings = outlines(data)
    largest = max(rings, key=_size)
    parts = []
    for ring in rings:
        if ring is not largest and _size(ring) < SMALLEST_ISLAND:
            continue
        points = [(round(x), round(y)) for x, y in simplified(ring)]
        points = [point for number, point in enumerate(points) if number == 0 or point != points[number - 1]]
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(points))
        parts.append(f"M{points[0][0]} {points[0][1]}" + (f"l{steps}" if steps else "") + "z")
    return "".join(parts)


@functools.cache
def simplified_map() -> str:
    """The world map's SVG with every outline simplified (computed once per process)."""
    return PATH_DATA.sub(lambda match: match[1] + path_data(match[2]) + match[3], WORLD_MAP)


class LightWorld(World):
    """pygal's world map drawn from the simplified outlines."""

    @property
    def svg_map(self) -> str:
        return simplified_map()
