"""The shipped data and what is built from it, loaded once per process and shared by every
session (st.cache_resource: read-only, never copied)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo import DATA_DIR, ROOT, cmaflows, data, export, layers, markup, metrics, safe, story
from geo.i18n import t
from ui.notices import notice
from ui.url import current_lang

STATIC_DIR = ROOT / "static" / "generated"


@st.cache_resource(show_spinner=False)
def loaded() -> data.Bundle:
    """The shipped data, loaded once per process (raises data.LoadError; pages call
    bundle(), which explains that to the visitor)."""
    return data.load(DATA_DIR)


def bundle() -> data.Bundle:
    """The shipped data, loaded once per process; a clear page and stop when it is broken."""
    try:
        b = loaded()
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
    b = loaded()
    quarters = metrics.quarters(b.panel)
    return layers.write_static(STATIC_DIR, b, quarters, breaks())


@dataclass(frozen=True)
class QuarterFrames:
    view: pd.DataFrame  # metrics.province_view
    canada: dict  # metrics.canada_view
    table: pd.DataFrame  # metrics.table
    moves: pd.DataFrame  # metrics.biggest_changes of the view
    releases: tuple[str, ...]  # Canada's NPR release, then the provinces' (source line)
    provincial: bool  # some province has an NPR figure


@st.cache_resource(show_spinner=False)
def quarter_frames() -> dict[str, QuarterFrames]:
    """Every quarter's joined frames, computed once per process: scrubbing only looks up."""
    b = loaded()
    out = {}
    for q in metrics.quarters(b.panel):
        view = metrics.province_view(b.panel, b.provinces, q)
        canada = metrics.canada_view(b.panel, q)
        out[q] = QuarterFrames(
            view,
            canada,
            metrics.table(b.panel, b.provinces, q),
            metrics.biggest_changes(view),
            (canada.get("npr_release_date") or "", *view["npr_release_date"].dropna()),
            bool(view["npr_total"].notna().any()),
        )
    return out


@st.cache_resource(show_spinner=False)
def all_releases() -> pd.DataFrame:
    """NPR rows of the current release and of every earlier one (story.all_releases)."""
    return story.all_releases(loaded())


@st.cache_resource(show_spinner=False)
def breaks() -> dict:
    b = loaded()
    return layers.all_breaks(b.panel, b.cma_flows)


@st.cache_resource(show_spinner=False)
def cma_layer() -> export.CmaLayer:
    """The CMA layer as the legend and the exports draw it, built once per process."""
    b = loaded()
    return export.CmaLayer(b.cma_polygons, b.cma_flows, breaks()[cmaflows.MEASURE], b.cma_estimates)


def warm() -> str | None:
    """Load the data and build every per-process cache now (serve.py, before the server
    listens). Returns None, or why the data cannot be loaded (the first page explains it
    to a visitor too)."""
    try:
        loaded()
    except data.LoadError as e:
        return str(e)
    static_files()  # the layer files, marked in use: the pruning keeps them
    layers.prune_static(STATIC_DIR)  # a table's CSV pruned is written again when built
    breaks()
    quarter_frames()
    markup.warm()
    return None
