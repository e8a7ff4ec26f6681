"""The events explorer: filters, a timeline, a map and the list, with a CSV download.

URL: ?from=2024-01-01&to=2025-12-31&type=rally,protest&actor=union&province=ON&q=PEQ.
Logic lives in geo/events.py (filter_events), geo/explore.py and geo/charts.py.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from geo import charts, eventmap, explore, export, i18n, markup, safe
from geo import events as ev
from geo.events import ACTOR_TYPES, EVENT_TYPES, REGIONS
from geo.i18n import t
from geo.safe import html as esc
from ui import cache, page, url
from ui.notices import show_notices

b = cache.bundle()
lang = url.current_lang()
events = b.events
lo, hi = explore.date_bounds(events)
prov_names = dict(zip(b.provinces["code"], b.provinces[f"name_{lang}"], strict=False))
region_label = {**prov_names, "CA": t("ex_national", lang)}
cma_ids = tuple(b.cmas["cmauid"])
cma_label = dict(zip(b.cmas["cmauid"], b.cmas[f"name_{lang}"], strict=True))

# ---- the view (the filters) from the URL, in the session
here = url.PageState(
    "ex_view",
    partial(explore.parse, events=events, cma_ids=cma_ids),
    partial(explore.to_params, events=events),
    "ex_",
)
here.read()


def clear() -> None:
    here.update(**vars(explore.Filters(lo, hi)))  # every filter back to its default
    here.clear_notices()


def dates_of(f: explore.Filters) -> tuple[date, date]:
    return date.fromisoformat(f.start), date.fromisoformat(f.end)


def read_dates(dates) -> dict[str, str]:
    """The date widget's range, or its start while only one end is picked."""
    dates = dates or ()
    dates = dates if isinstance(dates, (tuple, list)) else (dates,)
    start = dates[0].isoformat() if len(dates) >= 1 else lo
    return {"start": start, "end": dates[1].isoformat() if len(dates) >= 2 else hi}


st.title(t("ex_title", lang))
show_notices(here.notices(), lang)

c1, c2 = st.columns([1, 2])
c1.date_input(
    t("ex_dates", lang),
    min_value=date.fromisoformat(lo),
    max_value=date.fromisoformat(hi),
    format="YYYY-MM-DD",
    **here.bound("dates", lang, show=dates_of, read=read_dates),
)
c2.text_input(t("ex_search", lang), max_chars=explore.MAX_TEXT, **here.bound("text", lang))
filters = (  # the view's field, the label's key, the options and their labels
    ("types", "ex_types", list(EVENT_TYPES), lambda k: t("et_" + k, lang)),
    ("actors", "ex_actors", list(ACTOR_TYPES), lambda k: t("at_" + k, lang)),
    ("provinces", "ex_provinces", list(REGIONS), lambda k: region_label.get(k, k)),
    ("cmas", "ex_cmas", sorted(cma_ids, key=lambda c: cma_label[c]), lambda k: cma_label.get(k, k)),
)
for column, (part, key, options, label) in zip(st.columns(4), filters, strict=True):
    column.multiselect(
        t(key, lang),
        options,
        format_func=label,
        placeholder=t("ex_all", lang),
        **here.bound(part, lang),
    )

f = here.view()
here.sync()
new = explore.to_params(f, events)

shown = ev.filter_events(
    events, f.start, f.end, f.types, f.actors, f.provinces, f.text, lang, f.cmas
)
st.markdown(f"**{safe.markdown(t('ex_matches', lang, n=len(shown), total=len(events)))}**")
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
    esc(
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
fit_width, _ = page.map_size()
st.pydeck_chart(
    eventmap.deck(cache.static_files(), shown, lang, fit_width=fit_width), height=420, key="ex_map"
)
st.caption(t("ex_map_note", lang))

# ---- list and download
st.subheader(t("ex_list", lang))
filters_text = ", ".join(f"{k}={v}" for k, v in new.items()) or t("ex_all", lang)
source = t("ex_source_header", lang, title=t("app_title", lang), filters=filters_text)
st.download_button(
    t("ex_download", lang),
    export.csv_with_source(explore.download_frame(shown, lang), source),
    file_name=f"events-{lang}.csv",
    mime="text/csv",
    key="ex_csv",
)
items = [
    markup.event_item(e, lang, explore.place(e, prov_names, lang))
    for _, e in shown.iloc[::-1].iterrows()
]
st.html(markup.events(items, lang, "list"))
