"""CMA figures: the yearly net change in non-permanent residents (Table 17-10-0149-01).

No count (stock) of NPRs by CMA exists after the 2021 Census; what Statistics Canada
publishes by CMA is a flow: the net change over a year running July 1 to June 30
("2023/2024"). It is always named as a net change over a year, never as a number of
residents. The flows belong to one vintage of the population estimates, found by matching
Canada's flows to the year-on-year changes of 17-10-0121-01 (estimates_release), and are
never combined with figures of another release.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo import statcan

MEASURE = "cma_net"  # the CMA layer's measure (for classes and legends)


def whole_cmas(flows: pd.DataFrame) -> pd.DataFrame:
    """One row per (CMA, year) for the 41 CMAs (Ottawa - Gatineau whole): cmauid, year,
    period_start, period_end, value, preliminary, release_date."""
    rows = flows[(flows["cmauid"] != "") & (flows["part_pruid"] == "")].copy()
    last = years(flows)[-1] if len(flows) else ""
    rows["preliminary"] = rows["year"] == last
    cols = ["cmauid", "year", "period_start", "period_end", "value", "preliminary"]
    return rows[[*cols, "release_date"]].sort_values(["cmauid", "year"]).reset_index(drop=True)


def province_parts(flows: pd.DataFrame, cmas: pd.DataFrame, pruid: str) -> pd.DataFrame:
    """The CMAs of one province with their flows, a CMA that straddles a border by its part
    in this province (Ottawa - Gatineau's Ontario or Quebec part): cmauid, year, value,
    preliminary, part (bool). `cmas`: cmauid and pruids (";"-joined) of every CMA."""
    inside = {
        c for c, ps in zip(cmas["cmauid"], cmas["pruids"], strict=True) if pruid in ps.split(";")
    }
    rows = flows[flows["cmauid"].isin(inside)].copy()
    last = years(flows)[-1] if len(flows) else ""
    rows["preliminary"] = rows["year"] == last
    parts = rows[rows["part_pruid"] == pruid].assign(part=True)
    split = set(rows.loc[rows["part_pruid"] != "", "cmauid"])
    whole = rows[(rows["part_pruid"] == "") & ~rows["cmauid"].isin(split)].assign(part=False)
    return pd.concat([parts, whole], ignore_index=True)[
        ["cmauid", "year", "value", "preliminary", "part"]
    ]


def years(flows: pd.DataFrame) -> list[str]:
    """The years held ("2021/2022", ...), oldest first."""
    return sorted(set(flows["year"]))


def year_of(quarter: str, held: list[str]) -> str | None:
    """The year (July 1 to June 30) that contains a quarter, when it is held; else None.
    2024-10-01 -> "2024/2025"; 2025-07-01 -> "2025/2026" (None if not held)."""
    d = date.fromisoformat(quarter)
    start = d.year if d.month >= 7 else d.year - 1
    label = f"{start}/{start + 1}"
    return label if label in held else None


def values_for(flows: pd.DataFrame, year: str | None) -> pd.DataFrame:
    """The 41 CMAs' flows for one year (value NaN when year is None)."""
    whole = whole_cmas(flows)
    if year is None:
        one = whole.drop_duplicates("cmauid").assign(value=float("nan"), year="")
        return one.reset_index(drop=True)
    return whole[whole["year"] == year].reset_index(drop=True)


def canada(flows: pd.DataFrame) -> pd.Series:
    """Canada's flow by year (index year)."""
    rows = flows[flows["geo"] == "Canada"]
    return rows.set_index("year")["value"].astype(float)


def estimates_release(flows: pd.DataFrame, npr_releases: pd.DataFrame) -> str:
    """The release of 17-10-0121-01 whose Canada totals give exactly Canada's flows
    (total on July 1 of the year's end minus July 1 of its start, every year); "" when none
    does. `npr_releases`: statcan rows of every release held."""
    flows_ca = canada(flows)
    rows = npr_releases[
        (npr_releases["dguid"] == statcan.CANADA_DGUID) & (npr_releases["npr_type"] == "total")
    ]
    for release, g in rows.groupby("release_date"):
        total = g.set_index("ref_date")["value"].astype(float)
        ok = True
        for year, flow in flows_ca.items():
            start, end = f"{year[:4]}-07-01", f"{year[5:]}-07-01"
            if start not in total.index or end not in total.index:
                ok = False
                break
            if round(total[end] - total[start]) != round(flow):
                ok = False
                break
        if ok and len(flows_ca):
            return str(release)
    return ""
