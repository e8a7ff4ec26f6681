"""The map page's per-view parts (views/map.py): its table, its narration, its deck and
side per quarter, each built once per process for a view and shared by every session;
the page sends every quarter's at once (scrub, tables) and the browser switches them."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st
from markupsafe import Markup

from geo import export, htmltable, i18n, layers, markup, metrics, state, style
from geo import quarters as qtr
from geo.classes import Classes
from geo.i18n import t
from ui.cache import STATIC_DIR, QuarterFrames, breaks, loaded, quarter_frames, static_files
from ui.html import cma_legend_html


class MapViews:
    """The map's table, narration, side and every quarter's parts for each view asked for,
    kept per process (see map_views) in bounded caches that live and are cleared with it."""

    def __init__(
        self,
        frames: dict[str, QuarterFrames],
        files: layers.StaticFiles,
        breaks: dict[str, Classes],
        out_dir: Path,
    ):
        self.frames = frames
        self.files = files
        self.breaks = breaks  # each measure's classes (the legend)
        self.out_dir = out_dir  # where the tables' CSV files are written (static/generated)
        self.table = functools.lru_cache(maxsize=256)(self._table)
        self.narration = functools.lru_cache(maxsize=256)(self._narration)
        self.side = functools.lru_cache(maxsize=1024)(self._side)
        self._scrub_of = functools.lru_cache(maxsize=128)(self._scrub)
        self._sides_of = functools.lru_cache(maxsize=256)(self._sides)
        self.tables = functools.lru_cache(maxsize=32)(self._tables)

    def _table(self, quarter: str, measure: str, lang: str) -> Markup:
        """The map page's table for one view, then a link to the same numbers as a CSV file
        (with its source lines; written once, served as a static file: a scrub step sends
        no file and registers no download widget)."""
        frames = self.frames[quarter]
        table = frames.table
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
        source = export.source_line(lang, list(frames.releases))
        csv = export.csv_with_source(shown.rename(columns={f"name_{lang}": "name"}), source)
        link = markup.tag(
            "a", t("download_csv", lang), class_="csv-link", download=f"npr-{quarter}-{lang}.csv",
            href=layers.write_file(self.out_dir, f"table-{quarter}-{lang}", csv, ".csv"),
        )  # fmt: skip
        return Markup(html_) + markup.tag("p", link, class_="csv-download")

    def _narration(self, quarter: str, lang: str) -> Markup:
        """The quarter's largest provincial changes since the previous quarter, or Canada's,
        as escaped HTML ("Ontario: +48,200 NPRs since last quarter")."""
        frames = self.frames[quarter]
        rows = [(r[f"name_{lang}"], r["change_prev"]) for _, r in frames.moves.iterrows()]
        if not rows and not pd.isna(frames.canada.get("change_prev")):
            rows = [(t("canada", lang), frames.canada["change_prev"])]
        return markup.narration(rows, lang)

    def scrub(self, v: state.View, fit_width: int, height: int) -> dict:
        """_scrub, kept per view whatever its quarter."""
        return self._scrub_of(replace(v, quarter=""), fit_width, height)

    def _scrub(self, v: state.View, fit_width: int, height: int) -> dict:
        """What the map's browser part (ui.scrub.scrub_map) needs to show `v` at every
        quarter: each quarter's label, layers (pydeck's JSON, as layers.deck builds them)
        and tooltip template; the view (fit to fit_width x height); the texts of its
        controls. v.quarter is not used: the page says which quarter to show first."""
        lang, quarters = v.lang, list(self.frames)
        parts, view_state = [], None
        for q in quarters:
            deck = layers.deck(
                self.files, q, v.measure, v.layers, lang, selected=v.province,
                fit_width=fit_width, height=height, selected_cma=v.cma, stable_labels=True,
            )  # fmt: skip
            spec = json.loads(deck.to_json())
            view_state = spec["initialViewState"]
            parts.append(
                {
                    "quarter": q,
                    "label": qtr.label(q, lang),
                    "short": qtr.short(q, lang),
                    "layers": spec["layers"],
                    "tooltip": layers.tooltip(q, lang)["text"],
                }
            )
        texts = {k: t(k, lang) for k in ("prev", "next", "play", "pause", "quarter")}
        texts["reduced_motion"] = t("reduced_motion", lang)
        return {
            "quarters": parts,
            "view_state": view_state,
            "tooltip_style": layers.TOOLTIP_STYLE,
            "height": height,
            "texts": texts,
        }

    def sides(self, v: state.View) -> dict:
        """Every quarter's side of `v` (see side), for ui.scrub.follower."""
        return self._sides_of(replace(v, quarter=""))

    def _sides(self, v: state.View) -> dict:
        return {"html": [str(self.side(replace(v, quarter=q))) for q in self.frames]}

    def _tables(self, measure: str, lang: str) -> dict:
        """Every quarter's table (see table), for ui.scrub.follower."""
        return {"html": [str(self.table(q, measure, lang)) for q in self.frames]}

    def _side(self, v: state.View) -> Markup:
        """Beside the map, one element (a scrub step sends as few messages as it can): a
        notice when only Canada has a figure, Canada's headline (not in an embed), the
        legend, the source line, then the embed's link to the full view or the hint."""
        frames, lang = self.frames[v.quarter], v.lang
        canada, label = frames.canada, qtr.label(v.quarter, lang)
        parts = []
        if not pd.isna(canada.get("npr_total")) and not frames.provincial:
            parts.append(
                markup.tag("p", t("canada_only", lang, quarter=label), class_="notice", role="note")
            )
        if not v.embed:
            figures = [
                ("headline_total", i18n.fmt_int(canada.get("npr_total"), lang)),
                ("headline_per_100", i18n.fmt_dec(canada.get("npr_per_100"), lang, 2)),
                ("headline_change", i18n.fmt_int(canada.get("change_prev"), lang, signed=True)),
            ]
            parts.append(markup.headline(figures, self.narration(v.quarter, lang), lang))
        parts.append(markup.legend(self.breaks[v.measure], v.measure, lang, "events" in v.layers))
        if "cmas" in v.layers:
            parts.append(cma_legend_html(v.quarter, lang))
        parts.append(markup.source_line(export.source_line(lang, list(frames.releases))))
        if v.embed:  # the full view in a new window (relative to the embedded app's page)
            full = state.to_params(replace(v, embed=False))
            link = markup.tag(
                "a", t("embed_open_full", lang) + " ↗", href=export.view_url(None, full),
                target="_blank", rel="noopener",
            )  # fmt: skip
            parts.append(markup.tag("p", link, class_="embed-full"))
        if not v.embed and not v.province and not v.cma:
            parts.append(markup.tag("p", t("click_hint", lang), class_="source-line"))
        return Markup().join(parts)

    def warm(self, quarters: list[str]) -> None:
        """Build the parts of the view most readers scrub (the default measure and layers,
        no selection, the desktop and phone maps) for every quarter in both languages,
        before the server listens (serve.py): the first reader at a quarter waits for
        nothing."""
        for lang in i18n.LANGS:
            v = state.View(quarters[-1], lang=lang)
            self.tables(v.measure, lang)
            self.sides(v)
            for fit_width, height in (layers.MAP_SIZES["desktop"], layers.MAP_SIZES["phone"]):
                self.scrub(v, fit_width, height)


@st.cache_resource(show_spinner=False)
def map_views() -> MapViews:
    """The map's per-view parts of this process (its caches go when this is cleared)."""
    return MapViews(quarter_frames(), static_files(), breaks(), STATIC_DIR)


def warm() -> None:
    """map_views().warm for this process's data (serve.py, after ui.cache.warm)."""
    map_views().warm(metrics.quarters(loaded().panel))
