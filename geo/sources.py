"""The sources page's facts, computed from the shipped snapshot: releases (vintages),
coverage, where each figure was read, licences, attribution and citations. Streamlit-free."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo import i18n, statcan
from geo.i18n import t


def table_title(table_id: str, lang: str) -> str:
    key = {statcan.NPR: "src_npr_title", statcan.POP: "src_pop_title"}[table_id]
    return t(key, lang)


def releases(df: pd.DataFrame) -> pd.DataFrame:
    """Distinct release dates (vintages) in a snapshot and how many figures each gave:
    release_date, figures, first_quarter, last_quarter; newest release first."""
    d = df[df["value"].notna()] if "value" in df else df
    if d.empty:
        return pd.DataFrame(columns=["release_date", "figures", "first_quarter", "last_quarter"])
    g = d.groupby(d["release_date"].fillna("").astype(str))
    out = pd.DataFrame(
        {
            "figures": g.size(),
            "first_quarter": g["ref_date"].min(),
            "last_quarter": g["ref_date"].max(),
        }
    ).reset_index()
    return out.sort_values("release_date", ascending=False).reset_index(drop=True)


def coverage(
    df: pd.DataFrame, provinces: pd.DataFrame, lang: str, type_col: str | None = None
) -> pd.DataFrame:
    """Per geography (Canada then provinces): quarters with a figure, first and last quarter.
    For the NPR table, figures are totals (type 'total'); types are counted apart."""
    d = df[df["value"].notna()].copy()
    if type_col and type_col in d:
        totals = d[d[type_col].isin(("total", ""))]
        types = d[~d[type_col].isin(("total", ""))]
    else:
        totals, types = d, d.iloc[0:0]
    names = {statcan.CANADA_DGUID: t("canada", lang)}
    dguids = [statcan.CANADA_DGUID]
    for _, p in provinces.sort_values("pruid").iterrows():
        dg = f"2021A0002{p['pruid']}"
        names[dg] = p[f"name_{lang}"]
        dguids.append(dg)
    rows = []
    for dg in dguids:
        q = sorted(totals.loc[totals["dguid"] == dg, "ref_date"].unique())
        tq = types.loc[types["dguid"] == dg]
        rows.append(
            {
                "geo": names[dg],
                "quarters": len(q),
                "first": q[0] if q else "",
                "last": q[-1] if q else "",
                "type_figures": len(tq),
            }
        )
    return pd.DataFrame(rows)


def coverage_grid(df: pd.DataFrame, provinces: pd.DataFrame, quarters: list[str]) -> pd.DataFrame:
    """Quarter × geography grid of totals present: '●' where a figure exists, '' where not.
    Columns: quarter, CA, then province codes in PRUID order."""
    d = df[df["value"].notna()]
    if "npr_type" in d:
        d = d[d["npr_type"].isin(("total", ""))]
    have = set(zip(d["ref_date"], d["dguid"], strict=False))
    out = pd.DataFrame({"quarter": quarters})
    out["CA"] = ["●" if (q, statcan.CANADA_DGUID) in have else "" for q in quarters]
    for _, p in provinces.sort_values("pruid").iterrows():
        dg = f"2021A0002{p['pruid']}"
        out[p["code"]] = ["●" if (q, dg) in have else "" for q in quarters]
    return out


def read_from(df: pd.DataFrame) -> pd.DataFrame:
    """Where the snapshot's figures were read: source_title, source_url, figures."""
    d = df[df["value"].notna()]
    g = d.groupby(["source_title", "source_url"], dropna=False).size().reset_index(name="figures")
    return g.sort_values("figures", ascending=False).reset_index(drop=True)


def release_span(df: pd.DataFrame) -> str:
    r = sorted({str(x) for x in df["release_date"].dropna() if str(x)})
    if not r:
        return ""
    return r[0] if len(r) == 1 else i18n.span(r[0], r[-1])


def attribution(table_id: str, df: pd.DataFrame, lang: str) -> str:
    """Statistics Canada Open Licence attribution for a table, with the releases used."""
    return t(
        "src_attribution",
        lang,
        table=table_id,
        title=table_title(table_id, lang),
        releases=release_span(df),
    )


def table_citation(table_id: str, lang: str) -> str:
    """Statistics Canada's recommended citation form for a table."""
    return t(
        "src_cite_table",
        lang,
        table=table_id,
        title=table_title(table_id, lang),
        doi=statcan.TABLES[table_id].doi_url(lang),
    )


def app_citation(npr: pd.DataFrame, pop: pd.DataFrame, url: str, lang: str, today: str) -> str:
    """A citation for the app: title, data tables and releases, address, access date."""
    text = t(
        "src_cite_app",
        lang,
        title=t("app_title", lang),
        npr_releases=release_span(npr),
        pop_releases=release_span(pop),
        url=url.strip(),
        accessed=i18n.fmt_date(today, lang),
    )
    return text.replace(".  (", ". (")  # no address known: leave it out


@dataclass(frozen=True)
class SourcesView:
    """The sources page shows every source at once: its view has no parts to choose."""


def parse(params: dict) -> tuple[SourcesView, list]:
    """The sources page's view from its URL: the same for any parameters, which it ignores
    (and no notice: a parameter of another page is not wrong here)."""
    return SourcesView(), []


def to_params(view: SourcesView) -> dict[str, str]:
    """No parameters: a link to the sources page is the page."""
    return {}
