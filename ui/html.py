"""The HTML snippets the pages share: an event's source link, the map's headline, the
legends. Each escapes what it is given (geo.safe.html)."""

from __future__ import annotations

import streamlit as st

from geo import classes, events, layers
from geo.i18n import t
from geo.safe import html as esc
from ui.cache import cma_layer


def source_link(e, lang: str) -> str:
    """An event's source as an escaped link (http(s) only), or as plain text."""
    url = events.safe_url(e["source_url"])
    src = esc(e["source_title"] or t("source", lang))
    return (
        f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{src}</a>' if url else src
    )


def headline_html(figures: list[tuple[str, str]], narration_html: str, lang: str) -> str:
    """Canada's headline numbers in one row that wraps on a phone, then the narration
    (already escaped). figures: (i18n key of the label, formatted value)."""
    items = "".join(
        f'<div class="hl"><div class="hl-label">{esc(t(key, lang))}</div>'
        f'<div class="hl-value">{esc(value)}</div></div>'
        for key, value in figures
    )
    return (
        f'<div class="headline" role="group" aria-label="{esc(t("canada", lang))}">{items}</div>'
        f'<p class="narration">{narration_html}</p>'
    )


def legend_html(breaks_, measure: str, lang: str, with_events: bool) -> str:
    """Legend with numbers (class ranges), a no-data swatch and the event colours."""
    rows = []
    for low, high, colour in breaks_.ranges():
        a = layers.format_measure(low, measure, lang)
        b = layers.format_measure(high, measure, lang)
        rows.append(
            f'<li><span class="sw" style="background:{colour}"></span>{esc(a)} – {esc(b)}</li>'
        )
    rows.append(  # the map's own plain grey for a province without a figure
        f'<li><span class="sw nodata" style="background:{classes.NO_DATA}"></span>'
        + esc(t("no_data", lang).capitalize())
        + "</li>"
    )
    out = [
        f'<div class="legend" role="group" aria-label="{esc(t("legend", lang))}">',
        f"<strong>{esc(t('m_' + measure, lang))}</strong><ul>{''.join(rows)}</ul>",
    ]
    if with_events:
        ev = []
        for key, types in layers.EVENT_GROUPS:
            colour = layers.EVENT_COLOURS[types[0]]
            ring = " ring" if types[0] in events.POLICY_TYPES else ""
            style = f"border-color:{colour}" if ring else f"background:{colour}"
            ev.append(
                f'<li><span class="dot{ring}" style="{style}"></span>{esc(t(key, lang))}</li>'
            )
        out.append(f"<strong>{esc(t('events_legend', lang))}</strong><ul>{''.join(ev)}</ul>")
    out.append("</div>")
    return "".join(out)


@st.cache_resource(show_spinner=False, max_entries=256)  # str: shared, never copied
def cma_legend_html(quarter: str, lang: str) -> str:
    """The CMA layer's legend: the year it shows for `quarter` (or that none holds a figure
    for it), its diverging classes with numbers, and the vintage it belongs to."""
    layer = cma_layer()
    title = esc(t("cma_layer_title", lang))
    rows = "".join(
        f'<li><span class="sw" style="background:{c}"></span>{esc(label)}</li>'
        for c, label in layer.legend_rows(lang)
    )
    return (
        f'<div class="legend cma-legend" role="group" aria-label="{title}">'
        f"<strong>{title}</strong>"
        + (f"<ul>{rows}</ul>" if layer.year(quarter) else "")
        + f'<p class="source-line cma-year">{esc(layer.note(quarter, lang))}</p></div>'
    )
