"""Streamlit glue shared by the pages: cached data, language, URL notices, common HTML.

Everything that is not Streamlit lives in geo/.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from markupsafe import Markup

from geo import (
    DATA_DIR,
    ROOT,
    cmaflows,
    data,
    export,
    htmltable,
    i18n,
    layers,
    markup,
    metrics,
    safe,
    site,
    state,
    story,
    style,
    vintages,
)
from geo import quarters as qtr
from geo.i18n import t

STATIC_DIR = ROOT / "static" / "generated"


@st.cache_resource(show_spinner=False)
def _load() -> data.Bundle:
    return data.load(DATA_DIR)


def bundle() -> data.Bundle:
    """The shipped data, loaded once per process; a clear page and stop when it is broken."""
    try:
        b = _load()
    except data.LoadError as e:
        lang = current_lang()
        notice(str(e), "error", title=t("data_error_title", lang))
        notice(t("data_error_fix", lang, command="git checkout -- data/ · make test"), "info")
        st.stop()
    if b.event_problems:
        lang = current_lang()
        shown = "; ".join(safe.shorten(p, 160) for p in b.event_problems[:3])
        notice(t("events_skipped", lang, n=len(b.event_problems), problems=shown))
    return b


@st.cache_resource(show_spinner=False)
def static_files() -> layers.StaticFiles:
    b = _load()
    quarters = metrics.quarters(b.panel)
    return layers.write_static(STATIC_DIR, b, quarters, breaks())


@dataclass(frozen=True)
class QuarterFrames:
    view: pd.DataFrame  # metrics.province_view
    canada: dict  # metrics.canada_view
    table: pd.DataFrame  # metrics.table
    moves: pd.DataFrame  # metrics.biggest_changes of the view


@st.cache_resource(show_spinner=False)
def quarter_frames() -> dict[str, QuarterFrames]:
    """Every quarter's joined frames, computed once per process: scrubbing only looks up."""
    b = _load()
    out = {}
    for q in metrics.quarters(b.panel):
        view = metrics.province_view(b.panel, b.provinces, q)
        out[q] = QuarterFrames(
            view,
            metrics.canada_view(b.panel, q),
            metrics.table(b.panel, b.provinces, q),
            metrics.biggest_changes(view),
        )
    return out


@st.cache_resource(show_spinner=False)
def all_releases() -> pd.DataFrame:
    """NPR rows of the current release and of every earlier one (story.all_releases)."""
    return story.all_releases(_load())


def revisions_section(dguid: str, place: str, quarter: str | None, lang: str) -> None:
    """'How the estimates were revised': a sentence read from the data, a chart with one
    line per release, and the same figures as a table."""
    b = _load()
    rev = vintages.revisions(b.npr, b.vintages, dguid)
    st.subheader(t("rev_title", lang))
    st.caption(t("rev_intro", lang))
    revised = vintages.revised_quarters(rev)
    if not revised:
        st.caption(t("rev_none", lang))
        return
    q = quarter if quarter in revised else vintages.most_revised_quarter(rev)
    st.markdown(
        markup.tag("p", vintages.sentence(rev, q, place, lang), class_="revision-sentence"),
        unsafe_allow_html=True,
    )
    from geo import charts  # altair: only the pages that chart pay for its import

    st.altair_chart(charts.revisions_chart(rev, lang), width="stretch")
    with st.expander(t("rev_table_caption", lang, place=place)):
        st.dataframe(vintages.table(rev, lang), hide_index=True, width="stretch")


@st.cache_resource(show_spinner=False)
def breaks() -> dict:
    b = _load()
    return layers.all_breaks(b.panel, b.cma_flows)


def warm() -> str | None:
    """Load the data and build every per-process cache now (serve.py, before the server
    listens). Returns None, or why the data cannot be loaded (the first page explains it
    to a visitor too)."""
    try:
        _load()
    except data.LoadError as e:
        return str(e)
    static_files()
    breaks()
    quarter_frames()
    markup.warm()
    return None


@st.fragment(run_every=datetime.timedelta(minutes=15))
def rerun_after_reconnect() -> None:
    """Draws nothing. A page that holds a timed fragment asks for a full run whenever its
    WebSocket reconnects (Streamlit's frontend otherwise assumes the server kept its
    session). When the server it reconnects to is a new process (another replica behind
    nginx, or a restart), that run rebuilds the view from the URL; without it the page
    would sit on its last frame with an empty session behind it. The timer itself only
    reruns this empty fragment, every 15 minutes."""


@contextmanager
def timing(name: str):
    """Append the block's run time (ms) to $NPR_TIMING_LOG when set: used by `make bench`."""
    path = os.environ.get("NPR_TIMING_LOG")
    t0 = time.perf_counter()
    try:
        yield
    finally:
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"{name} {(time.perf_counter() - t0) * 1000:.2f}\n")


@dataclass(frozen=True)
class MapTable:
    html: str  # the sortable table, escaped
    frame: pd.DataFrame  # the same numbers, for the CSV
    source: str


@functools.lru_cache(maxsize=256)
def map_table(quarter: str, measure: str, lang: str) -> MapTable:
    """The map page's table for one view, built once and reused by every session."""
    table = quarter_frames()[quarter].table
    cols = ["code", f"name_{lang}", "npr_total", "npr_per_100", "change_prev", "population"]
    if measure not in cols:
        cols.append(measure)
    shown = table[cols]
    labels = {
        "code": "",
        f"name_{lang}": t("name", lang),
        "npr_total": t("m_npr_total", lang),
        "npr_per_100": t("m_npr_per_100", lang),
        "change_prev": t("change_prev_short", lang),
        "population": t("population", lang),
        measure: t("m_" + measure, lang),
    }
    formats = {c: (lambda v, c=c: style.format_measure(v, c, lang)) for c in cols[2:]}
    caption = t("table_caption", lang, quarter=qtr.label(quarter, lang))
    html_ = htmltable.sortable_table(
        shown, labels, formats, caption, t("no_data", lang), t("sort_hint", lang)
    )
    source = source_line(lang, list(table["npr_release_date"].dropna()))
    return MapTable(html_, shown.rename(columns={f"name_{lang}": "name"}), source)


@functools.lru_cache(maxsize=256)
def narration(quarter: str, lang: str) -> str:
    """The quarter's largest provincial changes since the previous quarter, or Canada's,
    as escaped HTML ("Ontario: +48,200 NPRs since last quarter")."""
    frames = quarter_frames()[quarter]
    rows = [(r[f"name_{lang}"], r["change_prev"]) for _, r in frames.moves.iterrows()]
    if not rows and not pd.isna(frames.canada.get("change_prev")):
        rows = [(t("canada", lang), frames.canada["change_prev"])]
    return markup.narration(rows, lang)


@functools.lru_cache(maxsize=1024)
def map_deck(
    quarter: str,
    measure: str,
    chosen: tuple[str, ...],
    lang: str,
    selected: str | None,
    fit_width: int,
    height: int = 560,
    cma: str | None = None,
):
    """The map's deck for one view (pure in its arguments), built and serialized once per
    process: st.pydeck_chart calls to_json() on every run."""
    deck = layers.deck(
        static_files(),
        quarter,
        measure,
        chosen,
        lang,
        selected=selected,
        fit_width=fit_width,
        height=height,
        selected_cma=cma,
    )
    deck.to_json = functools.cache(deck.to_json)
    return deck


def sync_url(new: dict[str, str], seen_key: str) -> None:
    """Make the URL's parameters (other than lang, which app.py keeps) equal `new`, writing
    only when the view changed; session_state[seen_key] remembers what was written."""
    seen = {k: vals[-1] for k, vals in st.session_state.get(seen_key, {}).items() if vals}
    if new == seen:
        return
    keep = {k: st.query_params[k] for k in ("lang", "size") if k in st.query_params}
    st.query_params.from_dict({**new, **keep})  # one message to the browser
    st.session_state[seen_key] = {k: [val] for k, val in new.items()}


def bound(name: str, lang: str, then=None) -> dict:
    """Keyword arguments (key, on_change) for a widget that shows and edits the view value
    st.session_state[name], the one source of truth, which no widget owns.

    Streamlit keeps a widget's value as its formatted label: after a language switch an
    English label matches no French option (the measure box kept its label, the slider
    fell back to its first quarter), and it deletes the state of a widget that a run did
    not draw (the layers in the popover, after Play). So the widget has its own key per
    language, is given the view value before each draw, and copies a change back (then
    calls `then`)."""
    key = f"w_{name}_{lang}"
    value = st.session_state[name]
    st.session_state[key] = list(value) if isinstance(value, (list, tuple)) else value

    def changed() -> None:
        st.session_state[name] = st.session_state[key]
        if then is not None:
            then()

    return {"key": key, "on_change": changed}


def query_dict() -> dict[str, list[str]]:
    """The URL's parameters, less ?size= (how large to draw, not what: see map_size)."""
    return {k: st.query_params.get_all(k) for k in st.query_params if k != "size"}


def embed_requested() -> bool:
    """True for ?embed=true. Streamlit reserves ?embed= for its own embed mode (no header,
    toolbar or padding) and hides it from st.query_params (it cannot be set either), so
    it is read from the raw query string of this run."""
    from urllib.parse import parse_qs

    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        query = (ctx.query_string if ctx else "") or ""
    except Exception:  # noqa: BLE001 - an internal API: fall back to "not embedded"
        return False
    values = parse_qs(query).get("embed", [])
    return bool(state.flag(values[-1] if values else ""))


def is_phone() -> bool:
    """True when the browser says it is a phone (User-Agent)."""
    agent = (st.context.headers or {}).get("User-Agent", "")
    return any(m in agent for m in ("Mobi", "Android", "iPhone"))


def map_size() -> tuple[int, int]:
    """(px of width to fit Canada in, map height in px): smaller when the browser says it
    is a phone (User-Agent), layers.LARGE times the desktop map's with ?size=large (a
    projector: the server cannot know the screen's size); labels reach a little past the
    fitted width. The URL keeps ?size= (sync_url)."""
    if is_phone():
        return layers.MAP_SIZES["phone"]
    w, h = layers.MAP_SIZES["desktop"]
    if st.query_params.get("size", "").strip().lower() == "large":
        return round(w * layers.LARGE), round(h * layers.LARGE)
    return w, h


def current_lang() -> str:
    """Language from the session (set by the sidebar switch) or the URL."""
    if "lang" in st.session_state and st.session_state["lang"] in i18n.LANGS:
        return st.session_state["lang"]
    lang, _ = state.parse_lang(query_dict())
    return lang


NOTICE_STYLE = {  # kind: (background, left border, text colour, sign)
    "warning": ("#fff8e1", "#b26a00", "#4a2c00", "⚠"),
    "error": ("#fdecea", "#b3261e", "#5f1410", "⛔"),
    "info": ("#e8f1fb", "#0b5cad", "#0d2a4a", "ℹ"),
}


def notice(body: str, kind: str = "warning", title: str | None = None) -> None:
    """A notice box whose text stays text: whatever it holds (a value from the URL, a row
    of a data file, an error message) is HTML-escaped and rendered with st.html, which
    reads no Markdown, so nothing in it becomes a link, an image, colour or markup."""
    bg, border, colour, sign = NOTICE_STYLE[kind]
    look = {"bg": bg, "border": border, "colour": colour, "sign": sign}
    st.html(markup.render("notice.html", kind=kind, title=title, body=body, **look))


def show_notices(notices: list[state.Notice], lang: str) -> None:
    """One notice per URL parameter that was not valid, its value cut to one short line."""
    for n in notices:
        fallback = n.fallback or t("default", lang)
        notice(
            t(
                "bad_param",
                lang,
                name=safe.shorten(n.name, 40),
                value=safe.shorten(n.value),
                fallback=safe.shorten(fallback),
            )
        )


def esc(value: object) -> str:
    return safe.html(value)


def headline_html(figures: list[tuple[str, str]], narration_html: str, lang: str) -> str:
    """Canada's headline numbers in one row that wraps on a phone, then the narration
    (already escaped). figures: (i18n key of the label, formatted value)."""
    return markup.headline(figures, Markup(narration_html), lang)


def legend_html(breaks_, measure: str, lang: str, with_events: bool) -> str:
    """Legend with numbers (class ranges), a no-data swatch and the event colours."""
    return markup.legend(breaks_, measure, lang, with_events)


@functools.lru_cache(maxsize=256)
def cma_legend_html(quarter: str, lang: str) -> str:
    """The CMA layer's legend: the year it shows for `quarter` (or that none holds a figure
    for it), its diverging classes with numbers, and the vintage it belongs to."""
    layer = cma_layer()
    rows = layer.legend_rows(lang) if layer.year(quarter) else []
    return markup.cma_legend(t("cma_layer_title", lang), rows, layer.note(quarter, lang))


CSS = """
<style>
.legend{font-size:0.9rem;line-height:1.5}
.legend ul{list-style:none;padding:0;margin:0.2rem 0 0.6rem 0}
.legend li{display:flex;align-items:center;gap:0.45rem;margin:0}
.legend .sw{width:1.55em;height:1em;border:1px solid #999;display:inline-block;flex:none}
.legend .dot{width:0.9em;height:0.9em;border-radius:50%;display:inline-block;flex:none;border:2px solid transparent}
.legend .dot.ring{background:#fff;border-width:3px;border-style:solid}
.app-title{font-size:1.8rem !important;padding:0 0 0.3rem 0 !important}
[data-testid="stMainBlockContainer"]{padding-top:2.5rem}
.headline{display:flex;flex-wrap:wrap;gap:0.4rem 2.5rem;margin:0.2rem 0 0.4rem 0}
.hl-label{font-size:0.9rem;color:#333}
.hl-value{font-size:2rem;line-height:1.15;font-variant-numeric:tabular-nums}
.narration{margin:0.2rem 0 0 0}
.notice{background:#e8f1fb;border-radius:0.5rem;padding:0.7rem 1rem;color:#123;margin:0.3rem 0}
@media (max-width:640px){.hl-value{font-size:1.45rem}.headline{gap:0.3rem 1.4rem}.app-title{font-size:1.35rem !important}
 [data-testid="stMainBlockContainer"]{padding-top:4rem}}
.quarter-now{font-size:1.35rem;font-weight:700;margin:0}
.source-line{font-size:0.8rem;color:#444}
@media (prefers-reduced-motion: reduce){.st-key-play{display:none}}
@media (prefers-reduced-motion: no-preference){.reduced-motion-note{display:none}}
@media (min-width:641px){
 [data-testid="stDeckGlJsonChart"] div:has(.deck-tooltip){overflow:visible !important}
 [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]){z-index:5}
}
</style>
"""

EMBED_CSS = """
<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],header,
[data-testid="stToolbar"],footer{display:none !important}
.block-container,[data-testid="stMainBlockContainer"]{padding:0.4rem 0.6rem 0.2rem !important}
.embed-title{font-size:1.2rem;font-weight:700;line-height:1.2;margin:0}
.embed-measure{font-size:0.95rem;margin:0}
.quarter-now{font-size:1.05rem !important}
.legend{font-size:0.8rem;line-height:1.25}
.legend ul{margin-bottom:0.2rem}
.source-line{font-size:0.72rem;line-height:1.35;margin:0.1rem 0}
.embed-full{margin:0.2rem 0;font-weight:600}
[data-testid="stVerticalBlock"]{gap:0.35rem}
[data-testid="stSliderThumbValue"]{display:none}
.legend>strong:first-child{position:absolute;left:-9999px}
.stButton button{min-height:2.1rem;padding-top:0.15rem;padding-bottom:0.15rem}
@media (max-width:640px){.legend ul{display:flex;flex-wrap:wrap;gap:0 0.9rem}
 .embed-title{font-size:1rem}}
</style>
"""


# In an embed: tell the article the page's height whenever it changes, so that the
# article's script (geo.export.EMBED_RESIZE_JS) fits the iframe to it.
EMBED_HEIGHT_JS = """<script>
(function () {
  var w = window;
  if (w.parent === w || w.__nprEmbedHeight) return;
  var last = 0;
  function send() {
    var main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    var h = Math.ceil(main.getBoundingClientRect().top + w.scrollY + main.scrollHeight) + 2;
    if (Math.abs(h - last) < 2) return;
    last = h;
    w.parent.postMessage({type: 'MESSAGE', height: h}, '*');
  }
  w.__nprEmbedHeight = new ResizeObserver(send);
  function watch() {
    var main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (main) w.__nprEmbedHeight.observe(main); else setTimeout(watch, 200);
  }
  watch();
})();
</script>""".replace("MESSAGE", export.EMBED_MESSAGE)


def page_css(embed: bool = False) -> None:
    st.html(CSS + (EMBED_CSS if embed else ""))
    if embed:
        st.html(EMBED_HEIGHT_JS, unsafe_allow_javascript=True)


def source_line(lang: str, releases: list[str]) -> str:
    return export.source_line(lang, releases)


def csv_with_source(df: pd.DataFrame, source: str) -> bytes:
    """CSV text preceded by '# ' lines naming the source (geo.export.csv_with_source)."""
    return export.csv_with_source(df, source)


# ---------------------------------------------------------------- share, embed, export


def _page_url() -> str | None:
    """The address of the current page as the browser sees it (no query), if known."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest, bare mode)
        return None
    return url if url and url.startswith(("http://", "https://")) else None


def share_panel(
    view_params: dict[str, str],
    lang: str,
    title: str,
    *,
    citation: str | None = None,
    key: str = "share",
    expanded: bool = False,
    static_page: tuple[str, bool, str] | None = None,
) -> None:
    """Share, embed and cite the current page's view, in an expander.

    view_params: the page's URL parameters for the view (e.g. state.to_params(view));
    'lang' is added for French. title: the iframe title and the citation's title.
    citation: the text to cite; by default built from the params (quarter, measure,
    events shown unless layers exclude them) with geo.export.citation.
    static_page: (measure, with CMAs, quarter) to offer the static embed of (geo.site)."""
    params = {k: str(v) for k, v in view_params.items() if k not in ("embed", "lang")}
    if lang != "en":
        params["lang"] = lang
    base = _page_url()
    link = export.view_url(base, params)
    embed_url = export.view_url(base, params, embed=True)
    with st.expander(t("share_title", lang), expanded=expanded):
        st.markdown(f"**{esc(t('share_link', lang))}**")
        st.code(link, language=None, wrap_lines=True)
        if base is None:
            st.caption(t("share_relative", lang))
        st.markdown(f"**{esc(t('embed_code', lang))}**")
        presets = dict(export.EMBED_PRESETS)
        choice = st.segmented_control(
            t("embed_size", lang),
            list(presets),
            default="responsive",
            format_func=lambda k: t("embed_size_" + k, lang, **_size_words(presets[k])),
            key=f"{key}_size_{lang}",
        )
        size = presets.get(choice or "responsive")
        st.code(export.embed_code(embed_url, title, lang, size), language="html", wrap_lines=True)
        if static_page is not None:
            static_embed(*static_page, lang, title)
        if st.toggle(t("embed_preview", lang), key=f"{key}_preview"):
            if base is None:
                st.info(t("embed_no_preview", lang))
            else:
                width, height = size or (None, export.EMBED_HEIGHTS[-1][1])
                st.iframe(embed_url, width=width or "stretch", height=height)
        st.markdown(f"**{esc(t('citation', lang))}**")
        if citation is None:
            citation = default_citation(params, lang, title, link if base else None)
        st.code(citation, language=None, wrap_lines=True)


def _size_words(size: tuple[int, int] | None) -> dict[str, int]:
    return {"width": size[0], "height": size[1]} if size else {}


@st.cache_resource(ttl=60, show_spinner=False)  # read-only: shared, not copied
def static_manifest(site_url: str) -> dict | str:
    """The hosted static site's manifest.json (geo.site), or why it cannot be read."""
    url = site.page_url(site_url, site.MANIFEST)
    if urlsplit(url).scheme not in ("http", "https"):
        return f"{site.ENV_URL} is not an http(s) address"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            manifest = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as e:  # unreachable, HTTP error, not JSON
        return f"{type(e).__name__}: {e}"
    if not isinstance(manifest, dict) or not isinstance(manifest.get("pages"), list):
        return "not a manifest of geo build-site"
    return manifest


def static_embed(measure: str, cmas: bool, quarter: str, lang: str, title: str) -> None:
    """The static embed of the view: an iframe of the page for the measure and language on
    the site at $NPR_STATIC_SITE_URL, opening at the quarter; or how to build and host it."""
    st.markdown(f"**{esc(t('static_embed', lang))}**")
    code = {"build": site.BUILD_COMMAND, "env": site.ENV_URL}

    def with_code(key: str) -> Markup:  # the text escaped, the commands in <code>
        text = Markup.escape(t(key, lang, **{k: f"{{{k}}}" for k in code}))
        return text.format(**{k: markup.tag("code", v) for k, v in code.items()})

    site_url = os.environ.get(site.ENV_URL, "").strip()
    if not site_url:
        st.html(markup.tag("p", with_code("static_embed_unset"), class_="source-line"))
        return
    manifest = static_manifest(site_url)
    if isinstance(manifest, str):
        text = t("static_embed_unreadable", lang, url=site.page_url(site_url, site.MANIFEST),
                 reason=manifest)  # fmt: skip
        st.html(markup.tag("p", text, class_="notice", role="note"))
        return
    with_cmas = cmas and measure in site.CMA_MEASURES
    file = site.page_for(manifest, measure, lang, with_cmas)
    if file is None:
        st.html(markup.tag("p", with_code("static_embed_missing"), class_="notice", role="note"))
        return
    st.caption(t("static_embed_help", lang))
    if cmas and not with_cmas:
        st.caption(t("static_embed_no_cmas", lang))
    snippet = site.embed_code(site.page_url(site_url, file, quarter), title, lang)
    st.code(snippet, language="html", wrap_lines=True)


def default_citation(params: dict[str, str], lang: str, title: str, url: str | None) -> str:
    b = bundle()
    quarters = metrics.quarters(b.panel)
    parsed = state.parse(params, quarters).view
    ev = b.events if "events" in parsed.layers else None
    return export.citation(b.panel, ev, parsed.quarter, parsed.measure, lang, title, url)


@st.cache_resource(show_spinner=False, max_entries=64)  # bytes: shared, never copied
def export_file(
    fmt: str, quarter: str, measure: str, lang: str, with_events: bool, with_cmas: bool = False
) -> bytes:
    """One export of a view (geo.export.export), cached per quarter/measure/lang/layers."""
    b = _load()
    ev = b.events if with_events else None
    cmas = cma_layer() if with_cmas else None
    return export.export(fmt, b.panel, b.provinces, quarter, measure, lang, ev, breaks(), cmas)


@st.cache_resource(show_spinner=False)
def cma_layer() -> export.CmaLayer:
    """The CMA layer as the legend and the exports draw it, built once per process."""
    b = _load()
    return export.CmaLayer(b.cma_polygons, b.cma_flows, breaks()[cmaflows.MEASURE], b.cma_estimates)


EXPORT_MIME = {
    "html": "text/html",
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
}


def export_panel(
    quarter: str, measure: str, lang: str, with_events: bool, with_cmas: bool = False
) -> None:
    """Download buttons for HTML, PNG, SVG and CSV of the view. Files are generated only
    when a button is clicked (deferred data), so scrubbing stays fast."""
    with st.expander(t("exports_title", lang)):
        st.caption(t("exports_help", lang))
        cols = st.columns(4)
        for col, fmt in zip(cols, export.FORMATS, strict=True):
            col.download_button(
                t("dl_" + fmt, lang),
                data=lambda f=fmt: export_file(f, quarter, measure, lang, with_events, with_cmas),
                file_name=f"npr-{measure}-{quarter}-{lang}.{fmt}",
                mime=EXPORT_MIME[fmt],
                key=f"dl_{fmt}",
                on_click="ignore",
                width="stretch",
            )
        b = bundle()
        alt = export.alt_text(
            b.panel, b.provinces, quarter, measure, lang, b.events if with_events else None
        )
        st.markdown(f"**{esc(t('alt_text', lang))}**")
        st.code(alt, language=None, wrap_lines=True)
