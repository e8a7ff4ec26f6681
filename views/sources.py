"""Sources and method: every dataset, its releases, coverage, licence, attribution and how
to refresh it; definitions, caveats and citations. Facts are computed in geo/sources.py."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from geo import cmaflows, i18n, metrics, safe, sources, statcan, vintages
from geo import events as ev
from geo import quarters as qtr
from geo.i18n import t
from ui import cache, url
from ui.panels import revisions_section

b = cache.bundle()
lang = url.current_lang()
quarters = metrics.quarters(b.panel)
# the page has no view to choose (sources.parse): the URL keeps none of another page's
here = url.PageState("sources_view", sources.parse, sources.to_params)
here.read()
here.sync()

st.title(t("page_sources", lang))
st.markdown(safe.markdown(t("src_intro", lang)))


def releases_table(df: pd.DataFrame) -> None:
    r = sources.releases(df)
    r = r.assign(
        first_quarter=[qtr.short(q, lang) for q in r["first_quarter"]],
        last_quarter=[qtr.short(q, lang) for q in r["last_quarter"]],
        figures=[i18n.fmt_int(v, lang) for v in r["figures"]],
    )
    r.columns = [
        t("src_col_release", lang),
        t("src_col_figures", lang),
        t("src_col_first", lang),
        t("src_col_last", lang),
    ]
    st.markdown(f"**{safe.markdown(t('src_releases', lang))}**")
    st.dataframe(r, hide_index=True, width="stretch")


def coverage_block(df: pd.DataFrame, type_col: str | None) -> None:
    cov = sources.coverage(df, b.provinces, lang, type_col)
    grid = sources.coverage_grid(df, b.provinces, quarters)
    cells = grid.drop(columns="quarter")
    present = int((cells == "●").sum().sum())
    total = cells.size
    st.markdown(
        safe.markdown(
            t(
                "src_coverage",
                lang,
                quarters=len(grid),
                first=qtr.short(quarters[0], lang),
                last=qtr.short(quarters[-1], lang),
                geos=cells.shape[1],
                present=i18n.fmt_int(present, lang),
                pct=i18n.fmt_pct(present / total * 100 if total else float("nan"), lang, 0),
            )
        )
    )
    cov = cov.assign(
        first=[qtr.short(q, lang) if q else t("no_data", lang) for q in cov["first"]],
        last=[qtr.short(q, lang) if q else t("no_data", lang) for q in cov["last"]],
    )
    cols = {
        "geo": t("src_col_geo", lang),
        "quarters": t("src_col_quarters", lang),
        "first": t("src_col_first", lang),
        "last": t("src_col_last", lang),
        "type_figures": t("src_col_types", lang),
    }
    if not type_col:
        cov = cov.drop(columns="type_figures")
    st.dataframe(cov.rename(columns=cols), hide_index=True, width="stretch")
    with st.expander(t("src_coverage_grid", lang)):
        g = grid.assign(quarter=[qtr.short(q, lang) for q in grid["quarter"]])
        st.dataframe(g.rename(columns={"quarter": t("quarter", lang)}), hide_index=True)


def statcan_section(table_id: str, df: pd.DataFrame, measures_key: str, type_col: str | None):
    st.header(f"{t('src_table_id', lang)} {table_id} · {sources.table_title(table_id, lang)}")
    st.markdown(f"**{safe.markdown(t('src_what', lang))}.** {safe.markdown(t(measures_key, lang))}")
    st.markdown(
        f"[{t('src_open_table', lang)}]({statcan.TABLES[table_id].page_url_in(lang)}) · "
        f"DOI {statcan.TABLES[table_id].doi_url(lang)}"
    )
    releases_table(df)
    coverage_block(df, type_col)
    with st.expander(t("src_col_title", lang)):
        st.caption(t("src_read_from_note", lang))
        rf = sources.read_from(df)
        rf.columns = [t("src_col_title", lang), t("src_col_url", lang), t("src_col_figures", lang)]
        st.dataframe(
            rf,
            hide_index=True,
            width="stretch",
            column_config={t("src_col_url", lang): st.column_config.LinkColumn()},
        )
    st.markdown(f"**{t('src_licence', lang)}**{i18n.colon(lang)} {t('src_statcan_licence', lang)}")
    st.markdown(f"**{safe.markdown(t('src_attribution_label', lang))}**")
    st.code(sources.attribution(table_id, df, lang), language=None, wrap_lines=True)
    st.markdown(
        f"**{safe.markdown(t('src_refresh', lang))}**{i18n.colon(lang)} {t('src_refresh_statcan', lang)}"
    )


statcan_section(statcan.NPR, b.npr, "src_npr_measures", "npr_type")
st.markdown(
    safe.markdown(
        t(
            "src_vintages",
            lang,
            releases=i18n.join_list(
                [i18n.fmt_date(r, lang) for r in vintages.releases(b.vintages)], lang
            ),
            full=i18n.join_list(
                [i18n.fmt_date(r, lang) for r in vintages.full_releases(b.vintages)], lang
            ),
        )
    )
)
canada = metrics.series(b.panel, "")
revisions_section(
    statcan.CANADA_DGUID,
    t("canada", lang),
    canada.loc[canada["npr_total"].idxmax(), "quarter"],
    lang,
)
statcan_section(statcan.POP, b.population, "src_pop_measures", None)

held = cmaflows.years(b.cma_flows)
st.header(f"{t('src_table_id', lang)} {statcan.CMA} · {t('src_cma_flows_title', lang)}")
st.markdown(
    safe.markdown(
        t(
            "src_cma_flows",
            lang,
            first=held[0],
            last=held[-1],
            release=i18n.fmt_date(b.cma_flows["release_date"].iloc[0], lang),
            vintage=i18n.fmt_date(b.cma_estimates, lang) if b.cma_estimates else "?",
            cmas=cmaflows.whole_cmas(b.cma_flows)["cmauid"].nunique(),
        )
    )
)
st.markdown(f"[{t('src_open_table', lang)}]({statcan.TABLES[statcan.CMA].page_url_in(lang)})")

st.header(t("src_boundaries", lang))
st.markdown(
    f"- {safe.markdown(t('src_ne_measures', lang))}\n  - {safe.markdown(t('src_ne_licence', lang))}"
)
st.markdown(
    f"- {safe.markdown(t('src_cma_measures', lang, cmas=len(b.cmas)))}\n"
    f"  - {safe.markdown(t('src_cma_licence', lang))}"
)
st.markdown(
    f"**{safe.markdown(t('src_refresh', lang))}**{i18n.colon(lang)} {t('src_refresh_boundaries', lang)}"
)

st.header(t("page_events", lang))
lo, hi = (b.events["date"].min(), b.events["date"].max()) if len(b.events) else ("", "")
st.markdown(
    safe.markdown(
        t(
            "src_events_measures",
            lang,
            n=len(b.events),
            first=i18n.fmt_date(lo, lang) if lo else t("no_data", lang),
            last=i18n.fmt_date(hi, lang) if hi else t("no_data", lang),
        )
    )
)
st.markdown(
    f"**{t('src_licence', lang)}**{i18n.colon(lang)} {safe.markdown(t('src_events_licence', lang))}"
)
st.markdown(
    f"**{safe.markdown(t('src_refresh', lang))}**{i18n.colon(lang)} {t('src_events_refresh', lang)}"
)
with st.expander(t("src_events_table", lang)):
    et = pd.DataFrame(
        {
            t("date", lang): b.events["date"],
            t("name", lang): b.events[f"title_{lang}"],
            t("source", lang): b.events["source_title"],
            t("src_col_url", lang): [ev.safe_url(u) or "" for u in b.events["source_url"]],
        }
    )
    st.dataframe(
        et,
        hide_index=True,
        width="stretch",
        column_config={t("src_col_url", lang): st.column_config.LinkColumn()},
    )

st.header(t("src_definitions", lang))
st.markdown(t("src_def_npr", lang))
st.markdown(
    t("src_def_types", lang)
    + "\n"
    + "\n".join(
        f"- **{t('m_' + k, lang)}**{i18n.colon(lang)} {t('src_def_' + k, lang)}"
        for k in ("permit_total", *metrics.TYPES, *metrics.ASYLUM_TYPES)
    )
)
st.markdown(t("src_def_cma", lang))

st.header(t("src_caveats", lang))
st.markdown(
    "\n".join(
        f"- {safe.markdown(t(k, lang))}"
        for k in ("src_cav_ircc", "src_cav_revisions", "src_cav_lag", "src_cav_mixed")
    )
)

st.header(t("src_cite", lang))
try:
    url = st.context.url or ""
except Exception:  # noqa: BLE001 - no request context (tests)
    url = ""
url = url.split("?")[0].removesuffix("/sources")
st.markdown(f"**{safe.markdown(t('src_cite_app_label', lang))}**")
st.code(
    sources.app_citation(b.npr, b.population, url, lang, date.today().isoformat()),
    language=None,
    wrap_lines=True,
)
for table_id in (statcan.NPR, statcan.POP):
    st.markdown(f"**{t('src_table_id', lang)} {table_id}**")
    st.code(sources.table_citation(table_id, lang), language=None, wrap_lines=True)
