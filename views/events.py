"""The events explorer: filters, a timeline, a map and the list, with a CSV download.

URL: ?from=2024-01-01&to=2025-12-31&type=rally,protest&actor=union&province=ON&q=PEQ.
Logic lives in geo/events.py (filter_events), geo/explore.py and geo/charts.py.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from geo import charts, eventmap, explore, i18n, markup
from geo import events as ev
from geo.events import ACTOR_TYPES, EVENT_TYPES, REGIONS
from geo.i18n import t

b = ui.bundle()
lang = ui.current_lang()
events = b.events
lo, hi = explore.date_bounds(events)
prov_names = dict(zip(b.provinces["code"], b.provinces[f"name_{lang}"], strict=False))
region_label = {**prov_names, "CA": t("ex_national", lang)}
cma_ids = tuple(b.cmas["cmauid"])
cma_label = dict(zip(b.cmas["cmauid"], b.cmas[f"name_{lang}"], strict=True))
ui.page_css()

# ---- URL -> the filters in session state (keys no widget owns, see ui.bound), whenever
# the URL differs from what this page last wrote
params = ui.query_dict()
params.pop("lang", None)
if st.session_state.get("_ex_seen") != params or "ex_types" not in st.session_state:
    f0, notices = explore.parse(params, events, cma_ids)
    st.session_state.update(
        ex_dates=(date.fromisoformat(f0.start), date.fromisoformat(f0.end)),
        ex_types=f0.types,
        ex_actors=f0.actors,
        ex_provinces=f0.provinces,
        ex_cmas=f0.cmas,
        ex_q=f0.text,
        _ex_notices=notices,
        _ex_seen=params,
    )
st.session_state.setdefault("ex_cmas", [])


def clear() -> None:
    st.session_state.update(
        ex_dates=(date.fromisoformat(lo), date.fromisoformat(hi)),
        ex_types=[],
        ex_actors=[],
        ex_provinces=[],
        ex_cmas=[],
        ex_q="",
        _ex_notices=[],
    )


st.title(t("ex_title", lang))
ui.show_notices(st.session_state.get("_ex_notices", []), lang)

c1, c2 = st.columns([1, 2])
c1.date_input(
    t("ex_dates", lang),
    min_value=date.fromisoformat(lo),
    max_value=date.fromisoformat(hi),
    format="YYYY-MM-DD",
    **ui.bound("ex_dates", lang),
)
c2.text_input(t("ex_search", lang), max_chars=explore.MAX_TEXT, **ui.bound("ex_q", lang))
filters = (
    ("ex_types", list(EVENT_TYPES), lambda k: t("et_" + k, lang)),
    ("ex_actors", list(ACTOR_TYPES), lambda k: t("at_" + k, lang)),
    ("ex_provinces", list(REGIONS), lambda k: region_label.get(k, k)),
    ("ex_cmas", sorted(cma_ids, key=lambda c: cma_label[c]), lambda k: cma_label.get(k, k)),
)
for column, (key, options, label) in zip(st.columns(4), filters, strict=True):
    column.multiselect(
        t(key, lang),
        options,
        format_func=label,
        placeholder=t("ex_all", lang),
        **ui.bound(key, lang),
    )

dates = st.session_state.get("ex_dates") or ()
if not isinstance(dates, (tuple, list)):
    dates = (dates,)
start = dates[0].isoformat() if len(dates) >= 1 else lo
end = dates[1].isoformat() if len(dates) >= 2 else hi
f = explore.Filters(
    start,
    end,
    list(st.session_state["ex_types"]),
    list(st.session_state["ex_actors"]),
    list(st.session_state["ex_provinces"]),
    st.session_state.get("ex_q") or "",
    list(st.session_state.get("ex_cmas") or []),
)

# ---- state -> URL
new = explore.to_params(f, events)
seen = {k: v[-1] for k, v in st.session_state["_ex_seen"].items() if v}
if new != seen:
    for k in list(st.query_params):
        if k != "lang" and k not in new:
            del st.query_params[k]
    for k, v in new.items():
        st.query_params[k] = v
    st.session_state["_ex_seen"] = {k: [v] for k, v in new.items()}

shown = ev.filter_events(
    events, f.start, f.end, f.types, f.actors, f.provinces, f.text, lang, f.cmas
)
st.markdown(f"**{ui.esc(t('ex_matches', lang, n=len(shown), total=len(events)))}**")
if shown.empty:
    st.info(t("ex_empty", lang), icon=":material/search:")
    st.button(t("ex_clear", lang), on_click=clear, key="ex_clear_empty")
    st.stop()
st.button(t("ex_clear", lang), on_click=clear, key="ex_clear")

# ---- timeline
st.subheader(t("ex_timeline", lang))
monthly = explore.per_month(shown, lang)
busiest = monthly.groupby("month")["count"].sum().sort_values(ascending=False)
st.markdown(
    ui.esc(
        t(
            "ex_timeline_find",
            lang,
            n=len(shown),
            first=i18n.fmt_date(shown["date"].min(), lang),
            last=i18n.fmt_date(shown["date"].max(), lang),
            month=i18n.fmt_month(busiest.index[0], lang),
            count=int(busiest.iloc[0]),
        )
    )
)
show_policy = st.toggle(t("ch_show_policy", lang), key="ex_policy", value=False)
rules = charts.policy_rules(events, lang, f.start, f.end) if show_policy else None
if show_policy:
    st.caption(t("ch_policy_note", lang))
st.altair_chart(charts.timeline_chart(monthly, lang, rules), width="stretch")
with st.expander(t("ex_month_table", lang)):
    mt = monthly.assign(month=[i18n.fmt_month(m, lang) for m in monthly["month"]])
    mt = mt[["month", "label", "count"]]
    mt.columns = [t("ex_month", lang), t("type", lang), t("ex_count", lang)]
    st.dataframe(mt, hide_index=True, width="stretch")

# ---- map
st.subheader(t("ex_map", lang))
fit_width, _ = ui.map_size()
st.pydeck_chart(
    eventmap.deck(ui.static_files(), shown, lang, fit_width=fit_width), height=420, key="ex_map"
)
st.caption(t("ex_map_note", lang))

# ---- list and download
st.subheader(t("ex_list", lang))
filters_text = ", ".join(f"{k}={v}" for k, v in new.items()) or t("ex_all", lang)
source = t("ex_source_header", lang, title=t("app_title", lang), filters=filters_text)
st.download_button(
    t("ex_download", lang),
    ui.csv_with_source(explore.download_frame(shown, lang), source),
    file_name=f"events-{lang}.csv",
    mime="text/csv",
    key="ex_csv",
)
items = [
    markup.event_item(e, lang, explore.place(e, prov_names, lang))
    for _, e in shown.iloc[::-1].iterrows()
]
st.html(markup.events(items, lang, "list"))
