"""Earlier releases of 17-10-0121-01: how the estimates were revised.

Statistics Canada revises its NPR estimates every September. The snapshot holds the
current release; earlier ones are kept as vintages (statcan.load_vintages). A vintage is
always read on its own: a series, a change or a chart never mixes two releases.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from geo import i18n, metrics, statcan
from geo import quarters as qtr

FIRST_PRINT_DAYS = 120  # a quarter's first estimate comes out about 11 weeks after it


def releases(vintages: pd.DataFrame) -> list[str]:
    """Release dates held as vintages, oldest first."""
    return sorted(set(vintages["release_date"]) - {""})


def panel(vintages: pd.DataFrame, release: str) -> pd.DataFrame:
    """The metrics panel of one earlier release (counts and changes; no population of that
    release is kept, so no rate)."""
    rows = vintages[vintages["release_date"] == release]
    no_pop = pd.DataFrame(columns=["ref_date", "dguid", "value", "release_date"])
    return metrics.build_panel(rows, no_pop)


def revisions(
    current: pd.DataFrame, vintages: pd.DataFrame, dguid: str, npr_type: str = "total"
) -> pd.DataFrame:
    """One geography's series in every release held: columns quarter, release_date, value,
    source_url, source_title, current (bool), first_printed (bool); quarters from 2022 on,
    missing figures left out. Each release is its own series."""
    both = pd.concat(
        [current.assign(current=True), vintages.assign(current=False)], ignore_index=True
    )
    rows = both[
        (both["dguid"] == dguid)
        & (both["npr_type"] == npr_type)
        & (both["ref_date"] >= metrics.BASE_QUARTER)
        & both["value"].notna()
    ]
    out = rows.rename(columns={"ref_date": "quarter"})[
        ["quarter", "release_date", "value", "source_url", "source_title", "current"]
    ].copy()
    out["value"] = out["value"].astype(float)
    out = out.sort_values(["quarter", "release_date"]).reset_index(drop=True)
    earliest = out.groupby("quarter")["release_date"].transform("min")
    soon = [
        date.fromisoformat(r) <= date.fromisoformat(q) + timedelta(days=FIRST_PRINT_DAYS)
        for q, r in zip(out["quarter"], out["release_date"], strict=True)
    ]
    out["first_printed"] = (out["release_date"] == earliest) & pd.Series(soon, dtype=bool)
    return out


def revised_quarters(rev: pd.DataFrame) -> list[str]:
    """Quarters held in more than one release, oldest first."""
    n = rev.groupby("quarter")["release_date"].nunique()
    return sorted(n[n > 1].index)


def most_revised_quarter(rev: pd.DataFrame) -> str | None:
    """The quarter with the most releases held (the latest among ties), or None."""
    n = rev.groupby("quarter")["release_date"].nunique()
    n = n[n > 1]
    if n.empty:
        return None
    return max(n.index, key=lambda q: (n[q], q))


def sentence(rev: pd.DataFrame, quarter: str, place: str, lang: str) -> str:
    """One sentence giving a quarter's figure in every release held, oldest first, read
    from `rev` (revisions()); empty when the quarter is not in it."""
    rows = rev[rev["quarter"] == quarter].sort_values("release_date")
    if rows.empty:
        return ""
    parts = []
    for _, r in rows.iterrows():
        key = (
            "rev_first_printed"
            if r["first_printed"]
            else ("rev_current" if r["current"] else "rev_release")
        )
        parts.append(
            i18n.t(
                key,
                lang,
                value=i18n.fmt_int(r["value"], lang),
                release=i18n.fmt_date(r["release_date"], lang),
            )
        )
    return i18n.t(
        "rev_sentence",
        lang,
        place=place,
        quarter=i18n.fmt_date(quarter, lang),
        parts=i18n.join_list(parts, lang),
    )


def current_release(npr: pd.DataFrame) -> str:
    """The single release of the current snapshot (statcan rows)."""
    found = sorted(set(npr["release_date"]))
    if len(found) != 1:
        raise statcan.DataError(
            f"the NPR snapshot mixes releases ({', '.join(found)}); "
            "run `python -m geo refresh` to rebuild it from one release"
        )
    return found[0]


def table(rev: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The revisions as a table for reading: one row per quarter, one column per release
    (oldest first), figures formatted in the language, "no data" where a release has none."""
    if rev.empty:
        return pd.DataFrame()
    wide = rev.pivot_table(index="quarter", columns="release_date", values="value", aggfunc="first")
    wide = wide.reindex(columns=sorted(wide.columns))
    out = pd.DataFrame({i18n.t("quarter", lang): [qtr.short(q, lang) for q in wide.index]})
    for r in wide.columns:
        out[i18n.t("rev_release_label", lang, release=i18n.fmt_date(r, lang))] = [
            i18n.fmt_int(v, lang) for v in wide[r]
        ]
    return out


def full_releases(vintages: pd.DataFrame) -> list[str]:
    """Earlier releases held whole (every geography), oldest first."""
    geos = vintages.groupby("release_date")["dguid"].nunique()
    return sorted(geos[geos == len(statcan.GEO_DGUIDS)].index)
