"""Claims: statements about the series that a text makes, checked against the data.

A chapter writes its claims inline, next to the sentence they back, as
{{claim:KIND:ARGS}}; they render as nothing and `check` tells whether each holds, so a
refresh that makes a sentence false fails the tests instead of shipping it.

    peak:MEASURE:GEO:Q          Q is GEO's highest value of MEASURE over every quarter
    trough:MEASURE:GEO:Q        ... its lowest
    rises:MEASURE:GEO:Q1:Q2     MEASURE rises every quarter from Q1 to Q2
    falls:MEASURE:GEO:Q1:Q2     ... falls every quarter from Q1 to Q2
    more:MEASURE:GEO1:Q1:GEO2:Q2    GEO1 at Q1 is higher than GEO2 at Q2
    highest:MEASURE:Q:GEO       GEO has the highest value of the 13 provinces and territories
    lowest:MEASURE:Q:GEO        ... the lowest
    rank:MEASURE:Q:GEO:N        GEO is N-th highest of the 13
    count:MEASURE:Q:OP:X:N      N provinces and territories have MEASURE OP X (OP: gt, lt)
    cmahighest:cma_net:YEAR:CMA     CMA (CMAUID) had the largest net change of the 41 in YEAR
    cmalowest:cma_net:YEAR:CMA      ... the smallest (the largest loss when negative)
    cmacount:cma_net:YEAR:OP:X:N    N of the 41 CMAs had a net change OP X in YEAR
    cmagain:cma_net:YEAR:CMA        CMA's net change in YEAR was a gain (above zero)
    cmaloss:cma_net:YEAR:CMA        ... a loss (below zero)

GEO is CA or a two-letter province code; Q a quarter (YYYY-MM-DD).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

CLAIM_RE = re.compile(r"\{\{\s*claim\s*:\s*([^}]*?)\s*\}\}")
KINDS = {  # kind -> number of arguments after the measure
    "peak": 2,
    "trough": 2,
    "rises": 3,
    "falls": 3,
    "more": 4,
    "highest": 2,
    "lowest": 2,
    "rank": 3,
    "count": 4,
    "cmahighest": 2,
    "cmalowest": 2,
    "cmacount": 4,
    "cmagain": 2,
    "cmaloss": 2,
}
CMA_KINDS = ("cmahighest", "cmalowest", "cmacount", "cmagain", "cmaloss")


@dataclass(frozen=True)
class Claim:
    text: str  # as written, e.g. "peak:npr_total:CA:2024-10-01"
    kind: str
    measure: str
    args: tuple[str, ...]


def find(body: str) -> list[Claim]:
    """The claims written in a text."""
    out = []
    for m in CLAIM_RE.finditer(body):
        parts = [p.strip() for p in m.group(1).split(":")]
        kind = parts[0]
        measure = parts[1] if len(parts) > 1 else ""
        out.append(Claim(m.group(1), kind, measure, tuple(parts[2:])))
    return out


def remove(body: str) -> str:
    """The text without its claims (they are for the tests, not the reader)."""
    return CLAIM_RE.sub("", body)


def _value(panel: pd.DataFrame, pruids: dict[str, str], measure: str, geo: str, q: str):
    pruid = "" if geo == "CA" else pruids[geo]
    rows = panel[(panel["pruid"] == pruid) & (panel["quarter"] == q)]
    v = rows[measure].iloc[0] if len(rows) else float("nan")
    return float("nan") if pd.isna(v) else float(v)


def _series(panel: pd.DataFrame, pruids: dict[str, str], measure: str, geo: str) -> pd.Series:
    pruid = "" if geo == "CA" else pruids[geo]
    rows = panel[panel["pruid"] == pruid].sort_values("quarter")
    return rows.set_index("quarter")[measure].astype(float)


def _provinces(panel: pd.DataFrame, measure: str, q: str) -> pd.Series:
    rows = panel[(panel["pruid"] != "") & (panel["quarter"] == q)]
    return rows.set_index("pruid")[measure].astype(float)


def _cma_problem(claim: Claim, flows: pd.DataFrame | None) -> str | None:
    if flows is None or claim.measure != "cma_net":
        return "CMA claims are about cma_net and need the CMA flows"
    year, a = claim.args[0], claim.args[1:]
    rows = flows[(flows["cmauid"] != "") & (flows["part_pruid"] == "") & (flows["year"] == year)]
    v = rows.set_index("cmauid")["value"].astype(float).dropna()
    if v.empty:
        return f"no CMA figures for {year}"
    if claim.kind in ("cmagain", "cmaloss"):
        x = v.get(a[0], float("nan"))
        ok = x > 0 if claim.kind == "cmagain" else x < 0
        return (
            None if ok else f"CMA {a[0]}'s net change in {year} ({x:g}) is not a {claim.kind[3:]}"
        )
    if claim.kind in ("cmahighest", "cmalowest"):
        best = v.idxmax() if claim.kind == "cmahighest" else v.idxmin()
        return None if best == a[0] else f"{claim.kind[3:]} in {year} is CMA {best}, not {a[0]}"
    op, x, n = a
    if op not in ("gt", "lt"):
        return f"cmacount's OP is gt or lt, not {op!r}"
    got = int((v > float(x)).sum() if op == "gt" else (v < float(x)).sum())
    return None if str(got) == n else f"{got} CMAs have cma_net {op} {x} in {year}, not {n}"


def problem(
    claim: Claim, panel: pd.DataFrame, provinces: pd.DataFrame, flows: pd.DataFrame | None = None
) -> str | None:
    """Why a claim does not hold on `panel` (metrics.build_panel) and the CMA `flows`
    (statcan.load_cma_flows), or None when it does."""
    if claim.kind not in KINDS:
        return f"unknown kind {claim.kind!r} (one of {', '.join(KINDS)})"
    if len(claim.args) != KINDS[claim.kind]:
        return f"{claim.kind} takes a measure and {KINDS[claim.kind]} arguments"
    if claim.kind in CMA_KINDS:
        return _cma_problem(claim, flows)
    if claim.measure not in panel.columns:
        return f"unknown measure {claim.measure!r}"
    pruids = dict(zip(provinces["code"], provinces["pruid"], strict=True))
    codes = {v: k for k, v in pruids.items()}
    geos = {"CA", *pruids}
    quarters = set(panel["quarter"])
    a = claim.args
    for x in a:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", x) and x not in quarters:
            return f"quarter {x} is not in the data"
    m = claim.measure

    def geo_ok(*gs: str) -> str | None:
        bad = [g for g in gs if g not in geos]
        return f"unknown geography {bad[0]!r}" if bad else None

    if claim.kind in ("peak", "trough"):
        geo, q = a
        if err := geo_ok(geo):
            return err
        s = _series(panel, pruids, m, geo).dropna()
        best = s.idxmax() if claim.kind == "peak" else s.idxmin()
        return None if best == q else f"{geo}'s {claim.kind} of {m} is at {best}, not {q}"
    if claim.kind in ("rises", "falls"):
        geo, q1, q2 = a
        if err := geo_ok(geo):
            return err
        s = _series(panel, pruids, m, geo)
        s = s[(s.index >= q1) & (s.index <= q2)]
        steps = s.diff().dropna()
        if len(steps) != len(s) - 1 or s.isna().any() or len(s) < 2:
            return f"{geo}'s {m} lacks figures between {q1} and {q2}"
        bad = steps[steps <= 0] if claim.kind == "rises" else steps[steps >= 0]
        return None if bad.empty else f"{geo}'s {m} does not {claim.kind[:-1]} at {bad.index[0]}"
    if claim.kind == "more":
        g1, q1, g2, q2 = a
        if err := geo_ok(g1, g2):
            return err
        v1, v2 = _value(panel, pruids, m, g1, q1), _value(panel, pruids, m, g2, q2)
        if math.isnan(v1) or math.isnan(v2):
            return f"no figure for {g1} at {q1} or {g2} at {q2}"
        return None if v1 > v2 else f"{g1} at {q1} ({v1:g}) is not more than {g2} at {q2} ({v2:g})"
    if claim.kind in ("highest", "lowest", "rank"):
        q, geo = a[0], a[1]
        if err := geo_ok(geo):
            return err
        n = 1 if claim.kind != "rank" else int(a[2]) if a[2].isdigit() else 0
        v = _provinces(panel, m, q).dropna()
        order = v.sort_values(ascending=claim.kind == "lowest").index.map(codes).tolist()
        if len(v) < 13:
            return f"only {len(v)} of 13 provinces and territories have {m} at {q}"
        got = order.index(geo) + 1 if geo in order else None
        return None if got == n else f"{geo} is number {got} on {m} at {q}, not {n}"
    if claim.kind == "count":
        q, op, x, n = a
        try:
            x_, n_ = float(x), int(n)
        except ValueError:
            return "count takes OP:X:N with X a number and N a whole number"
        if op not in ("gt", "lt"):
            return f"count's OP is gt or lt, not {op!r}"
        v = _provinces(panel, m, q).dropna()
        got = int((v > x_).sum() if op == "gt" else (v < x_).sum())
        return None if got == n_ else f"{got} provinces and territories have {m} {op} {x} at {q}"
    return None  # pragma: no cover


def check(
    body: str, panel: pd.DataFrame, provinces: pd.DataFrame, flows: pd.DataFrame | None = None
) -> list[str]:
    """'claim TEXT: why' for every claim of `body` that does not hold."""
    return [
        f"claim {c.text}: {err}" for c in find(body) if (err := problem(c, panel, provinces, flows))
    ]
