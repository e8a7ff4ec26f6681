"""The HTML snippets the map page shares with its embed: the headline and the legends,
rendered by geo.markup's autoescaped templates."""

from __future__ import annotations

import streamlit as st
from markupsafe import Markup

from geo import markup
from geo.i18n import t
from ui.cache import cma_layer


def headline_html(figures: list[tuple[str, str]], narration_html: str, lang: str) -> str:
    """Canada's headline numbers in one row that wraps on a phone, then the narration
    (already escaped). figures: (i18n key of the label, formatted value)."""
    return markup.headline(figures, Markup(narration_html), lang)


def legend_html(breaks_, measure: str, lang: str, with_events: bool) -> str:
    """Legend with numbers (class ranges), a no-data swatch and the event colours."""
    return markup.legend(breaks_, measure, lang, with_events)


@st.cache_resource(show_spinner=False, max_entries=256)  # str: shared, never copied
def cma_legend_html(quarter: str, lang: str) -> str:
    """The CMA layer's legend: the year it shows for `quarter` (or that none holds a figure
    for it), its diverging classes with numbers, and the vintage it belongs to."""
    layer = cma_layer()
    rows = layer.legend_rows(lang) if layer.year(quarter) else []
    return markup.cma_legend(t("cma_layer_title", lang), rows, layer.note(quarter, lang))
