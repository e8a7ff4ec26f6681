"""The map's projection: Statistics Canada Lambert (EPSG:3347), shown by deck.gl.

deck.gl's ordinary map view is Web Mercator. Projecting to EPSG:3347 and then mapping
(x, y) metres through the inverse of Web Mercator (lon = x/R, lat = atan(sinh(y/R)))
makes that view show the conic projection exactly ("display coordinates"). The app's
map, the story, the events page and the exports all project through here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

R = 6378137.0  # Web Mercator's sphere, metres
WGS84 = "EPSG:4326"
LAMBERT = "EPSG:3347"  # NAD83 / Statistics Canada Lambert, metres

_TO_LAMBERT = Transformer.from_crs(WGS84, LAMBERT, always_xy=True)


def to_lambert(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 degrees -> EPSG:3347 metres."""
    return _TO_LAMBERT.transform(lon, lat)


def lambert_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:3347 metres -> the (lon, lat) that Web Mercator maps back to those metres."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return np.degrees(x / R), np.degrees(np.arctan(np.sinh(y / R)))


def project_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 degrees -> display coordinates (Lambert through inverse Web Mercator)."""
    x, y = to_lambert(np.asarray(lon, float), np.asarray(lat, float))
    return lambert_lonlat(x, y)


def project_geometries(gdf: gpd.GeoDataFrame, decimals: int = 3) -> gpd.GeoSeries:
    """Geometries of an EPSG:4326 frame in display coordinates, rounded."""
    lam = gdf.to_crs(LAMBERT).geometry

    def transform(coords: np.ndarray) -> np.ndarray:
        lon, lat = lambert_lonlat(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    geoms = shapely.transform(lam.values, transform)
    geoms = shapely.set_precision(geoms, 10**-decimals)
    return gpd.GeoSeries(geoms, index=gdf.index)


@dataclass(frozen=True)
class ViewBox:
    longitude: float
    latitude: float
    zoom: float


def fit(bounds: tuple[float, float, float, float], width: int, height: int) -> ViewBox:
    """Centre and zoom that fit display-coordinate bounds in a width x height px map
    (deck.gl: the world is 512 px wide at zoom 0)."""
    x0, y0, x1, y1 = bounds
    my0 = R * math.asinh(math.tan(math.radians(y0)))
    my1 = R * math.asinh(math.tan(math.radians(y1)))
    zx = math.log2(width * 360 / (512 * max(x1 - x0, 1e-9)))
    zy = math.log2(height * 2 * math.pi * R / (512 * max(my1 - my0, 1e-9)))
    cy = math.degrees(math.atan(math.sinh((my0 + my1) / 2 / R)))
    return ViewBox((x0 + x1) / 2, cy, min(zx, zy))
