"""Province and territory profiles: headline figures, chart series and plain-language text.

Pure functions over the panel (metrics.build_panel: one row per quarter and geography,
pruid "" for Canada). Missing figures stay missing: they are never filled with 0 and the
texts say "no data" or leave the figure out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo import i18n, metrics, state
from geo import quarters as qtr
from geo.i18n import t

CANADA = ""


def _num(value: object) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return v


def _missing(value: object) -> bool:
    return math.isnan(_num(value))


def province_info(provinces: pd.DataFrame, code: str | None) -> dict | None:
    """pruid, code, name_en, name_fr of a two-letter code (any case), or None."""
    if not code:
        return None
    rows = provinces[provinces["code"] == str(code).strip().upper()]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return {k: r[k] for k in ("pruid", "code", "name_en", "name_fr")}


def row(panel: pd.DataFrame, pruid: str, quarter: str) -> dict:
    """One geography's panel row for a quarter as a dict; {} when absent."""
    rows = panel[(panel["pruid"] == pruid) & (panel["quarter"] == quarter)]
    return rows.iloc[0].to_dict() if len(rows) else {}


def default_quarter(panel: pd.DataFrame, pruid: str, quarters: list[str]) -> str:
    """The latest quarter in `quarters` with the most to show: the geography's NPR figure;
    else its population next to Canada's NPR figure; else Canada's NPR figure; else the
    last quarter."""

    def having(geo: str, column: str) -> set[str]:
        rows = panel[(panel["pruid"] == geo) & panel[column].notna()]
        return set(rows["quarter"]) & set(quarters)

    canada = having(CANADA, "npr_total")
    for have in (having(pruid, "npr_total"), having(pruid, "population") & canada, canada):
        if have:
            return max(have)
    return quarters[-1]


@dataclass(frozen=True)
class ProfileView:  # the profile page's view
    province: str | None  # a two-letter code; None: the page asks to pick one
    quarter: str
    quarter_chosen: bool = False  # chosen in the URL or by the reader: a new province keeps it


def parse(
    params: dict, provinces: pd.DataFrame, panel: pd.DataFrame, quarters: list[str]
) -> tuple[ProfileView, list[state.Notice]]:
    """?province=QC&quarter=2024-10-01 ({name: [values]}) to a ProfileView. Without a valid quarter, the
    province's default_quarter; an unknown code asks to pick a province, with a notice."""
    raw = (params.get("province") or [""])[-1].strip()
    info = province_info(provinces, raw)
    default_q = default_quarter(panel, info["pruid"] if info else "", quarters)
    q_params = {"quarter": params["quarter"]} if "quarter" in params else {}
    view, notices = state.parse(q_params, quarters, default_q)
    chosen = "quarter" in params and not notices
    if raw and info is None:
        notices.append(state.Notice("province", raw[: state.MAX_PARAM], "", "pf_bad_code"))
    return ProfileView(info["code"] if info else None, view.quarter, chosen), notices


def to_params(view: ProfileView) -> dict[str, str]:
    """The profile's query parameters: none until a province is chosen."""
    return {"province": view.province, "quarter": view.quarter} if view.province else {}


def headline(panel: pd.DataFrame, pruid: str, quarter: str) -> dict:
    """The figures shown at the top of a profile (NaN where missing)."""
    p = row(panel, pruid, quarter)
    c = row(panel, CANADA, quarter)
    gap = _num(p.get("npr_per_100")) - _num(c.get("npr_per_100"))
    share = _num(p.get("npr_total")) / _num(c.get("npr_total")) * 100
    same_release = bool(
        p.get("npr_release_date") and p.get("npr_release_date") == c.get("npr_release_date")
    )
    return {
        "quarter": quarter,
        "npr_total": _num(p.get("npr_total")),
        "npr_per_100": _num(p.get("npr_per_100")),
        "change_prev": _num(p.get("change_prev")),
        "population": _num(p.get("population")),
        "npr_release_date": p.get("npr_release_date") or "",
        "canada_total": _num(c.get("npr_total")),
        "canada_per_100": _num(c.get("npr_per_100")),
        "canada_release_date": c.get("npr_release_date") or "",
        "gap_per_100": gap,
        "share_of_canada": share if same_release else math.nan,
        **{k: _num(p.get(k)) for k in metrics.TYPES},
    }


def summary(panel: pd.DataFrame, info: dict, quarter: str, lang: str) -> str:
    """A short plain-language paragraph built only from the figures in the panel.

    With a figure: "On 1 October 2024, Quebec had 614,677 non-permanent residents (NPRs),
    … per 100 residents, … above the national rate of …". Without one it says so and
    gives what is known (population, Canada's figure, the latest figure)."""
    h = headline(panel, info["pruid"], quarter)
    name = info[f"name_{lang}"]
    day = i18n.fmt_date(quarter, lang)
    total = i18n.fmt_int(h["npr_total"], lang)
    parts: list[str] = []
    if _missing(h["npr_total"]):
        parts.append(t("pf_sum_none", lang, date=day, name=name))
        if not _missing(h["population"]):
            pop = i18n.fmt_int(h["population"], lang)
            parts.append(t("pf_sum_population", lang, population=pop))
        if not _missing(h["canada_total"]):
            canada = i18n.fmt_int(h["canada_total"], lang)
            per100 = i18n.fmt_dec(h["canada_per_100"], lang, 2)
            parts.append(t("pf_sum_canada", lang, total=canada, per100=per100))
        else:
            parts.append(t("pf_sum_canada_none", lang))
        last = latest_with_data(panel, info["pruid"])
        if last:
            last_total = i18n.fmt_int(row(panel, info["pruid"], last)["npr_total"], lang)
            parts.append(t("pf_sum_latest", lang, date=i18n.fmt_date(last, lang), total=last_total))
        return " ".join(parts)

    if _missing(h["npr_per_100"]):
        parts.append(t("pf_sum_norate", lang, date=day, name=name, total=total))
    else:
        per100 = i18n.fmt_dec(h["npr_per_100"], lang, 2)
        text = t("pf_sum_has", lang, date=day, name=name, total=total, per100=per100)
        gap = h["gap_per_100"]
        if _missing(gap):
            text += "."
        else:
            key = "pf_sum_equal"
            if round(gap, 2) > 0:
                key = "pf_sum_above"
            elif round(gap, 2) < 0:
                key = "pf_sum_below"
            canada = i18n.fmt_dec(h["canada_per_100"], lang, 2)
            g = round(abs(gap), 2)
            pts = "point" if (g < 2 if lang == "fr" else g == 1) else "points"
            text += t(key, lang, gap=i18n.fmt_dec(g, lang, 2), canada=canada, pts=pts)
        parts.append(text)
        prov_rel, can_rel = h["npr_release_date"], h["canada_release_date"]
        if not _missing(gap) and prov_rel and can_rel and prov_rel != can_rel:
            parts.append(t("pf_sum_releases", lang, prov=prov_rel, canada=can_rel))
    if not _missing(h["change_prev"]):
        change = i18n.fmt_int(h["change_prev"], lang, signed=True)
        parts.append(t("pf_sum_change", lang, change=change))
    return " ".join(parts)


def latest_with_data(panel: pd.DataFrame, pruid: str) -> str | None:
    have = panel[(panel["pruid"] == pruid) & panel["npr_total"].notna()]["quarter"]
    return max(have) if len(have) else None


def type_series(panel: pd.DataFrame, pruid: str, quarters: list[str]) -> pd.DataFrame:
    """Long frame (quarter, type, value) of published counts by NPR type, plus the total as
    type 'npr_total'. Only figures that exist: a quarter without figures has no row."""
    s = panel[(panel["pruid"] == pruid) & panel["quarter"].isin(quarters)]
    long = s.melt(
        id_vars=["quarter", "npr_release_date"],
        value_vars=["npr_total", *metrics.TYPES],
        var_name="type",
        value_name="value",
    )
    long = long[long["value"].notna()]
    order = {k: i for i, k in enumerate(["npr_total", *metrics.TYPES])}
    long = long.assign(_o=long["type"].map(order)).sort_values(["quarter", "_o"])
    return long.drop(columns="_o").reset_index(drop=True)


def rate_series(panel: pd.DataFrame, info: dict, quarters: list[str], lang: str) -> pd.DataFrame:
    """Long frame (quarter, geo, value) of NPRs per 100 residents for the province and
    Canada over every quarter; NaN where missing, so a line chart shows the gap."""
    out = []
    for pruid, label in ((info["pruid"], info[f"name_{lang}"]), (CANADA, t("canada", lang))):
        s = panel[panel["pruid"] == pruid].set_index("quarter")["npr_per_100"]
        s = s.reindex(quarters)
        out.append(pd.DataFrame({"quarter": quarters, "geo": label, "value": s.to_numpy()}))
    return pd.concat(out, ignore_index=True)


def table(panel: pd.DataFrame, info: dict, quarters: list[str], lang: str) -> pd.DataFrame:
    """The chart data as a table, every quarter, values formatted ('no data' if missing)."""
    p = panel[panel["pruid"] == info["pruid"]].set_index("quarter").reindex(quarters)
    c = panel[panel["pruid"] == CANADA].set_index("quarter").reindex(quarters)
    out = pd.DataFrame({t("quarter", lang): [qtr.short(q, lang) for q in quarters]})
    out[t("m_npr_total", lang)] = [i18n.fmt_int(v, lang) for v in p["npr_total"]]
    for k in metrics.TYPES:
        out[t("m_" + k, lang)] = [i18n.fmt_int(v, lang) for v in p[k]]
    out[t("pf_rate_of", lang, name=info[f"name_{lang}"])] = [
        i18n.fmt_dec(v, lang, 2) for v in p["npr_per_100"]
    ]
    out[t("pf_rate_of", lang, name=t("canada", lang))] = [
        i18n.fmt_dec(v, lang, 2) for v in c["npr_per_100"]
    ]
    out[t("population", lang)] = [i18n.fmt_int(v, lang) for v in p["population"]]
    out[t("pf_release", lang)] = [
        r if isinstance(r, str) and r else "" for r in p["npr_release_date"]
    ]
    return out


def total_finding(panel: pd.DataFrame, info: dict, quarters: list[str], lang: str) -> str:
    """The main finding of the counts chart, in one sentence, from the data."""
    s = panel[(panel["pruid"] == info["pruid"]) & panel["quarter"].isin(quarters)]
    s = s[s["npr_total"].notna()].sort_values("quarter")
    name = info[f"name_{lang}"]
    if s.empty:
        return t("pf_find_none", lang, name=name)
    first, last = s.iloc[0], s.iloc[-1]
    peak = s.loc[s["npr_total"].idxmax()]
    if len(s) == 1:
        return t(
            "pf_find_one",
            lang,
            name=name,
            date=i18n.fmt_date(first["quarter"], lang),
            total=i18n.fmt_int(first["npr_total"], lang),
        )
    text = t(
        "pf_find_range",
        lang,
        name=name,
        first_date=i18n.fmt_date(first["quarter"], lang),
        first=i18n.fmt_int(first["npr_total"], lang),
        last_date=i18n.fmt_date(last["quarter"], lang),
        last=i18n.fmt_int(last["npr_total"], lang),
        n=len(s),
    )
    if peak["quarter"] != last["quarter"]:
        text += " " + t(
            "pf_find_peak",
            lang,
            date=i18n.fmt_date(peak["quarter"], lang),
            total=i18n.fmt_int(peak["npr_total"], lang),
        )
    return text


def rate_finding(panel: pd.DataFrame, info: dict, quarters: list[str], lang: str) -> str:
    """How the province's rate compares with Canada's where both exist."""
    r = rate_series(panel, info, quarters, "en").pivot(index="quarter", columns="geo")["value"]
    name = info[f"name_{lang}"]
    both = r.dropna()
    if both.empty:
        return t("pf_rate_none", lang, name=name)
    above = int((both[info["name_en"]] > both["Canada"]).sum())
    latest = both.index.max()
    return t(
        "pf_rate_find",
        lang,
        name=name,
        above=above,
        n=len(both),
        date=i18n.fmt_date(latest, lang),
        prov=i18n.fmt_dec(both.loc[latest, info["name_en"]], lang, 2),
        canada=i18n.fmt_dec(both.loc[latest, "Canada"], lang, 2),
    )


def province_cmas(cmas: pd.DataFrame, pruid: str) -> pd.DataFrame:
    """CMAs whose primary province or any of whose provinces (pruids 'a;b') is pruid."""
    df = pd.DataFrame(cmas.drop(columns="geometry", errors="ignore"))
    pruids = df["pruids"].fillna("") if "pruids" in df else df["pruid"]
    mask = (df["pruid"] == pruid) | pruids.map(lambda s: pruid in str(s).split(";"))
    return df[mask].sort_values("cmauid").reset_index(drop=True)


def province_events(events: pd.DataFrame, code: str) -> pd.DataFrame:
    """Events placed in the province, oldest first."""
    return events[events["province"] == code].sort_values(["date", "id"]).reset_index(drop=True)
