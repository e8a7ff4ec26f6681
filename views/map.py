"""The map: provinces, CMAs and events through time. Reads state, calls geo/, renders."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from geo import charts, cmaflows, export, i18n, layers, markup, metrics, safe, state
from geo import events as ev
from geo import quarters as qtr
from geo.i18n import t
from ui import cache, page, panels, url
from ui.notices import show_notices
from views._map_parts import map_views

SPEEDS = {"slow": 2.5, "normal": 1.5, "fast": 0.8}

b = cache.bundle()
per_view = map_views()
quarters = metrics.quarters(b.panel)
measures = metrics.available_measures(b.panel)
lang = url.current_lang()
fit_width, map_height = page.map_size()

# ---- the view (quarter, measure, layers, province, CMA) from the URL, in the session
parse = partial(state.parse, quarters=quarters, measures=measures, cma_ids=set(b.cmas["cmauid"]))
here = url.PageState("map_view", parse, state.to_params)
embed = here.read().embed
st.session_state.setdefault("playing", False)
st.session_state.setdefault("speed", "normal")
page.page_css(embed)
page.page_script("preload.html", urls=layers.data_urls(cache.static_files(), here.view().layers))
page.page_script("sort_script.html")
show_notices(here.notices(), lang)

if not embed:
    st.markdown(markup.tag("h1", t("app_title", lang), class_="app-title"), unsafe_allow_html=True)


def step(delta: int) -> None:
    i = quarters.index(here.view().quarter) + delta
    here.update(quarter=quarters[max(0, min(len(quarters) - 1, i))])


def toggle_play() -> None:
    playing = not st.session_state.get("playing", False)
    if playing and here.view().quarter == quarters[-1]:
        here.update(quarter=quarters[0])
    st.session_state["playing"] = playing


@st.dialog(t("share_title", lang), width="large")
def share_dialog() -> None:
    """Link, embed code, citation and exports of the view as it is when opened: built only
    on demand, so scrubbing sends none of it."""
    view = replace(here.view(), lang=lang, embed=False, cma=None)
    title = t("app_title", lang)
    ev_ = b.events if "events" in view.layers else None
    panels.share_panel(
        state.to_params(view),
        lang,
        title,
        cite=lambda link: export.citation(
            b.panel, ev_, view.quarter, view.measure, lang, title, link
        ),
        expanded=True,
        static_page=(view.measure, "cmas" in view.layers, view.quarter),
    )
    panels.export_panel(
        view.quarter, view.measure, lang, "events" in view.layers, "cmas" in view.layers
    )


# ---- controls that stay outside the animated part
if not embed:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(
            t("measure", lang),
            measures,
            format_func=lambda m: t("m_" + m, lang),
            width=420,
            **here.bound("measure", lang),
        )
        with st.popover(t("options", lang), icon=":material/tune:"):
            st.multiselect(
                t("layers", lang),
                list(state.LAYERS),
                format_func=lambda k: t("layer_" + k, lang),
                **here.bound("layers", lang),
            )
            st.segmented_control(
                t("speed", lang),
                list(SPEEDS),
                format_func=lambda s: t("speed_" + s, lang),
                **url.bound("speed", lang),
            )
        st.button(
            t("share_title", lang), key="share_open", icon=":material/share:", on_click=share_dialog
        )
playing = st.session_state.get("playing", False)
interval = SPEEDS[st.session_state.get("speed") or "normal"] if playing else None


def select_from_map() -> None:
    """A click selects a province or a CMA (the other is cleared); a click outside, none."""
    sel = st.session_state.get("map") or {}
    objects = sel.get("selection", {}).get("objects", {})

    def picked(layer: str, key: str) -> str | None:
        objs = objects.get(layer, [])
        return objs[0].get("properties", objs[0]).get(key) if objs else None

    cma = picked("cmas", "cmauid")
    here.update(cma=cma, province=None if cma else picked("provinces", "code"))


@st.fragment(run_every=interval)
def animated() -> None:
    if bool(st.session_state.get("playing")) != (interval is not None):
        st.rerun()  # Play or Pause pressed: rerun the page so the timer starts or stops
    if st.session_state.get("playing"):
        i = quarters.index(here.view().quarter)
        if st.session_state.pop("_advance", False):
            if i + 1 < len(quarters):
                here.update(quarter=quarters[i + 1])
            else:
                st.session_state["playing"] = False
                st.rerun()
        st.session_state["_advance"] = True
    with page.timing("map_step"):
        render()


def scrubber() -> None:
    """The quarter slider (its label hidden: the heading above the map says the quarter),
    then previous / play / next in one row, also on a phone."""
    st.select_slider(
        t("quarter", lang),
        quarters,
        format_func=lambda q: qtr.short(q, lang),
        label_visibility="collapsed",
        **here.bound("quarter", lang),
    )
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(t("prev", lang), on_click=step, args=(-1,), key="prev")
        st.button(
            t("pause", lang) if st.session_state.get("playing") else t("play", lang),
            on_click=toggle_play,
            key="play",
            type="primary",
        )
        st.button(t("next", lang), on_click=step, args=(1,), key="next")


def render() -> None:
    v = here.view()
    quarter, measure, chosen, province, cma = v.quarter, v.measure, v.layers, v.province, v.cma
    view = per_view.frames[quarter].view
    label = qtr.label(quarter, lang)
    # map first: the map with its quarter above and its scrubber below, in the wide column;
    # Canada's figures (not in an embed) and the legend beside it (below it on a phone)
    if embed:  # an article's headline: the app, the measure, the quarter
        st.html(
            markup.tag("p", t("app_title", lang), class_="embed-title")
            + markup.tag("p", t("m_" + measure, lang), class_="embed-measure")
        )
    map_col, side = st.columns([3.4, 1] if embed else [3, 1.2], gap="small" if embed else "medium")
    with map_col:
        st.html(
            markup.tag("p", t("reduced_motion", lang), class_="reduced-motion-note source-line")
            + markup.tag("p", label, class_="quarter-now", aria_live="polite")
        )
        deck = per_view.deck(quarter, measure, chosen, lang, province, fit_width, map_height, cma)
        st.pydeck_chart(
            deck,
            height=map_height,
            key="map",
            on_select=select_from_map,
            selection_mode="single-object",
        )
        scrubber()
        if not embed and province:
            side_panel(province, view, quarter)
        elif not embed and cma:
            cma_panel(cma, quarter)
    with side:
        st.html(per_view.side(replace(v, lang=lang)))
    if not embed:
        numbers_table(quarter, measure)
    here.sync()


def recent_events(where, column: str, value: str, quarter: str) -> None:
    """The last three events up to `quarter` whose `column` (province or cma) is `value`,
    newest first, each with its source, in the container `where`."""
    recent = ev.until(b.events, quarter)
    recent = recent[recent[column] == value].tail(3)
    where.markdown(f"**{t('recent_events', lang)}**")
    if recent.empty:
        where.caption(t("no_events", lang))
    for _, e in recent.iloc[::-1].iterrows():
        where.html(markup.events([markup.event_item(e, lang)], lang, "brief"))


def cma_panel(cmauid: str, quarter: str) -> None:
    """The selected CMA under the map, in a box of its own like a province: its four yearly
    net changes (list and chart), the vintage they belong to, and its recent events."""
    name = b.cmas.set_index("cmauid").loc[cmauid, f"name_{lang}"]
    whole = cmaflows.whole_cmas(b.cma_flows)
    rows = whole[whole["cmauid"] == cmauid]
    panel = st.container(key="cma_panel", border=True)
    figures, chart_col = panel.columns([1, 1.4], gap="medium")
    events_col = panel.container()
    figures.subheader(safe.markdown(name))
    figures.caption(t("cma_kind", lang))
    figures.markdown(
        "\n".join(
            f"- {layers.cma_period(r['year'], lang, r['preliminary'])}{i18n.colon(lang)} "
            f"**{i18n.fmt_int(r['value'], lang, signed=True)}**"
            for _, r in rows.iterrows()
        )
    )
    chart_col.markdown(f"**{safe.markdown(t('cma_net_short', lang))}**")
    chart_col.bar_chart(rows.set_index("year")[["value"]], height=150, x_label="", y_label="")
    vintage = i18n.fmt_date(b.cma_estimates, lang) if b.cma_estimates else "?"
    chart_col.caption(t("cma_panel_note", lang, vintage=vintage))
    recent_events(events_col, "cma", cmauid, quarter)
    figures.page_link(
        "views/events.py",
        label=t("cma_events_link", lang),
        icon=":material/campaign:",
        query_params={"cma": cmauid, **({"lang": lang} if lang != "en" else {})},
    )
    figures.button(
        t("clear_selection", lang),
        key="clear_cma",
        on_click=lambda: here.update(cma=None),
    )


def side_panel(code: str, view: pd.DataFrame, quarter: str) -> None:
    """The selected province under the map and its scrubber, in a box of its own: its
    figures and its NPRs over time side by side (stacked on a phone), its recent events."""
    row = view[view["code"] == code].iloc[0]
    panel = st.container(key="province_panel", border=True)
    figures, spark = panel.columns([1, 1.4], gap="medium")
    events_col = panel.container()
    figures.subheader(safe.markdown(row[f"name_{lang}"]))
    figures.markdown(
        "\n".join(
            f"- {t(k, lang)}{i18n.colon(lang)} **{v}**"
            for k, v in (
                ("m_npr_total", i18n.fmt_int(row["npr_total"], lang)),
                ("m_npr_per_100", i18n.fmt_dec(row["npr_per_100"], lang, 2)),
                ("m_change_prev", i18n.fmt_int(row["change_prev"], lang, signed=True)),
                ("population", i18n.fmt_int(row["population"], lang)),
            )
        )
    )
    series = metrics.series(b.panel, row["pruid"])
    spark_title = t("spark_title", lang, quarter=qtr.short(quarter, lang))
    spark.markdown(f"**{safe.markdown(spark_title)}**")
    if series["npr_total"].notna().any():
        spark.altair_chart(charts.sparkline(series, quarter, quarters, lang), width="stretch")
    else:
        spark.caption(t("no_data", lang).capitalize())
    recent_events(events_col, "province", code, quarter)
    profile_q = {"province": code, "quarter": quarter, **({"lang": lang} if lang != "en" else {})}
    figures.page_link(
        "views/province.py",
        label=t("profile_link", lang),
        icon=":material/location_on:",
        query_params=profile_q,
    )
    figures.button(t("clear_selection", lang), on_click=lambda: here.update(province=None))


def numbers_table(quarter: str, measure: str) -> None:
    """The map's numbers as an accessible sortable table (plain HTML: sorted by
    sort_script.html), and the same as a CSV file to download."""
    st.html(per_view.table(quarter, measure, lang))


animated()
