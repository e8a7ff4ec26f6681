"""Static exports of a map view that work with no server: HTML, PNG, SVG, CSV, citation.

Streamlit-free. Everything is drawn in Statistics Canada Lambert (EPSG:3347), the same
projection as the app's map, with the app's class breaks (geo.layers.all_breaks) so the
colours match. The HTML page is templates/export.html, with the app's legend and event
list templates (geo.markup): text from data (names, events) is escaped wherever it lands.

- html_view(): one self-contained HTML file (no CDN, no request at all): inline SVG paths,
  every quarter's fills and tooltips inlined as JSON, a range-input scrubber driven by a
  few lines of vanilla JS, legend, table, title and source line.
- figure() / png_bytes() / svg_bytes(): a print and social image (matplotlib, 300 dpi).
- alt_text(): a plain-language description of the image, from the data.
- table_csv(): metrics.table for the quarter under '# ' source lines.
- citation(): the sources of what is shown, with StatCan release dates read from the data.
"""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup

from geo import (
    classes,
    cmaflows,
    events,
    i18n,
    labels,
    layers,
    markup,
    metrics,
    projection,
    safe,
    statcan,
)
from geo import quarters as qtr
from geo.i18n import t
from geo.projection import LAMBERT
from geo.style import (
    EVENT_GROUPS,
    NO_DATA,
    event_colour,
    format_measure,
    format_range,
)

MAX_HTML_BYTES = 3 * 1024 * 1024
SVG_WIDTH = 960  # viewBox width of the inline map, px
FIG_SIZE = (8.0, 7.0)  # inches: 2400 x 2100 px at 300 dpi
DPI = 300
STATCAN_TABLES = {  # the tables a view cites: statcan.TABLES id, and its short name's key
    "npr": (statcan.NPR, "source_statcan_npr"),
    "pop": (statcan.POP, "source_statcan_pop"),
}
NATURAL_EARTH_URL = "https://www.naturalearthdata.com/"
FORMATS = ("html", "png", "svg", "csv")


class ExportError(ValueError):
    """A bad quarter or measure; the message says what is available."""


@dataclass(frozen=True)
class CmaLayer:
    """What an export needs to draw the CMA layer: polygons (EPSG:4326), 17-10-0149-01
    flows, their classes (diverging around zero) and the estimates release they belong to."""

    polygons: gpd.GeoDataFrame
    flows: pd.DataFrame
    classes: classes.Classes
    vintage: str

    def year(self, quarter: str) -> str | None:
        return cmaflows.year_of(quarter, cmaflows.years(self.flows))

    def values(self, quarter: str) -> list[float]:
        """Each polygon's flow for the year containing `quarter` (NaN when none)."""
        v = cmaflows.values_for(self.flows, self.year(quarter)).set_index("cmauid")["value"]
        return [float(v.get(c, float("nan"))) for c in self.polygons["cmauid"]]

    def legend_rows(self, lang: str) -> list[tuple[str, str]]:
        """(colour, "−44,792 – −21,000") per class, lowest first."""
        return [
            (c, format_range(lo, hi, cmaflows.MEASURE, lang)) for lo, hi, c in self.classes.ranges()
        ]

    def note(self, quarter: str, lang: str) -> str:
        """Which year (July 1 to June 30) the layer shows for `quarter` and the estimates it
        belongs to, or that no CMA figure holds for that date."""
        held = cmaflows.years(self.flows)
        year = self.year(quarter)
        if year is None:
            return t("cma_no_year", lang, first=held[0], last=held[-1])
        prelim = f" ({t('cma_prelim', lang)})" if year == held[-1] else ""
        period = t("cma_period", lang, a=year[:4], b=year[5:])
        vintage = i18n.fmt_date(self.vintage, lang) if self.vintage else "?"
        return t("cma_year_shown", lang, period=period, prelim=prelim, vintage=vintage)


@dataclass(frozen=True)
class PageExtras:
    """What a caller (geo.site) adds to html_view's page: `html` (trusted, already escaped
    markup) after the source line, `data` (JSON-able) as D.extra in the page's data, and
    `js` (a script of its own) run after the page's script."""

    html: str = ""
    data: object = None
    js: str = ""


def check(quarters: list[str], quarter: str, measure: str) -> None:
    """ExportError with one clear message for an unknown quarter or measure."""
    if quarter not in quarters:
        raise ExportError(
            f"unknown quarter {quarter!r}; available: {quarters[0]} to {quarters[-1]} "
            "(quarters start on 01-01, 04-01, 07-01, 10-01)"
        )
    if measure not in metrics.MEASURES:
        raise ExportError(f"unknown measure {measure!r}; available: {', '.join(metrics.MEASURES)}")


# ---------------------------------------------------------------- sources and CSV


def source_line(lang: str, releases: list[str]) -> str:
    """One line naming the StatCan tables (with NPR release dates) and the geography."""
    rel = ", ".join(sorted({r for r in releases if r}))
    srcs = f"{t('source_statcan_npr', lang)}{i18n.semicolon(lang)} {t('source_statcan_pop', lang)}"
    if rel:
        srcs += f" ({t('release', lang)} {rel})"
    return t("source_line", lang, sources=srcs)


def csv_with_source(df: pd.DataFrame, source: str) -> bytes:
    """CSV text preceded by '# ' lines naming the source. Every CSV the app or the command
    line writes goes through here: text cells a spreadsheet would run as a formula get a
    ' in front (geo.safe.csv_frame); numbers stay numbers."""
    head = "".join(f"# {line}\n" for line in source.splitlines())
    return (head + safe.csv_frame(df).to_csv(index=False)).encode("utf-8")


def releases(panel: pd.DataFrame, quarters: list[str] | None = None) -> dict[str, list[str]]:
    """Release dates of the NPR and population figures in the given quarters (all if None)."""
    rows = panel if quarters is None else panel[panel["quarter"].isin(quarters)]
    has = rows[rows["npr_total"].notna()]
    npr = sorted({r for r in has["npr_release_date"] if r})
    pop = sorted({r for r in rows.loc[rows["population"].notna(), "pop_release_date"] if r})
    return {"npr": npr, "pop": pop}


def citation(
    panel: pd.DataFrame,
    ev: pd.DataFrame | None,
    quarter: str,
    measure: str,
    lang: str,
    title: str | None = None,
    url: str | None = None,
    today: date | None = None,
) -> str:
    """A citation of the view: title, StatCan tables with release dates from the data,
    Natural Earth, and (when events are shown) each event's source up to the quarter."""
    today = today or date.today()
    rel = releases(panel, [quarter])
    head = title or t("app_title", lang)
    lines = [
        f"{head}. {t('m_' + measure, lang)}, {qtr.label(quarter, lang)}.",
    ]
    for key in ("npr", "pop"):
        table_id, text_key = STATCAN_TABLES[key]
        dates = rel[key]
        when = f" ({t('release', lang)} {', '.join(dates)})" if dates else ""
        lines.append(f"- {t(text_key, lang)}{when}. {statcan.TABLES[table_id].page_url_in(lang)}")
    lines.append(f"- {t('cite_geography', lang)} {NATURAL_EARTH_URL}")
    if ev is not None:
        shown = events.until(ev, quarter)
        if len(shown):
            lines.append(t("cite_events", lang, n=len(shown)))
            for _, e in shown.iterrows():
                link = events.safe_url(e["source_url"]) or ""
                lines.append(f"  - {e['date']} · {e['source_title']} {link}".rstrip())
    tail = t("cite_accessed", lang, date=i18n.fmt_date(today, lang))
    lines.append(f"{tail}{(' ' + url) if url else ''}")
    return "\n".join(lines)


def table_csv(panel: pd.DataFrame, provinces: pd.DataFrame, quarter: str, lang: str) -> bytes:
    """metrics.table for the quarter (numbers unformatted) under a source header."""
    df = metrics.table(panel, provinces, quarter)
    rel = releases(panel, [quarter])
    return csv_with_source(df, source_line(lang, rel["npr"]))


# ---------------------------------------------------------------- links and embed code

# The compact embed's iframe height (px) from a viewport width (px) up, before it reports
# its own (EMBED_RESIZE_JS): tall enough for its content in EN and FR, on a phone (map,
# scrubber and legend stacked) and in an article column (legend beside the map).
EMBED_HEIGHTS = ((0, 760), (640, 680))
# The share dialog's sizes: (key, None for the article's full width, or (width, height))
EMBED_PRESETS = (("responsive", None), ("phone", (375, 760)), ("column", (700, 680)))
EMBED_MESSAGE = "npr-map-embed-height"  # what the embedded map posts to its article
# In the article: set the iframe's height to what the embedded map says it needs (where
# scripts are stripped, the heights above stay).
EMBED_RESIZE_JS = (
    "<script>addEventListener('message',function(e){var d=e.data;"
    f"if(!d||d.type!=='{EMBED_MESSAGE}'||!(d.height>0))return;"
    "document.querySelectorAll('iframe.CLASS').forEach(function(f){"
    "if(f.contentWindow===e.source)f.style.height=Math.min(d.height,2000)+'px';});});</script>"
)


def view_url(base: str | None, params: dict[str, str], embed: bool = False) -> str:
    """The link to a view: base (the app page's address, no query) + the view's params.
    Without a base the link is relative ('?quarter=…')."""
    p = {k: v for k, v in params.items() if k != "embed"}
    if embed:
        p["embed"] = "true"
    query = urlencode(p)
    base = (base or "").split("?")[0].split("#")[0]
    if base and not urlsplit(base).path:
        base += "/"  # http://host:port -> http://host:port/
    return f"{base}?{query}"


def embed_code(
    url: str,
    title: str,
    lang: str,
    size: tuple[int, int] | None = None,
    css_class: str = "npr-map-embed",
    heights: tuple[tuple[int, int], ...] = EMBED_HEIGHTS,
    resize: bool = True,
) -> str:
    """An <iframe> to paste into an article, and (with `resize`) a script that fits its
    height to the compact embed's content. size: None for the article's full width, a
    height per breakpoint in `heights` ((min viewport width px, iframe height px), narrowest
    first; a <style> media query, the height attribute is the fallback where <style> is
    stripped); or (width, height) px, the width at most the article's."""
    script = Markup(EMBED_RESIZE_JS.replace("CLASS", css_class)) if resize else ""
    return str(
        markup.render(
            "embed_code.html",
            url=url,
            title=title,
            lang=lang,
            size=size,
            css_class=css_class,
            heights=heights,
            resize=script,
        )  # fmt: skip
    )


# ---------------------------------------------------------------- shared view data


def _values(panel, provinces, quarter, measure) -> tuple[pd.DataFrame, float]:
    view = metrics.province_view(panel, provinces, quarter)
    canada = metrics.canada_view(panel, quarter)
    return view, layers.measure_value(canada, measure)


def _canada_word(lang: str) -> str:
    return t("canada", lang) + i18n.colon(lang)


def legend_rows(brk: classes.Classes, measure: str, lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class, then the no-data row (colour None)."""
    rows = [(colour, format_range(low, high, measure, lang)) for low, high, colour in brk.ranges()]
    rows.append((None, t("no_data", lang).capitalize()))
    return rows


def alt_text(
    panel: pd.DataFrame,
    provinces: pd.DataFrame,
    quarter: str,
    measure: str,
    lang: str,
    ev: pd.DataFrame | None = None,
) -> str:
    """A description of the map image for screen readers, generated from the data."""
    view, canada = _values(panel, provinces, quarter, measure)
    name = f"name_{lang}"
    parts = [
        t(
            "alt_map",
            lang,
            measure=t("m_" + measure, lang),
            quarter=qtr.label(quarter, lang),
        )
    ]
    vals = view.assign(v=[layers.measure_value(r, measure) for _, r in view.iterrows()])
    have = vals[vals["v"].notna()].sort_values("v", ascending=False)
    if len(have):
        top = have.head(3)
        items = ", ".join(
            f"{r[name]} ({format_measure(r['v'], measure, lang)})" for _, r in top.iterrows()
        )
        parts.append(t("alt_high", lang, items=items))
        if len(have) > 3:
            low = have.iloc[-1]
            parts.append(
                t("alt_low", lang, items=f"{low[name]} ({format_measure(low['v'], measure, lang)})")
            )
    missing = len(view) - len(have)
    if missing:
        parts.append(t("alt_nodata", lang, n=missing, total=len(view)))
    parts.append(f"{_canada_word(lang)} {format_measure(canada, measure, lang)}.")
    if ev is not None:
        n = len(events.until(ev, quarter))
        if n:
            parts.append(t("alt_events", lang, n=n))
    return " ".join(parts)


# ---------------------------------------------------------------- inline SVG map


def _lambert(provinces: gpd.GeoDataFrame, tolerance_m: float = 2500.0) -> gpd.GeoSeries:
    lam = provinces.to_crs(LAMBERT).geometry
    return lam.simplify(tolerance_m, preserve_topology=True)


class _Frame:
    """EPSG:3347 metres -> SVG pixels (y down) for a fixed width."""

    def __init__(self, bounds: tuple[float, float, float, float], width: int, pad: int = 8):
        x0, y0, x1, y1 = bounds
        self.k = (width - 2 * pad) / (x1 - x0)
        self.x0, self.y1, self.pad = x0, y1, pad
        self.width = width
        self.height = int(round((y1 - y0) * self.k + 2 * pad))

    def xy(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (x - self.x0) * self.k + self.pad, (self.y1 - y) * self.k + self.pad


def _path_d(geom, frame: _Frame) -> str:
    out = []
    polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            c = shapely.get_coordinates(ring)
            x, y = frame.xy(c[:, 0], c[:, 1])
            pts = [f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True)]
            if len(pts) >= 4:
                out.append("M" + "L".join(pts[:-1]) + "Z")
    return "".join(out)


def _json_script(payload: object) -> str:
    """JSON safe inside <script type=application/json>: no '<', '>' or '&' left raw."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_HTML_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;
margin:0;padding:1rem;color:#1f2430;background:#fff;max-width:1100px}
h1{font-size:1.4rem;margin:0 0 .2rem}
.sub{margin:0 0 .6rem;color:#333}
.wrap{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.map{flex:3 1 520px;min-width:280px}
.map svg{width:100%;height:auto;display:block}
.side{flex:1 1 200px}
.scrub{display:flex;align-items:center;gap:.6rem;margin:.4rem 0}
.scrub input{flex:1;min-width:160px}
#now{font-size:1.15rem;font-weight:700;margin:.2rem 0 .6rem}
path.p{stroke:#fff;stroke-width:.8}
path.p:hover,path.p:focus{stroke:#000;stroke-width:2;outline:none}
path.c{stroke:#3c3c3c;stroke-width:.6}
.legend ul{list-style:none;padding:0;margin:.2rem 0 .6rem}
.legend li{display:flex;align-items:center;gap:.45rem}
.sw{width:1.4rem;height:.9rem;border:1px solid #999;display:inline-block;flex:none}
.nodata{background:repeating-linear-gradient(45deg,#d4d4d4,#d4d4d4 3px,#f2f2f2 3px,#f2f2f2 6px)}
.dot{width:.8rem;height:.8rem;border-radius:50%;display:inline-block;flex:none;box-sizing:border-box}
.dot.ring{background:#fff;border:3px solid}
.source{font-size:.8rem;color:#444;margin-top:.8rem}
table{border-collapse:collapse;font-size:.9rem}
td,th{padding:.15rem .5rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
"""

_HTML_JS = """
(function(){
var D=JSON.parse(document.getElementById('npr-data').textContent);
var r=document.getElementById('q'),now=document.getElementById('now');
var ps=document.querySelectorAll('path.p'),cs=document.querySelectorAll('circle.ev');
var cells=document.querySelectorAll('td.n');
function show(i){
 ps.forEach(function(p,k){p.setAttribute('fill',D.fills[i][k]||'url(#nd)');
  p.querySelector('title').textContent=D.tips[i][k];});
 cs.forEach(function(c){c.style.display=(+c.getAttribute('data-d')<D.qend[i])?'':'none';});
 document.querySelectorAll('path.c').forEach(function(p,k){p.setAttribute('fill',D.cfills[i][k]||'none');
  p.querySelector('title').textContent=D.ctips[i][k];});
 var cy=document.getElementById('cyear');if(cy){cy.textContent=D.cnotes[i];}
 cells.forEach(function(c,k){c.textContent=D.vals[i][k];});
 now.textContent=D.labels[i]+' \\u2014 '+D.canada[i];
 r.setAttribute('aria-valuetext',D.labels[i]);
 document.getElementById('tq').textContent=D.labels[i];
}
r.addEventListener('input',function(){show(+r.value);});
show(+r.value);
})();
"""


def html_view(
    panel: pd.DataFrame,
    provinces: gpd.GeoDataFrame,
    quarters: list[str],
    quarter: str,
    measure: str,
    lang: str,
    breaks: dict[str, classes.Classes] | None = None,
    ev: pd.DataFrame | None = None,
    cmas: CmaLayer | None = None,
    extras: PageExtras | None = None,
) -> str:
    """A self-contained HTML page of the view: no script, style, font or image from
    anywhere else (a Content-Security-Policy says so to the browser too). With `cmas`, the
    CMA layer too: each CMA coloured by the net change of the year containing the quarter.
    `extras`: markup, data and script a caller adds (PageExtras)."""
    check(quarters, quarter, measure)
    breaks = breaks or layers.all_breaks(panel)
    brk = breaks[measure]
    lam = _lambert(provinces)
    frame = _Frame(tuple(float(v) for v in lam.total_bounds), SVG_WIDTH)
    name = f"name_{lang}"
    canada_word = _canada_word(lang)

    fills, tips, vals, canada, labels, qend = [], [], [], [], [], []
    for q in quarters:
        view, can = _values(panel, provinces, q, measure)
        fq, tq, vq = [], [], []
        for _, row in view.iterrows():
            v = layers.measure_value(row, measure)
            fq.append(None if pd.isna(v) else brk.colour_of(v))
            tq.append(layers.province_tip(row, q, lang))
            vq.append(format_measure(v, measure, lang))
        vq.append(format_measure(can, measure, lang))
        fills.append(fq)
        tips.append(tq)
        vals.append(vq)
        canada.append(f"{canada_word} {format_measure(can, measure, lang)}")
        labels.append(qtr.label(q, lang))
        qend.append(int(qtr.after(q).replace("-", "")))
    i0 = quarters.index(quarter)

    svg = {
        "width": frame.width,
        "height": frame.height,
        "alt": alt_text(panel, provinces, quarter, measure, lang, None),
        "provinces": [
            {"fill": fills[i0][k] or "url(#nd)", "code": prov["code"],
             "d": _path_d(lam.loc[idx], frame), "tip": tips[i0][k]}
            for k, (idx, prov) in enumerate(provinces.iterrows())
        ],
        "cmas": [],
        "events": [],
    }  # fmt: skip
    cfills, ctips, cnotes, cma_legend = [], [], [], ""
    if cmas is not None:
        clam = cmas.polygons.to_crs(LAMBERT).geometry
        names = list(cmas.polygons[name])
        held = cmaflows.years(cmas.flows)
        release = str(cmas.flows["release_date"].iloc[0])
        for q in quarters:
            vals_q = cmas.values(q)
            year = cmas.year(q)
            cfills.append([None if pd.isna(v) else cmas.classes.colour_of(v) for v in vals_q])
            ctips.append(
                [layers.cma_tip(n, year, v, held, release, cmas.vintage, lang)
                 for n, v in zip(names, vals_q, strict=True)]
            )  # fmt: skip
            cnotes.append(cmas.note(q, lang))
        svg["cmas"] = [
            {"fill": cfills[i0][k] or "none", "d": _path_d(clam.loc[idx], frame),
             "tip": ctips[i0][k]}
            for k, (idx, _) in enumerate(cmas.polygons.iterrows())
        ]  # fmt: skip
        title = t("cma_layer_title", lang)
        cma_legend = markup.cma_legend(title, cmas.legend_rows(lang), cnotes[i0], inner=True)
    shown_events = ev if ev is not None and len(ev) else None
    if shown_events is not None:
        x, y = projection.to_lambert(
            shown_events["longitude"].to_numpy(), shown_events["latitude"].to_numpy()
        )
        px, py = frame.xy(np.asarray(x), np.asarray(y))
        for i, (_, e) in enumerate(shown_events.iterrows()):
            colour = event_colour(e["event_type"])
            policy = e["event_type"] in events.POLICY_TYPES
            day = int(e["date"].replace("-", ""))
            svg["events"].append(
                {"day": day, "x": f"{px[i]:.1f}", "y": f"{py[i]:.1f}",
                 "fill": "#ffffff" if policy else colour, "stroke": colour,
                 "width": 2 if policy else 1, "hidden": day >= qend[i0],
                 "tip": layers.event_tip(e, lang)}
            )  # fmt: skip
    with_events = shown_events is not None
    legend = markup.legend(brk, measure, lang, with_events, nodata=None, cma=cma_legend)
    rows = [(prov[name], vals[i0][k]) for k, (_, prov) in enumerate(provinces.iterrows())]
    rows.append((t("canada", lang), vals[i0][-1]))
    rel = releases(panel, quarters)
    links = [
        (table_id, statcan.TABLES[table_id].page_url_in(lang))
        for table_id, _ in STATCAN_TABLES.values()
    ]
    source = markup.source_line(
        source_line(lang, rel["npr"]), [*links, ("Natural Earth", NATURAL_EARTH_URL)], "source"
    )
    event_sources = ""
    if with_events:
        items = [markup.event_item(e, lang) for _, e in shown_events.iterrows()]
        event_sources = markup.events(
            items, lang, "sources", heading=t("export_event_sources", lang)
        )

    data = {"fills": fills, "tips": tips, "vals": vals, "canada": canada, "labels": labels,
            "qend": qend, "cfills": cfills, "ctips": ctips, "cnotes": cnotes}  # fmt: skip
    extras = extras or PageExtras()
    if extras.data is not None:
        data["extra"] = extras.data
    doc = str(
        markup.render(
            "export.html",
            lang=lang,
            title=f"{t('app_title', lang)} — {t('m_' + measure, lang)}",
            css=Markup(_HTML_CSS),
            app_title=t("app_title", lang),
            measure_title=t("m_" + measure, lang),
            quarter_word=t("quarter", lang),
            last=len(quarters) - 1,
            i0=i0,
            label=labels[i0],
            canada=canada[i0],
            svg=svg,
            legend=legend,
            table_word=t("export_table", lang),
            rows=rows,
            source=source,
            event_sources=event_sources,
            extra_html=Markup(extras.html),
            data=Markup(_json_script(data)),
            js=Markup(_HTML_JS),
            extra_js=Markup(extras.js),
        )
    )
    if len(doc.encode("utf-8")) > MAX_HTML_BYTES:
        raise ExportError(f"the HTML export would exceed {MAX_HTML_BYTES} bytes")
    return doc


# ---------------------------------------------------------------- PNG and SVG


def figure(
    panel: pd.DataFrame,
    provinces: gpd.GeoDataFrame,
    quarter: str,
    measure: str,
    lang: str,
    breaks: dict[str, classes.Classes] | None = None,
    ev: pd.DataFrame | None = None,
    cmas: CmaLayer | None = None,
):
    """A matplotlib Figure of the view (FIG_SIZE inches): title, map in EPSG:3347,
    legend with numbers and a no-data swatch, source line with release dates; with `cmas`,
    the CMA layer and its own legend and note."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    breaks = breaks or layers.all_breaks(panel)
    brk = breaks[measure]
    view, canada = _values(panel, provinces, quarter, measure)
    lam = provinces.to_crs(LAMBERT).reset_index(drop=True)
    vals = [layers.measure_value(r, measure) for _, r in view.iterrows()]
    lam["v"] = vals
    fig = Figure(figsize=FIG_SIZE, dpi=DPI)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0.02, 0.17, 0.70, 0.68))
    ax.set_axis_off()
    have = lam[lam["v"].notna()]
    none = lam[lam["v"].isna()]
    if len(have):
        have.plot(
            ax=ax,
            color=[brk.colour_of(v) for v in have["v"]],
            edgecolor="white",
            linewidth=0.5,
        )
    if len(none):
        none.plot(ax=ax, facecolor=NO_DATA, edgecolor="white", hatch="////", linewidth=0.5)
    fills = [NO_DATA if pd.isna(v) else brk.colour_of(v) for v in vals]
    _draw_labels(ax, lam, dict(zip(lam["code"], fills, strict=True)), lang)
    handles = [
        Patch(facecolor=c or NO_DATA, edgecolor="#999999", hatch=None if c else "////",
              label=label)
        for c, label in legend_rows(brk, measure, lang)
    ]  # fmt: skip
    cma_note = ""
    if cmas is not None:
        clam = cmas.polygons.to_crs(LAMBERT).reset_index(drop=True)
        cv = cmas.values(quarter)
        clam.plot(
            ax=ax,
            color=["none" if pd.isna(v) else cmas.classes.colour_of(v) for v in cv],
            edgecolor="#3c3c3c",
            linewidth=0.3,
            zorder=2,
        )
        cma_note = cmas.note(quarter, lang)
        if cmas.year(quarter):
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor="none",
                    label="\n".join(textwrap.wrap(t("cma_layer_title", lang), 28)),
                )
            )
            handles += [
                Patch(facecolor=c, edgecolor="#999999", label=label)
                for c, label in cmas.legend_rows(lang)
            ]
    n_events = 0
    if ev is not None:
        shown = events.until(ev, quarter)
        n_events = len(shown)
        if n_events:
            x, y = projection.to_lambert(
                shown["longitude"].to_numpy(), shown["latitude"].to_numpy()
            )
            colours = np.array([event_colour(e) for e in shown["event_type"]])
            policy = shown["event_type"].isin(events.POLICY_TYPES).to_numpy()
            ax.scatter(x[~policy], y[~policy], s=10, c=colours[~policy], edgecolors="white",
                       linewidths=0.4, zorder=3)  # fmt: skip
            # policy changes as rings, as on the map and in its legend
            ax.scatter(x[policy], y[policy], s=12, c="white", edgecolors=colours[policy],
                       linewidths=1.2, zorder=4)  # fmt: skip
            for (_, types), (colour, ring, label) in zip(
                EVENT_GROUPS, markup.event_groups(lang), strict=True
            ):
                if shown["event_type"].isin(types).any():
                    handles.append(
                        Line2D([], [], marker="o", linestyle="", markersize=5,
                               markerfacecolor="white" if ring else colour,
                               markeredgecolor=colour if ring else "white",
                               markeredgewidth=1.2 if ring else 0.6, label=label)
                    )  # fmt: skip
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.72, 0.84),
        frameon=False,
        fontsize=7.5,
        title="\n".join(textwrap.wrap(t("m_" + measure, lang), 28)),
        title_fontsize=8,
        alignment="left",
    )
    fig.text(0.03, 0.955, t("app_title", lang), fontsize=14, weight="bold", va="top")
    sub = f"{t('m_' + measure, lang)} · {qtr.label(quarter, lang)}"
    fig.text(0.03, 0.905, sub, fontsize=10, va="top")
    can = f"{_canada_word(lang)} {format_measure(canada, measure, lang)}"
    fig.text(0.03, 0.87, can, fontsize=9, va="top", color="#333333")
    rel = releases(panel, [quarter])
    src = source_line(lang, rel["npr"])
    if n_events:
        src += " " + t("export_events_note", lang, n=n_events)
    if cma_note:
        src += " " + cma_note
    fig.text(0.03, 0.03, "\n".join(textwrap.wrap(src, 120)), fontsize=6.5, va="bottom",
             color="#333333")  # fmt: skip
    return fig


LABEL_PT = 6.5  # province label size in the figure, points


def _draw_labels(ax, lam: gpd.GeoDataFrame, fills: dict[str, str], lang: str) -> None:
    """Province labels as on the app's map: placed by geo.labels in the axes' pixels at
    the figure's size (full names where they fit, then two lines, a leader line, the
    code), white text with a dark halo over dark fills (classes.is_dark)."""
    from matplotlib import patheffects

    ax.apply_aspect()
    box = ax.get_window_extent()  # display px at DPI, y up
    mid = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    to_disp, to_data = ax.transData.transform, ax.transData.inverted().transform

    def px(c: np.ndarray) -> np.ndarray:  # data -> px from the axes' centre, y down
        d = to_disp(c) - mid
        return np.column_stack([d[:, 0], -d[:, 1]])

    def data(p: tuple[float, float]) -> tuple[float, float]:
        x, y = to_data(np.array([[p[0] + mid[0], mid[1] - p[1]]]))[0]
        return float(x), float(y)

    shapes = dict(zip(lam["code"], shapely.transform(lam.geometry.to_numpy(), px), strict=True))
    anchors = {code: tuple(px(np.array([a]))[0]) for code, a in layers.lambert_anchors(lam).items()}
    names = dict(zip(lam["code"], lam[f"name_{lang}"], strict=True))
    placed = labels.place(
        shapes, anchors, names, (box.width, box.height), LABEL_PT * DPI / 72, short=False
    )
    for code, p in placed.items():
        dark = p.on_fill and classes.is_dark(fills[code])
        if p.leader:
            (x0, y0), (x1, y1) = data(p.leader[0]), data(p.leader[1])
            ax.plot([x0, x1], [y0, y1], color="#282828", linewidth=0.4, zorder=4)
        style = {
            "ha": "center",
            "va": "center",
            "multialignment": "center",
            "fontsize": LABEL_PT,
            "weight": "bold",
            "linespacing": labels.LINE_EM,
        }
        # the halo alone (a path), then the text on it with no effect, so that the SVG
        # keeps it as text
        halo = patheffects.Stroke(linewidth=1.5, foreground="#0f142d" if dark else "white")
        ax.text(*data(p.centre), p.text, path_effects=[halo], zorder=5, **style)
        ax.text(
            *data(p.centre),
            p.text,
            color="white" if dark else "#141414",
            zorder=5,
            gid=f"label-{code}",
            **style,
        )


def _save(fig, fmt: str) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "hatch.linewidth": 0.5}):
        meta = {"Date": None} if fmt == "svg" else {}
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=meta)
    return buf.getvalue()


def png_bytes(*args, **kwargs) -> bytes:
    """The view as a 300 dpi PNG (FIG_SIZE x DPI pixels); same arguments as figure()."""
    return _save(figure(*args, **kwargs), "png")


def svg_bytes(*args, **kwargs) -> bytes:
    """The view as SVG with real text (fonts not outlined); same arguments as figure()."""
    return _save(figure(*args, **kwargs), "svg")


# ---------------------------------------------------------------- one entry point


def export(
    fmt: str,
    panel: pd.DataFrame,
    provinces: gpd.GeoDataFrame,
    quarter: str,
    measure: str,
    lang: str,
    ev: pd.DataFrame | None = None,
    breaks: dict[str, classes.Classes] | None = None,
    cmas: CmaLayer | None = None,
) -> bytes:
    """The file for a view in one of FORMATS, as bytes. ExportError on bad input."""
    quarters = metrics.quarters(panel)
    check(quarters, quarter, measure)
    if lang not in i18n.LANGS:
        raise ExportError(f"unknown language {lang!r}; available: {', '.join(i18n.LANGS)}")
    if fmt == "csv":
        return table_csv(panel, provinces, quarter, lang)
    if fmt == "html":
        doc = html_view(panel, provinces, quarters, quarter, measure, lang, breaks, ev, cmas)
        return doc.encode("utf-8")
    if fmt == "png":
        return png_bytes(panel, provinces, quarter, measure, lang, breaks, ev, cmas)
    if fmt == "svg":
        return svg_bytes(panel, provinces, quarter, measure, lang, breaks, ev, cmas)
    raise ExportError(f"unknown format {fmt!r}; available: {', '.join(FORMATS)}")
