"""Class breaks and colour-blind-safe palettes, fixed across quarters so colours compare."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.style import DIVERGING, NO_DATA, SEQUENTIAL, is_diverging


def rgb(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def is_dark(colour: str | list[int]) -> bool:
    """True when white text reads better than black on this fill (#hex or [r, g, b, a]):
    by WCAG contrast, so for relative luminance below about 0.18."""
    r, g, b = (rgb(colour) if isinstance(colour, str) else colour)[:3]

    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05)


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (last is the maximum) and their colours."""

    measure: str
    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    lower: float

    def colour_of(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            return NO_DATA
        for bound, colour in zip(self.bounds, self.colours, strict=True):
            if value <= bound:
                return colour
        return self.colours[-1]

    def ranges(self) -> list[tuple[float, float, str]]:
        """(low, high, colour) per class, for legends."""
        lows = (self.lower, *self.bounds[:-1])
        return list(zip(lows, self.bounds, self.colours, strict=True))


def fisher_jenks(values: np.ndarray, k: int) -> np.ndarray:
    """Fisher's exact natural breaks: the k classes of sorted values that minimise the sum
    of squared deviations within classes. Returns each class's upper bound (as
    mapclassify.FisherJenks(values, k).bins, which the tests check it against; written
    here so the app does not import mapclassify, scipy and matplotlib at start-up)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    k = max(1, min(k, n))
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(a: np.ndarray, b: int) -> np.ndarray:  # classes x[a..b], a an array of starts
        cnt = b - a + 1
        tot = s1[b + 1] - s1[a]
        return (s2[b + 1] - s2[a]) - tot * tot / cnt

    cost = np.full((k, n), np.inf)
    start = np.zeros((k, n), dtype=int)
    for i in range(n):
        cost[0, i] = ssd(np.array([0]), i)[0]
    for j in range(1, k):
        for i in range(j, n):
            m = np.arange(j, i + 1)  # start of the last class
            c = cost[j - 1, m - 1] + ssd(m, i)
            best = int(np.argmin(c))
            cost[j, i] = c[best]
            start[j, i] = m[best]
    bounds, end = [], n - 1
    for j in range(k - 1, -1, -1):
        bounds.append(x[end])
        end = start[j, end] - 1
    return np.array(bounds[::-1])


def _nice(x: float) -> float:
    """Round a bound to 2 significant figures so legends read cleanly."""
    if x == 0 or not math.isfinite(x):
        return x
    digits = 2 - int(math.floor(math.log10(abs(x)))) - 1
    return round(x, digits)


def classify(measure: str, values: pd.Series) -> Classes:
    """Breaks for one measure from all its values over every quarter (NaN ignored)."""
    v = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    if is_diverging(measure):
        return _diverging(measure, v)
    if len(v) == 0:
        return Classes(measure, (0.0,), (SEQUENTIAL[0],), 0.0)
    k = min(len(SEQUENTIAL), len(np.unique(v)))
    if k < 2:
        return Classes(measure, (float(v.max()),), (SEQUENTIAL[-1],), float(v.min()))
    bins = fisher_jenks(v, k)
    bounds = [_nice(b) for b in bins[:-1]] + [float(v.max())]
    bounds = sorted(set(bounds))
    colours = _spread(SEQUENTIAL, len(bounds))
    return Classes(measure, tuple(bounds), tuple(colours), float(v.min()))


def _spread(palette: list[str], n: int) -> list[str]:
    idx = np.linspace(0, len(palette) - 1, n).round().astype(int)
    return [palette[i] for i in idx]


def _diverging(measure: str, v: np.ndarray) -> Classes:
    """Six classes symmetric around zero: three for decreases, three for increases."""
    if len(v) == 0:
        return Classes(measure, (0.0,), (DIVERGING[3],), 0.0)
    top = float(np.abs(v).max()) or 1.0
    mags = np.abs(v[v != 0])
    if measure == "cma_net" and len(np.unique(mags)) >= 3:
        # CMA flows are skewed (a few large metros, many small ones): break at the median
        # and 90th percentile of the magnitudes so small CMAs do not all share one class
        b1, b2 = (_nice(float(np.percentile(mags, p))) for p in (50, 90))
    elif len(np.unique(mags)) >= 3:
        inner = fisher_jenks(mags, 3)[:2]
        b1, b2 = (_nice(float(b)) for b in inner)
    else:
        b1, b2 = _nice(top / 3), _nice(2 * top / 3)
    bounds = (-b2, -b1, 0.0, b1, b2, top)
    lows = (-top, -b2, -b1, 0.0, b1, b2)
    lo = float(v.min())
    # keep only the classes the values reach, so the legend starts at the lowest value
    keep = [i for i in range(6) if bounds[i] >= lo or i >= 3]
    first = keep[0]
    return Classes(
        measure,
        tuple(bounds[i] for i in keep),
        tuple(DIVERGING[i] for i in keep),
        max(lows[first], lo) if lo < 0 else lows[first],
    )
