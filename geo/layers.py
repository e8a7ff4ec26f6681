"""pydeck layers for the map, drawn in Statistics Canada Lambert (EPSG:3347).

Everything is drawn in display coordinates (geo/projection.py), with no basemap and no
network.

Speed: everything that does not change while scrubbing (geometry, every quarter's fill
colours and tooltip texts) is written once to static JSON files that the browser loads by
URL and caches. Each scrub step sends only the deck description: layer URLs and short
accessor expressions that pick the quarter's colours and texts.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
from shapely.ops import polylabel

from geo import classes, cmaflows, i18n, labels, metrics, statcan
from geo import quarters as qtr
from geo.events import MOBILIZATION, POLICY_TYPES
from geo.projection import (
    LAMBERT,
    ViewBox,
    fit,
    lambert_lonlat,
    project_geometries,
    project_points,
    to_lambert,
)
from geo.style import event_colour

LANGS = i18n.LANGS
STATIC_PREFIX = "app/static/generated"

# ---------------------------------------------------------------- static files


def _tip_key(quarter: str, lang: str) -> str:
    return f"t|{quarter}|{lang}"


def _colour_key(quarter: str, measure: str) -> str:
    return f"c|{quarter}|{measure}"


def measure_value(row: pd.Series | dict, measure: str) -> float:
    v = row.get(measure, float("nan"))
    return float("nan") if v is None or pd.isna(v) else float(v)


def province_tip(row: pd.Series, quarter: str, lang: str) -> str:
    """Plain-language tooltip lines for one province and quarter (a text tooltip: never read as HTML)."""
    t = i18n.t
    name = row[f"name_{lang}"]
    c = i18n.colon(lang)
    lines = [
        name,
        qtr.label(quarter, lang),
        f"{t('m_npr_total', lang)}{c} {i18n.fmt_int(row.get('npr_total'), lang)}",
        f"{t('m_npr_per_100', lang)}{c} {i18n.fmt_dec(row.get('npr_per_100'), lang, 2)}",
        f"{t('m_change_prev', lang)}{c} {i18n.fmt_int(row.get('change_prev'), lang, signed=True)}",
        f"{t('m_change_2022', lang)}{c} {i18n.fmt_int(row.get('change_2022'), lang, signed=True)}",
        f"{t('population', lang)}{c} {i18n.fmt_int(row.get('population'), lang)}",
    ]
    types = [
        f"  {t('m_' + k, lang)}{c} {i18n.fmt_int(row.get(k), lang)}"
        for k in metrics.TYPES
        if not pd.isna(row.get(k, float("nan")))
    ]
    lines += types
    release = row.get("npr_release_date") or ""
    src = f"StatCan {statcan.NPR}, {statcan.POP}"
    if release:
        src += f" ({t('release', lang)} {release})"
    lines.append(f"{t('source', lang)}{c} {src}")
    return "\n".join(lines)


def provinces_geojson(
    provinces: gpd.GeoDataFrame,
    panel: pd.DataFrame,
    quarters: list[str],
    breaks: dict[str, classes.Classes],
) -> dict:
    """Provinces in display coordinates, with every quarter's colours and tooltips."""
    geoms = project_geometries(provinces)
    feats = []
    views = {q: metrics.province_view(panel, provinces, q).set_index("pruid") for q in quarters}
    for idx, prov in provinces.iterrows():
        props: dict[str, object] = {
            "pruid": prov["pruid"],
            "code": prov["code"],
            "name_en": prov["name_en"],
            "name_fr": prov["name_fr"],
        }
        for lang in LANGS:
            props[f"e|{lang}"] = ""
        for q in quarters:
            row = views[q].loc[prov["pruid"]]
            for m in metrics.MEASURES:
                colour = breaks[m].colour_of(measure_value(row, m))
                props[_colour_key(q, m)] = classes.rgb(colour, 235)
            for lang in LANGS:
                props[_tip_key(q, lang)] = province_tip(row, q, lang)
        feats.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geoms.loc[idx])),
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def borders_json(provinces_fc: dict) -> list[dict]:
    """Province outlines as straight segments for a LineLayer, each edge once: `a` is its
    province, `b` the neighbour sharing it ("" on a coast). deck.gl's LineLayer paints
    these at the first frame about 0.5 s sooner than a GeoJsonLayer outline (PathLayer)
    in software WebGL (`make bench`). write_static keeps the coasts apart: a white line
    on the white page shows nothing, and they are over nine in ten of the edges (each
    drawn edge cost about 10 µs a frame in software WebGL), so only a selected
    province's coast is drawn."""
    edges: dict[tuple, dict] = {}
    for feat in provinces_fc["features"]:
        code = feat["properties"]["code"]
        geom = feat["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            for s, t in itertools.pairwise(ring):
                key = (tuple(s), tuple(t)) if tuple(s) <= tuple(t) else (tuple(t), tuple(s))
                if key in edges:
                    edges[key]["b"] = code
                else:
                    edges[key] = {"s": s, "t": t, "a": code, "b": ""}
    return list(edges.values())


# The national map's (px of width to fit Canada in, height in px): Canada is about 1.16
# times as wide as tall, so the height leaves a little room above and below it for labels.
MAP_SIZES = {"desktop": (500, 480), "phone": (320, 300)}
# ?size=large (a projector): the desktop map this many times larger, with its labels
# (placed for the desktop map) as many times larger, so they keep their room
LARGE = 1.5


def label_px(fit_width: int) -> int:
    """Label text size: a little smaller on a phone-sized map, larger on a map larger than
    the desktop one (in proportion)."""
    if fit_width < 400:
        return 11
    return round(12 * max(1.0, fit_width / MAP_SIZES["desktop"][0]))


def short_labels(fit_width: int) -> bool:
    """Two-letter codes instead of names on a map fitted narrower than the desktop map
    the names were placed for (a phone, the story's map column)."""
    return fit_width < MAP_SIZES["desktop"][0]


def screen_transform(view: ViewBox):
    """(display lon, lat) -> px from the map's centre (y down) at `view`, and back."""
    scale = 512 * 2**view.zoom / 360  # px per degree of display longitude

    def merc(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    cy = merc(view.latitude)

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        return (lon - view.longitude) * scale, (cy - merc(lat)) * scale

    def to_display(x: float, y: float) -> tuple[float, float]:
        m = math.radians(cy - y / scale)
        return view.longitude + x / scale, math.degrees(2 * math.atan(math.exp(m)) - math.pi / 2)

    return to_px, to_display


def lambert_anchors(provinces: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """A point inside each province, EPSG:3347 metres: the centre of the largest circle
    inside its largest part (polylabel)."""
    out = {}
    for code, geom in zip(provinces["code"], provinces.to_crs(LAMBERT).geometry, strict=True):
        if geom.geom_type == "MultiPolygon":
            geom = max(geom.geoms, key=lambda g: g.area)
        pt = polylabel(geom, tolerance=2000)  # metres
        out[code] = (pt.x, pt.y)
    return out


def label_anchors(provinces: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """lambert_anchors in display coords."""
    out = {}
    for code, (x, y) in lambert_anchors(provinces).items():
        lon, lat = lambert_lonlat(np.array([x]), np.array([y]))
        out[code] = (float(lon[0]), float(lat[0]))
    return out


def labels_json(
    provinces: gpd.GeoDataFrame,
    provinces_fc: dict,
    bounds: tuple[float, float, float, float],
    quarters: list[str],
) -> list[dict]:
    """One label per province, map size (MAP_SIZES) and language, placed by geo.labels:
    v ("desktop|en"), text, position (display coords of its centre), a leader line from
    `from` to `to` (both the position when it has none), fill (its text follows the
    province's fill) and dk: per measure, one character per quarter, "1" where the fill
    is dark (light text on it)."""
    geoms = {
        f["properties"]["code"]: shapely.from_geojson(json.dumps(f["geometry"]))
        for f in provinces_fc["features"]
    }
    dark = {
        f["properties"]["code"]: {
            m: "".join(
                "1" if classes.is_dark(f["properties"][_colour_key(q, m)]) else "0"
                for q in quarters
            )
            for m in metrics.MEASURES
        }
        for f in provinces_fc["features"]
    }
    anchors = label_anchors(provinces)
    out = []
    for size, (fit_width, height) in MAP_SIZES.items():
        to_px, to_display = screen_transform(fit(bounds, fit_width, height))
        shapes = {
            code: shapely.transform(g, lambda c, f=to_px: np.array([f(x, y) for x, y in c]))
            for code, g in geoms.items()
        }
        px_anchors = {code: to_px(*a) for code, a in anchors.items()}
        frame = (fit_width + 2 * labels.EDGE, height)
        for lang in LANGS:
            names = dict(zip(provinces["code"], provinces[f"name_{lang}"], strict=True))
            placed = labels.place(
                shapes, px_anchors, names, frame, label_px(fit_width), short_labels(fit_width)
            )
            for code, p in placed.items():
                pos = [round(v, 4) for v in to_display(*p.centre)]
                ends = [[round(v, 4) for v in to_display(*e)] for e in p.leader or (p.centre,) * 2]
                out.append(
                    {
                        "v": f"{size}|{lang}",
                        "code": code,
                        "text": p.text,
                        "position": pos,
                        "from": ends[0],
                        "to": ends[1],
                        "fill": p.on_fill,
                        "dk": dark[code],
                    }
                )
    return out


def event_tip(ev: pd.Series, lang: str) -> str:
    t = i18n.t
    day = i18n.fmt_event_day(ev["date"], ev.get("date_precision"), lang)
    place = ", ".join(p for p in (ev.get("city") or "", ev.get("province") or "") if p)
    c = i18n.colon(lang)
    lines = [
        ev[f"title_{lang}"],
        f"{t('et_' + ev['event_type'], lang)} · {day}" + (f" · {place}" if place else ""),
    ]
    if ev.get("organizers"):
        lines.append(f"{t('organizers', lang)}{c} {ev['organizers']}")
    if ev.get("attendance"):
        lines.append(f"{t('attendance', lang)}{c} {ev['attendance']}")
    lines.append(ev[f"summary_{lang}"])
    lines.append(f"{t('source', lang)}{c} {ev['source_title']}")
    return "\n".join(lines)


def _date_int(day: str) -> int:
    return int(day.replace("-", ""))


def spread_offsets(groups: pd.Series, step_m: float = 28000.0) -> np.ndarray:
    """Offsets in metres that fan out points sharing a group (a sunflower spiral)."""
    out = np.zeros((len(groups), 2))
    golden = math.pi * (3 - math.sqrt(5))
    for _, idx in groups.groupby(groups).groups.items():
        for k, i in enumerate(idx):
            if k == 0:
                continue
            r = step_m * math.sqrt(k)
            out[groups.index.get_loc(i)] = (r * math.cos(k * golden), r * math.sin(k * golden))
    return out


def events_json(events: pd.DataFrame, quarters: list[str]) -> list[dict]:
    """Events in display coordinates, with type colours and tooltips in both languages."""
    if events.empty:
        return []
    x, y = to_lambert(events["longitude"].to_numpy(), events["latitude"].to_numpy())
    place = events["latitude"].round(2).astype(str) + "," + events["longitude"].round(2).astype(str)
    off = spread_offsets(place.reset_index(drop=True))
    lon, lat = lambert_lonlat(x + off[:, 0], y + off[:, 1])
    empty_tips = {_tip_key(q, lang): "" for q in quarters for lang in LANGS}
    out = []
    for i, (_, ev) in enumerate(events.iterrows()):
        colour = event_colour(ev["event_type"])
        item = {
            "id": ev["id"],
            "d": _date_int(ev["date"]),
            "policy": bool(ev["event_type"] in POLICY_TYPES),
            "mob": bool(ev["event_type"] in MOBILIZATION),
            "col": classes.rgb(colour, 240),
            "colf": classes.rgb(colour, 90),
            "position": [round(float(lon[i]), 4), round(float(lat[i]), 4)],
            **empty_tips,
        }
        for lang in LANGS:
            item[f"e|{lang}"] = event_tip(ev, lang)
        out.append(item)
    return out


def cma_period(year: str, lang: str, preliminary: bool = False) -> str:
    """'1 July 2024 to 30 June 2025 (preliminary)' for '2024/2025'."""
    text = i18n.t("cma_period", lang, a=year[:4], b=year[5:])
    return text + (f" ({i18n.t('cma_prelim', lang)})" if preliminary else "")


def cma_tip(name: str, year: str | None, value: float, held: list[str], release: str,
            vintage: str, lang: str) -> str:  # fmt: skip
    """Tooltip lines for one CMA and quarter (escaped by the chart)."""
    t = i18n.t
    lines = [name, t("cma_kind", lang)]
    if year is None:
        lines.append(t("cma_no_year", lang, first=held[0], last=held[-1]))
    else:
        period = cma_period(year, lang, year == held[-1])
        lines.append(t("cma_tip_flow", lang, period=period, value=i18n.fmt_int(value, lang, True)))
    lines.append(t("cma_tip_source", lang, release=release, vintage=vintage or "?"))
    return "\n".join(lines)


def cmas_geojson(
    polygons: gpd.GeoDataFrame,
    flows: pd.DataFrame,
    quarters: list[str],
    breaks: classes.Classes,
    vintage: str,
    points: gpd.GeoDataFrame | None = None,
) -> dict:
    """The 41 CMAs in display coordinates with, per quarter, the colour and tooltip of the
    year (July 1 to June 30) that contains it; no colour where no year does. With `points`
    (a core-city point per CMA), each CMA also gets a point feature, drawn as a dot a few
    pixels wide, so the smallest areas stay visible on the national map."""
    geoms = project_geometries(polygons)
    dots = {}
    if points is not None:
        lon, lat = project_points(points.geometry.x.to_numpy(), points.geometry.y.to_numpy())
        dots = {
            c: {"type": "Point", "coordinates": [round(float(x), 4), round(float(y), 4)]}
            for c, x, y in zip(points["cmauid"], lon, lat, strict=True)
        }
    held = cmaflows.years(flows)
    release = str(flows["release_date"].iloc[0]) if len(flows) else ""
    by_year = {y: cmaflows.values_for(flows, y).set_index("cmauid")["value"] for y in held}
    feats = []
    for idx, c in polygons.iterrows():
        props: dict[str, object] = {"cmauid": c["cmauid"], "code": c["cmauid"]}
        for lang in LANGS:
            props[f"e|{lang}"] = ""
        for q in quarters:
            year = cmaflows.year_of(q, held)
            value = float(by_year[year].get(c["cmauid"], float("nan"))) if year else float("nan")
            colour = breaks.colour_of(value) if year else None
            props[_colour_key(q, cmaflows.MEASURE)] = (
                classes.rgb(colour, 235) if colour else [255, 255, 255, 0]
            )
            for lang in LANGS:
                props[_tip_key(q, lang)] = cma_tip(
                    c[f"name_{lang}"], year, value, held, release, vintage, lang
                )
        feats.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geoms.loc[idx])),
                "properties": props,
            }
        )
    dot_feats = [
        {
            "type": "Feature",
            "geometry": dots[f["properties"]["cmauid"]],
            "properties": f["properties"],
        }
        for f in feats
        if f["properties"]["cmauid"] in dots
    ]
    return {"type": "FeatureCollection", "features": feats + dot_feats}


@dataclass(frozen=True)
class StaticFiles:
    """URLs (relative to the app) of the files the browser loads once."""

    provinces: str
    borders: str
    labels: str
    events: str
    cmas: str
    bounds: tuple[float, float, float, float]
    sizes: dict[str, int]
    charset: str
    quarters: tuple[str, ...] = ()  # in the order of the labels' dark-fill flags
    # each province's edges no other province shares (borders: the others): (code, URL)
    coasts: tuple[tuple[str, str], ...] = ()

    def coast(self, code: str) -> str | None:
        """The URL of the province's coast file, None for a province without a coast."""
        return dict(self.coasts).get(code)


def write_file(out_dir: Path, stem: str, raw: bytes, suffix: str) -> str:
    """raw as out_dir/STEM-HASH.SUFFIX, named by its content and written once, atomically
    (replicas may write it at once); returns its URL relative to the app."""
    name = f"{stem}-{hashlib.sha1(raw).hexdigest()[:12]}{suffix}"
    path = out_dir / name
    try:
        os.utime(path)  # in use again: prune_static keeps it
    except FileNotFoundError:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(raw)
        tmp.replace(path)
    return f"{STATIC_PREFIX}/{name}"


def prune_static(out_dir: Path, days: float = 30) -> int:
    """Delete the files write_file wrote that no process has written or used for `days`
    (older releases' layers and tables; a replica still serving one keeps it in use).
    Returns how many went."""
    cutoff = time.time() - days * 86400
    gone = 0
    for path in out_dir.glob("*") if out_dir.is_dir() else ():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                gone += 1
        except OSError:  # another replica pruned it first
            continue
    return gone


def _write(out_dir: Path, stem: str, payload: object) -> tuple[str, int]:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return write_file(out_dir, stem, raw, ".json"), len(raw)


def write_static(
    out_dir: Path, bundle, quarters: list[str], breaks: dict[str, classes.Classes]
) -> StaticFiles:
    """Write the static layer files (named by content hash) and return their URLs.
    `bundle`: data.Bundle; `breaks`: all_breaks (with the CMA classes)."""
    provinces, panel, events = bundle.provinces, bundle.panel, bundle.events
    prov = provinces_geojson(provinces, panel, quarters, breaks)
    b = shapely.total_bounds(
        [shapely.from_geojson(json.dumps(f["geometry"])) for f in prov["features"]]
    )
    bounds = tuple(float(v) for v in b)
    label_rows = labels_json(provinces, prov, bounds, quarters)
    edges = borders_json(prov)
    sizes = {}
    urls = {}
    for stem, payload in (
        ("provinces", prov),
        ("borders", [e for e in edges if e["b"]]),
        ("labels", label_rows),
        ("events", events_json(events, quarters)),
        (
            "cmas",
            cmas_geojson(
                bundle.cma_polygons,
                bundle.cma_flows,
                quarters,
                breaks[cmaflows.MEASURE],
                bundle.cma_estimates,
                bundle.cmas,
            ),
        ),
    ):
        urls[stem], sizes[stem] = _write(out_dir, stem, payload)
    coasts = []  # a file per province: a selection draws its own coast only
    for code in sorted({e["a"] for e in edges if not e["b"]}):
        url, size = _write(
            out_dir, f"coasts-{code}", [e for e in edges if e["a"] == code and not e["b"]]
        )
        coasts.append((code, url))
        sizes["coasts"] = sizes.get("coasts", 0) + size
    chars = set("".join(r["text"] for r in label_rows)) - {"\n"}
    charset = "".join(sorted(chars | set(" -'")))
    return StaticFiles(
        urls["provinces"],
        urls["borders"],
        urls["labels"],
        urls["events"],
        urls["cmas"],
        bounds,
        sizes,
        charset,
        tuple(quarters),
        tuple(coasts),
    )


def all_breaks(
    panel: pd.DataFrame, flows: pd.DataFrame | None = None
) -> dict[str, classes.Classes]:
    """Class breaks per measure from provinces' values over all quarters, and for the CMA
    flows (cmaflows.MEASURE, diverging around zero) when given."""
    prov = panel[panel["pruid"] != ""]
    out = {m: classes.classify(m, prov[m]) for m in metrics.MEASURES}
    if flows is not None:
        out[cmaflows.MEASURE] = classes.classify(
            cmaflows.MEASURE, cmaflows.whole_cmas(flows)["value"]
        )
    return out


# ---------------------------------------------------------------- the deck per step


def data_urls(files: StaticFiles, layers: tuple[str, ...]) -> list[str]:
    """The files a deck of these layers loads (see deck): the page asks for them early."""
    urls = [files.provinces, files.borders]
    if "cmas" in layers:
        urls.append(files.cmas)
    if "events" in layers:
        urls.append(files.events)
    return [*urls, files.labels]


def land_layers(files: StaticFiles) -> list[pdk.Layer]:
    """The provinces as plain grey land with white borders (no measure)."""
    land = pdk.Layer(
        "GeoJsonLayer",
        data=files.provinces,
        id="land",
        pickable=False,
        stroked=False,
        filled=True,
        get_fill_color=[236, 236, 236, 255],
    )
    return [land, *border_layers(files)]


def border_layers(files: StaticFiles, codes: list[str] | None = None) -> list[pdk.Layer]:
    """White borders between provinces; those of the provinces in `codes` thick and
    black, their coasts too."""
    codes = list(codes or ())
    is_sel = " || ".join(f"a == '{c}' || b == '{c}'" for c in codes)
    common = {
        "pickable": False,
        "get_source_position": "s",
        "get_target_position": "t",
        "width_units": "'pixels'",
        "antialiasing": True,  # smooth edges of its own (the map has no multisampling)
        "update_triggers": {"getColor": [codes], "getWidth": [codes]},
    }
    out = [
        pdk.Layer(
            "LineLayer",
            data=files.borders,
            id="borders",
            get_color=f"({is_sel}) ? [0, 0, 0, 255] : [255, 255, 255, 255]" if codes else [255] * 4,
            get_width=f"({is_sel}) ? 3 : 1" if codes else 1,
            **common,
        )
    ]
    for code in codes:
        if files.coast(code):
            out.append(
                pdk.Layer(
                    "LineLayer",
                    data=files.coast(code),
                    id=f"coasts-{code}",
                    get_color=[0, 0, 0, 255],
                    get_width=3,
                    **common,
                )
            )
    return out


def deck(
    files: StaticFiles,
    quarter: str,
    measure: str,
    layers: tuple[str, ...],
    lang: str,
    selected: str | tuple[str, ...] | list[str] | None = None,
    view: ViewBox | None = None,
    height: int = 560,
    fit_width: int = 500,
    label_size: int | None = None,
    selected_cma: str | None = None,
    stable_labels: bool = False,
) -> pdk.Deck:
    """The map for one step: static data by URL, this quarter's accessors inline.
    label_size: the labels' px (label_px(fit_width) by default; larger for a projector);
    stable_labels: see label_layers."""
    qend = _date_int(qtr.after(quarter))
    qstart = _date_int(quarter)
    out = []
    if "provinces" in layers:
        # one code (the map page) or several (story chapters); codes come from the data
        codes = [selected] if isinstance(selected, str) else list(selected or ())
        codes = [c for c in codes if c and c.isalnum()]
        out.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=files.provinces,
                id="provinces",
                pickable=True,
                stroked=False,  # borders: border_layers
                filled=True,
                get_fill_color=f"properties['{_colour_key(quarter, measure)}']",
                update_triggers={"getFillColor": [quarter, measure]},
            )
        )
        out += border_layers(files, codes)
    else:
        out += land_layers(files)
    if "cmas" in layers:
        cma = selected_cma if selected_cma and selected_cma.isdigit() else ""
        sel = f"properties.cmauid == '{cma}'"
        out.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=files.cmas,
                id="cmas",
                pickable=True,
                stroked=True,
                filled=True,
                get_fill_color=f"properties['{_colour_key(quarter, cmaflows.MEASURE)}']",
                get_line_color=f"{sel} ? [0, 0, 0, 255] : [60, 60, 60, 220]"
                if cma
                else [60, 60, 60, 220],
                get_line_width=f"{sel} ? 3 : 1" if cma else 1,
                line_width_units="'pixels'",
                point_type="'circle'",
                get_point_radius=4,
                point_radius_units="'pixels'",
                update_triggers={
                    "getFillColor": [quarter],
                    "getLineColor": [cma],
                    "getLineWidth": [cma],
                },
            )
        )
    if "events" in layers:
        visible = f"d < {qend}"
        recent = f"d >= {qstart}"
        out.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=files.events,
                id="events",
                pickable=True,
                get_position="position",
                radius_units="'pixels'",
                get_radius=f"{visible} ? ({recent} ? 9 : 6) : 0",
                stroked=True,
                filled=True,
                line_width_units="'pixels'",
                get_line_width="policy ? 3 : 1",
                get_fill_color=f"{visible} ? (policy ? [255, 255, 255, 200] : ({recent} ? col : colf)) : [0, 0, 0, 0]",
                get_line_color=f"{visible} ? (policy ? col : [255, 255, 255, {recent} ? 255 : 120]) : [0, 0, 0, 0]",
                update_triggers={
                    "getRadius": [quarter],
                    "getFillColor": [quarter],
                    "getLineColor": [quarter],
                },
            )
        )
    out += label_layers(
        files, quarter, measure, "provinces" in layers, lang, fit_width, label_size, stable_labels
    )
    v = view or fit(files.bounds, fit_width, height)
    return pdk.Deck(
        layers=out,
        initial_view_state=pdk.ViewState(
            longitude=v.longitude, latitude=v.latitude, zoom=v.zoom, min_zoom=1, max_zoom=9
        ),
        map_provider=None,  # no basemap; pydeck's default map_style tells Streamlit so
        tooltip=tooltip(quarter, lang),
    )


# the tooltip's look, as pydeck and deck.gl take it
TOOLTIP_STYLE = {
    "whiteSpace": "pre-line",
    "maxWidth": "320px",
    "fontSize": "13px",
    "lineHeight": "1.35",
    "backgroundColor": "#1f2430",
    "color": "#ffffff",
}


def tooltip(quarter: str, lang: str) -> dict:
    """The map's tooltip at `quarter`: a pydeck text template ({key}: the picked object's
    property) of the province's, CMA's or event's lines. "text", not "html": event text
    stays text."""
    return {"text": "{" + _tip_key(quarter, lang) + "}{e|" + lang + "}", "style": TOOLTIP_STYLE}


def label_layers(
    files: StaticFiles,
    quarter: str,
    measure: str,
    filled: bool,
    lang: str,
    fit_width: int,
    px: int | None = None,
    stable: bool = False,
) -> list[pdk.Layer]:
    """Province labels placed for this map size and language (labels_json): leader lines,
    dark text with a white halo, and (over dark fills, with the provinces drawn) white
    text with a dark halo. px: the text size (label_px by default). stable: the text
    layers keep their ids from view to view and update their sizes on a trigger (the map
    page's own deck.gl, static/js/vendor/, does; Streamlit's chart kept stale sizes, so
    for it each view has new text layers)."""
    v = f"{'phone' if short_labels(fit_width) else 'desktop'}|{lang}"
    px = px or label_px(fit_width)
    qi = files.quarters.index(quarter) if quarter in files.quarters else -1
    on_dark = f"(fill && dk['{measure}'][{qi}] == '1')" if filled and qi >= 0 else "false"
    mine = f"v == '{v}'"
    view_key = v if stable else f"{quarter}-{measure}-{v}-{int(filled)}-{px}"
    common = {
        "data": files.labels,
        "pickable": False,
        "get_position": "position",
        "get_text": "text",
        "size_units": "'pixels'",
        "font_family": "'Source Sans Pro, DejaVu Sans, Arial, sans-serif'",
        "font_weight": 600,
        "line_height": 1.1,
        "outline_width": 3,
        # a finer glyph atlas than deck.gl's 64 px: at 12 px, the accents of capitals (Î, É)
        # were faint grey traces, "Ile-du-Prince-Edouard"
        "font_settings": {"sdf": True, "fontSize": 128, "buffer": 8, "radius": 24},
        "character_set": f'"{files.charset}"',
        "get_text_anchor": "'middle'",
        "get_alignment_baseline": "'center'",
    }
    if stable:
        common["update_triggers"] = {"getSize": [quarter, measure, int(filled), px]}
    out = [
        pdk.Layer(
            "LineLayer",
            data=files.labels,
            id=f"label-leaders-{v}",
            pickable=False,
            get_source_position="from",
            get_target_position="to",
            get_color=f"{mine} ? [40, 40, 40, 220] : [0, 0, 0, 0]",
            get_width=1,
            width_units="'pixels'",
            antialiasing=True,
            update_triggers={"getColor": [v]},
        ),
        pdk.Layer(
            "TextLayer",
            id=f"labels-{view_key}",
            get_size=f"{mine} && !{on_dark} ? {px} : 0",
            get_color=[20, 20, 20, 255],
            outline_color=[255, 255, 255, 230],
            **common,
        ),
    ]
    if on_dark != "false":
        out.append(
            pdk.Layer(
                "TextLayer",
                id=f"labels-light-{view_key}",
                get_size=f"{mine} && {on_dark} ? {px} : 0",
                get_color=[255, 255, 255, 255],
                outline_color=[15, 20, 45, 230],
                **common,
            )
        )
    return out
