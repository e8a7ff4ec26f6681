"""The events explorer: filters from and to the URL, counts per month, the download table.

Streamlit-free. Filtering itself is events.filter_events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from geo import i18n
from geo.events import ACTOR_TYPES, EVENT_TYPES, REGIONS
from geo.state import MAX_PARAM, Notice

MAX_TEXT = 100  # characters kept from the search text


@dataclass
class Filters:
    start: str
    end: str
    types: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    text: str = ""
    cmas: list[str] = field(default_factory=list)  # CMAUIDs


def date_bounds(events: pd.DataFrame) -> tuple[str, str]:
    """First and last event dates (ISO); 2022-01-01..today when there are no events."""
    if events.empty:
        return "2022-01-01", date.today().isoformat()
    return str(events["date"].min()), str(events["date"].max())


def _last(params: dict, name: str) -> str | None:
    if name not in params:
        return None
    v = params[name]
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else ""
    return str(v).strip()


def _list(params: dict, name: str, allowed: tuple[str, ...], upper: bool, notices: list) -> list:
    raw = _last(params, name)
    if raw is None or raw == "":
        return []
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    parts = [p.upper() if upper else p.lower() for p in parts]
    good = [p for p in allowed if p in parts]
    if len(good) != len(set(parts)):
        notices.append(Notice(name, raw[:MAX_PARAM], ",".join(good) or ""))
    return good


def _iso(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def parse(
    params: dict, events: pd.DataFrame, cma_ids: tuple[str, ...] = ()
) -> tuple[Filters, list[Notice]]:
    """Filters from query parameters: from, to (YYYY-MM-DD), type, actor, province, cma
    (comma-separated codes; cma among `cma_ids`) and q (search text). Bad values fall back,
    with notices."""
    notices: list[Notice] = []
    lo, hi = date_bounds(events)
    f = Filters(lo, hi)
    for name, attr, default in (("from", "start", lo), ("to", "end", hi)):
        raw = _last(params, name)
        if raw:
            iso = _iso(raw)
            if iso:
                setattr(f, attr, min(max(iso, lo), hi))
            else:
                notices.append(Notice(name, raw[:MAX_PARAM], default))
    if f.start > f.end:
        notices.append(Notice("from", f.start, lo))
        f.start, f.end = lo, hi
    f.types = _list(params, "type", EVENT_TYPES, False, notices)
    f.actors = _list(params, "actor", ACTOR_TYPES, False, notices)
    f.provinces = _list(params, "province", REGIONS, True, notices)
    f.cmas = _list(params, "cma", tuple(cma_ids), False, notices)
    f.text = (_last(params, "q") or "")[:MAX_TEXT]
    return f, notices


def to_params(f: Filters, events: pd.DataFrame) -> dict[str, str]:
    """Query parameters for filters; defaults are left out."""
    lo, hi = date_bounds(events)
    out: dict[str, str] = {}
    if f.start != lo:
        out["from"] = f.start
    if f.end != hi:
        out["to"] = f.end
    if f.types:
        out["type"] = ",".join(f.types)
    if f.actors:
        out["actor"] = ",".join(f.actors)
    if f.provinces:
        out["province"] = ",".join(f.provinces)
    if f.cmas:
        out["cma"] = ",".join(f.cmas)
    if f.text.strip():
        out["q"] = f.text.strip()
    return out


def per_month(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Events per month and type: month (YYYY-MM-01), type (code), label, count.
    Only months and types that have events get rows (counts are never padded)."""
    if events.empty:
        return pd.DataFrame(columns=["month", "type", "label", "count"])
    month = events["date"].str.slice(0, 7) + "-01"
    out = (
        events.assign(month=month)
        .groupby(["month", "event_type"])
        .size()
        .reset_index(name="count")
        .rename(columns={"event_type": "type"})
    )
    out["label"] = out["type"].map(lambda k: i18n.t("et_" + k, lang))
    return out[["month", "type", "label", "count"]]


def place(ev: pd.Series | dict, provinces: dict[str, str], lang: str) -> str:
    """'Montréal, Quebec' / 'Canada (national)'."""
    prov = ev.get("province") or ""
    name = provinces.get(prov, "") if prov != "CA" else i18n.t("ex_national", lang)
    return ", ".join(p for p in (ev.get("city") or "", name) if p)


def download_frame(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The filtered events as a plain table (one language), each row with its source."""
    cols = [
        "id", "date", "end_date", "event_type", "actor_type", f"title_{lang}", "organizers",
        "city", "province", "attendance", f"summary_{lang}", "source_title", "source_url",
        "source_date", "latitude", "longitude",
    ]  # fmt: skip
    return events[cols].rename(columns={f"title_{lang}": "title", f"summary_{lang}": "summary"})
