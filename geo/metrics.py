"""Join StatCan series per quarter and geography, and derive the measures the map shows.

The panel has one row per (quarter, geography): Canada (pruid "") and each province and
territory (pruid "10" … "62"). Counts are persons; npr_per_100 is NPRs per 100 residents.
Changes are computed only between figures of the same release: a jump between two
releases is a revision, not growth, and is left missing.
"""

from __future__ import annotations

import pandas as pd

from geo import quarters as qtr
from geo import statcan
from geo.provinces import PRUID_BY_DGUID

TYPES = ("work_only", "study_only", "work_study", "asylum", "other")  # parts of the total
ASYLUM_TYPES = ("asylum_work", "asylum_study", "asylum_work_study", "asylum_no_permit")
BY_TYPE = ("permit_total", *TYPES, *ASYLUM_TYPES)  # the counts under the total, by type
COUNTS = ("npr_total", *BY_TYPE)  # persons
CHANGE_MEASURES = ("change_prev", "change_2022")
MEASURES = ("npr_total", "npr_per_100", *CHANGE_MEASURES, *BY_TYPE)
BASE_QUARTER = statcan.START


def build_panel(npr: pd.DataFrame, pop: pd.DataFrame) -> pd.DataFrame:
    """One row per (quarter, dguid) with counts by type, population and derived measures."""
    n = npr.copy()
    n["npr_type"] = n["npr_type"].replace({"": "total"})
    counts = n.pivot_table(
        index=["ref_date", "dguid"], columns="npr_type", values="value", aggfunc="first"
    )
    counts = counts.reindex(columns=["total", *COUNTS[1:]]).rename(columns={"total": "npr_total"})
    total = n[n["npr_type"] == "total"].set_index(["ref_date", "dguid"])
    meta = total[["release_date", "source_url", "source_title", "status", "note"]].add_prefix(
        "npr_"
    )
    p = pop.set_index(["ref_date", "dguid"])[["value", "release_date"]]
    p.columns = ["population", "pop_release_date"]
    panel = counts.join(meta, how="left").join(p, how="outer").reset_index()
    panel = panel.rename(columns={"ref_date": "quarter"})
    panel["pruid"] = panel["dguid"].map(PRUID_BY_DGUID).fillna("")
    for col in (*COUNTS, "population"):
        panel[col] = pd.to_numeric(panel[col], errors="coerce").astype("float64")
    for col in ("npr_release_date", "pop_release_date", "npr_source_url", "npr_note"):
        panel[col] = panel[col].fillna("")
    same_release = panel["npr_release_date"] == panel["pop_release_date"]
    panel["npr_per_100"] = (panel["npr_total"] / panel["population"] * 100).where(same_release)
    panel = panel.sort_values(["dguid", "quarter"]).reset_index(drop=True)
    panel["qi"] = panel["quarter"].map(qtr.index)

    g = panel.groupby("dguid", sort=False)
    prev_total = g["npr_total"].shift(1)
    prev_release = g["npr_release_date"].shift(1)
    prev_qi = g["qi"].shift(1)
    same = (prev_release == panel["npr_release_date"]) & (prev_qi == panel["qi"] - 1)
    panel["change_prev"] = (panel["npr_total"] - prev_total).where(same)
    panel["change_prev_pct"] = (panel["change_prev"] / prev_total * 100).where(same)

    base = panel[panel["quarter"] == BASE_QUARTER].set_index("dguid")
    base_total = panel["dguid"].map(base["npr_total"])
    base_release = panel["dguid"].map(base["npr_release_date"])
    same_base = base_release == panel["npr_release_date"]
    panel["change_2022"] = (panel["npr_total"] - base_total).where(same_base)
    panel["change_2022_pct"] = (panel["change_2022"] / base_total * 100).where(same_base)
    # earlier quarters only serve the first quarter's change
    return panel[panel["quarter"] >= BASE_QUARTER].drop(columns="qi").reset_index(drop=True)


def quarters(panel: pd.DataFrame) -> list[str]:
    """Every quarter from 2022-01-01 to the latest with an NPR figure, oldest first.

    Quarters inside the range that lack figures stay in it: they show as "no data"."""
    known = panel.loc[panel["npr_total"].notna(), "quarter"]
    last = known.max() if len(known) else BASE_QUARTER
    first = max(BASE_QUARTER, known.min()) if len(known) else BASE_QUARTER
    return qtr.span(first, last)


def available_measures(panel: pd.DataFrame) -> list[str]:
    """MEASURES that have a figure for at least one province or territory: a measure with
    none is not offered (it would only paint every province grey)."""
    prov = panel[panel["pruid"] != ""]
    return [m for m in MEASURES if m in prov.columns and prov[m].notna().any()]


def province_view(panel: pd.DataFrame, provinces: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """The 13 provinces and territories for one quarter, every measure; missing stays NaN."""
    names = provinces[["pruid", "code", "name_en", "name_fr"]]
    rows = panel[(panel["quarter"] == quarter) & (panel["pruid"] != "")]
    out = names.merge(rows, on="pruid", how="left")
    out["quarter"] = quarter
    return out.reset_index(drop=True)


def canada_view(panel: pd.DataFrame, quarter: str) -> dict:
    """Canada's figures for one quarter as a dict (NaN where missing)."""
    rows = panel[(panel["quarter"] == quarter) & (panel["pruid"] == "")]
    if rows.empty:
        return {"quarter": quarter, "pruid": "", **{m: float("nan") for m in MEASURES}}
    return rows.iloc[0].to_dict()


def series(panel: pd.DataFrame, pruid: str) -> pd.DataFrame:
    """All quarters for one geography ('' for Canada)."""
    return panel[panel["pruid"] == pruid].sort_values("quarter").reset_index(drop=True)


def biggest_changes(view: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Provinces with the largest absolute change since the previous quarter."""
    v = view[view["change_prev"].notna()]
    return v.reindex(v["change_prev"].abs().sort_values(ascending=False).index).head(n)


TABLE_COLUMNS = [
    "pruid", "code", "name_en", "name_fr", "quarter", "npr_total", "population",
    "npr_per_100", "change_prev", "change_prev_pct", "change_2022", "change_2022_pct",
    *BY_TYPE, "npr_release_date", "pop_release_date",
    "npr_source_url",
]  # fmt: skip


def table(panel: pd.DataFrame, provinces: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """The citable table for one quarter: provinces then Canada, numbers unformatted."""
    view = province_view(panel, provinces, quarter)
    canada = pd.DataFrame([canada_view(panel, quarter)])
    canada = canada.assign(pruid="01", code="CA", name_en="Canada", name_fr="Canada")
    out = pd.concat([view, canada], ignore_index=True)
    for col in TABLE_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    out = out[TABLE_COLUMNS].copy()
    out["npr_per_100"] = out["npr_per_100"].round(2)
    out["change_prev_pct"] = out["change_prev_pct"].round(2)
    out["change_2022_pct"] = out["change_2022_pct"].round(2)
    for col in (*COUNTS, "population", "change_prev", "change_2022"):
        out[col] = out[col].round(0).astype("Int64")
    return out
