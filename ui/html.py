"""The CMA layer's legend as the map and the story show it, rendered once per quarter and
language by geo.markup's autoescaped template."""

from __future__ import annotations

import streamlit as st

from geo import markup
from geo.i18n import t
from ui.cache import cma_layer


@st.cache_resource(show_spinner=False, max_entries=256)  # str: shared, never copied
def cma_legend_html(quarter: str, lang: str) -> str:
    """The CMA layer's legend: the year it shows for `quarter` (or that none holds a figure
    for it), its diverging classes with numbers, and the vintage it belongs to."""
    layer = cma_layer()
    rows = layer.legend_rows(lang) if layer.year(quarter) else []
    return markup.cma_legend(t("cma_layer_title", lang), rows, layer.note(quarter, lang))
