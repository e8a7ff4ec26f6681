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
from ui import cache, page, panels, scrub, url
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
cma_ids, province_codes = set(b.cmas["cmauid"]), set(b.provinces["code"])
parse = partial(state.parse, quarters=quarters, measures=measures, cma_ids=cma_ids)
here = url.PageState("map_view", parse, state.to_params)
embed = here.read().embed
st.session_state.setdefault("speed", "normal")
page.page_css(embed)
page.page_script(
    "preload.html",
    urls=layers.data_urls(cache.static_files(), here.view().layers),
    modules=[scrub.LIBRARY],
)
page.page_script("sort_script.html")
show_notices(here.notices(), lang)

if not embed:
    st.markdown(markup.tag("h1", t("app_title", lang), class_="app-title"), unsafe_allow_html=True)


@st.dialog(t("share_title", lang), width="large")
def share_dialog() -> None:
    """Link, embed code, citation and exports of the view as it is when opened: built only
    on demand, so scrubbing sends none of it."""
    told = scrub.reported("quarter")
    if told != st.session_state.get("map_heard"):
        heard_quarter(told)  # told in this run: its callback may follow
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


def heard_quarter(quarter: str | None) -> None:
    """The browser's map settled on `quarter` (ui.scrub.report)."""
    st.session_state["map_heard"] = quarter
    if quarter in quarters:
        here.update(quarter=quarter)


def heard_click(click: dict | None) -> None:
    """A click on the map selects a province or a CMA (the other is cleared); a click
    outside them, none."""
    click = click if isinstance(click, dict) else {}
    layer = click.get("layer")
    cma = click.get("cmauid") if layer == "cmas" else None
    province = click.get("code") if layer == "provinces" else None
    here.update(
        cma=cma if cma in cma_ids else None,
        province=province if province in province_codes else None,
    )


def drawn(v: state.View) -> tuple:
    """What of the view the map in the page was drawn for, but its quarter."""
    return (v.measure, v.layers, v.province, v.cma, v.lang)


@st.fragment
def follow() -> None:
    """What follows the map's quarter on the server, rerun alone when the browser's map
    settles (ui.scrub.report): the URL, and the selected province's or CMA's panel. A
    click that changes the selection redraws the whole page (the map shows it)."""
    with page.timing("map_step"):
        scrub.report(heard_quarter, heard_click)
        v = replace(here.view(), lang=lang)
        if drawn(v) != st.session_state.get("map_drawn"):
            st.rerun(scope="app")
        if not embed and v.province:
            side_panel(v.province, per_view.frames[v.quarter].view, v.quarter)
        elif not embed and v.cma:
            cma_panel(v.cma, v.quarter)
        here.sync()


def render() -> None:
    """The map with its quarter, slider and buttons, every quarter's in the page
    (ui.scrub), the selected province's panel under it (follow) and the side beside it;
    then the table."""
    v = replace(here.view(), lang=lang)
    if embed:  # an article's headline: the app, the measure, the quarter
        st.html(
            markup.tag("p", t("app_title", lang), class_="embed-title")
            + markup.tag("p", t("m_" + v.measure, lang), class_="embed-measure")
        )
    index = quarters.index(v.quarter)
    speed = SPEEDS[st.session_state.get("speed") or "normal"]
    # map first: the map with its scrubber, in the wide column; Canada's figures (not in
    # an embed) and the legend beside it (below it on a phone)
    map_col, side = st.columns([3.4, 1] if embed else [3, 1.2], gap="small" if embed else "medium")
    with map_col:
        data = per_view.scrub(v, fit_width, map_height)
        scrub.scrub_map({**data, "index": index, "interval_ms": round(speed * 1000)})
        st.session_state["map_drawn"] = drawn(v)
        follow()
    with side:
        scrub.follower("side", {**per_view.sides(v), "index": index})
    if not embed:
        scrub.follower("table", {**per_view.tables(v.measure, lang), "index": index})


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


render()
