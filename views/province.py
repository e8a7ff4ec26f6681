"""Province and territory profiles: figures, charts, CMAs, events and a summary.

URL: ?province=QC&quarter=2024-10-01&lang=fr. Logic lives in geo/profile.py and geo/charts.py.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geo import charts, cmaflows, export, i18n, markup, metrics, profile, safe
from geo import quarters as qtr
from geo.i18n import t
from ui import cache, url
from ui.notices import show_notices
from ui.panels import revisions_section

b = cache.bundle()
lang = url.current_lang()
quarters = metrics.quarters(b.panel)
provinces = b.provinces.sort_values("pruid")
codes = list(provinces["code"])
names = dict(zip(provinces["code"], provinces[f"name_{lang}"], strict=False))

# ---- the view (province, quarter) from the URL, in the session
parse = partial(profile.parse, provinces=b.provinces, panel=b.panel, quarters=quarters)
here = url.PageState("pp_view", parse, profile.to_params, "pp_")


def on_province() -> None:
    """A new province keeps a quarter the user chose, else moves to its latest figures."""
    v = here.view()
    info_ = profile.province_info(b.provinces, v.province)
    here.clear_notices()
    if info_ and not v.quarter_chosen:
        here.update(quarter=profile.default_quarter(b.panel, info_["pruid"], quarters))


here.read()
st.title(t("page_province", lang))
show_notices(here.notices(), lang)

c1, c2 = st.columns([2, 1])
c1.selectbox(
    t("pf_choose", lang),
    codes,
    index=None,
    placeholder=t("pf_choose", lang),
    format_func=lambda c: names.get(c, c),
    **here.bound("province", lang, then=on_province),
)
c2.selectbox(
    t("quarter", lang),
    quarters,
    format_func=lambda q: qtr.short(q, lang),
    **here.bound("quarter", lang, read=lambda q: {"quarter": q, "quarter_chosen": True}),
)
code, quarter = here.view().province, here.view().quarter
info = profile.province_info(b.provinces, code)

if info is None:
    st.info(t("pf_pick_prompt", lang))
    cols = st.columns(4)
    for i, c in enumerate(codes):
        cols[i % 4].page_link(
            "views/province.py",
            label=names[c],
            query_params={"province": c, **({"lang": lang} if lang != "en" else {})},
        )
    st.stop()

here.sync()  # not before: a link with a code of no province keeps it, with its notice
name = info[f"name_{lang}"]
pruid = info["pruid"]
h = profile.headline(b.panel, pruid, quarter)
lang_q = {"lang": lang} if lang != "en" else {}

st.header(safe.markdown(name))
st.markdown(f"**{safe.markdown(t('pf_figures_for', lang, date=i18n.fmt_date(quarter, lang)))}**")
m1, m2, m3 = st.columns(3)
m1.metric(t("npr_short", lang), i18n.fmt_int(h["npr_total"], lang))
m2.metric(t("headline_per_100", lang), i18n.fmt_dec(h["npr_per_100"], lang, 2))
m3.metric(t("change_prev_short", lang), i18n.fmt_int(h["change_prev"], lang, signed=True))
m4, m5, _ = st.columns(3)
m4.metric(t("population", lang), i18n.fmt_int(h["population"], lang))
m5.metric(t("pf_canada_per_100", lang), i18n.fmt_dec(h["canada_per_100"], lang, 2))
summary = profile.summary(b.panel, info, quarter, lang)
st.markdown(markup.tag("p", summary, class_="headline", aria_live="polite"), unsafe_allow_html=True)
releases = [h["npr_release_date"], h["canada_release_date"]]
st.markdown(markup.source_line(export.source_line(lang, releases)), unsafe_allow_html=True)
l1, l2 = st.columns(2)
l1.page_link(
    "views/map.py",
    label=t("pf_to_map", lang),
    icon=":material/map:",
    query_params={"province": code, "quarter": quarter, **lang_q},
)

# ---- charts, with the data as a table
show_policy = st.toggle(t("ch_show_policy", lang), key="pp_policy", value=False)
rules = charts.policy_rules(b.events, lang, quarters[0]) if show_policy else None
if show_policy:
    st.caption(t("ch_policy_note", lang))

st.subheader(t("pf_chart_types", lang))
st.html(markup.tag("p", profile.total_finding(b.panel, info, quarters, lang)))  # text: no Markdown
type_series = profile.type_series(b.panel, pruid, quarters)
if len(type_series):  # an empty chart says nothing: the sentence above says there is no data
    st.altair_chart(charts.types_chart(type_series, quarters, lang, rules), width="stretch")
st.caption(t("pf_chart_types_note", lang))

st.subheader(t("pf_chart_rate", lang, name=safe.markdown(name)))
st.html(markup.tag("p", profile.rate_finding(b.panel, info, quarters, lang)))
st.altair_chart(
    charts.rate_chart(profile.rate_series(b.panel, info, quarters, lang), lang, rules),
    width="stretch",
)

st.markdown(f"**{safe.markdown(t('pf_table', lang))}**")
table = profile.table(b.panel, info, quarters, lang)
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(
    t("download_csv", lang),
    export.csv_with_source(table, export.source_line(lang, list(table[t("pf_release", lang)]))),
    file_name=f"npr-{code}-{lang}.csv",
    mime="text/csv",
    key="pp_csv",
)

revisions_section(f"2021A0002{pruid}", name, quarter, lang)

# ---- CMAs
st.subheader(t("pf_cmas", lang))
cmas = profile.province_cmas(b.cmas, pruid)
if cmas.empty:
    st.caption(t("pf_cmas_none", lang, name=safe.markdown(name)))
else:
    held = cmaflows.years(b.cma_flows)
    st.caption(
        t(
            "pf_cmas_note",
            lang,
            release=i18n.fmt_date(b.cma_flows["release_date"].iloc[0], lang),
            vintage=i18n.fmt_date(b.cma_estimates, lang) if b.cma_estimates else "?",
            prelim=held[-1],
        )
    )
    flows = cmaflows.province_parts(b.cma_flows, b.cmas, pruid)
    wide = flows.pivot_table(index="cmauid", columns="year", values="value", aggfunc="first")
    part = flows.groupby("cmauid")["part"].any()
    shown = pd.DataFrame(
        {
            t("pf_cma_code", lang): cmas["cmauid"].to_numpy(),
            t("name", lang): [
                t("cma_part", lang, name=n) if part.get(c, False) else n
                for c, n in zip(cmas["cmauid"], cmas[f"name_{lang}"], strict=True)
            ],
        }
    )
    for year in held:
        label = t("cma_net_year", lang, year=year)
        shown[label] = [
            i18n.fmt_int(wide[year].get(c) if year in wide else None, lang, signed=True)
            for c in cmas["cmauid"]
        ]
    st.dataframe(shown, hide_index=True, width="stretch")

# ---- events as a timeline, each with its source
st.subheader(t("pf_events", lang, name=safe.markdown(name)))
events = profile.province_events(b.events, code)
if events.empty:
    st.caption(t("pf_no_events", lang, name=safe.markdown(name)))
else:
    items = [markup.event_item(e, lang) for _, e in events.iterrows()]
    st.html(markup.events(items, lang, "timeline"))
    l2.page_link(
        "views/events.py",
        label=t("pf_to_events", lang),
        icon=":material/campaign:",
        query_params={"province": code, **lang_q},
    )
