"""Events (rallies, statements, campaigns, policy changes): schema, load, validate.

Text fields are data: they are never interpreted as markup here, and every renderer
escapes them. Coordinates are WGS84 degrees.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

COLUMNS = [
    "id", "date", "date_precision", "end_date", "title_en", "title_fr", "event_type",
    "actor_type", "organizers", "city", "province", "cma", "latitude", "longitude",
    "attendance", "summary_en", "summary_fr", "source_url", "source_title", "source_date",
]  # fmt: skip
REQUIRED = ["id", "date", "title_en", "title_fr", "event_type", "province", "latitude",
            "longitude", "summary_en", "summary_fr", "source_url", "source_title"]  # fmt: skip
EVENT_TYPES = ("rally", "protest", "march", "strike", "statement", "campaign",
               "policy_change", "court_ruling", "report")  # fmt: skip
MOBILIZATION = ("rally", "protest", "march", "strike", "campaign")
ACTOR_TYPES = ("migrant_group", "student_group", "union", "employer_group", "municipal",
               "provincial_government", "federal_government", "court", "civil_society",
               "international_body", "coalition")  # fmt: skip
PROVINCE_CODES = ("NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC", "YT", "NT", "NU")
REGIONS = (*PROVINCE_CODES, "CA")  # CA: national, no single province
CANADA_BBOX = (-141.1, 41.6, -52.5, 83.2)  # lon min, lat min, lon max, lat max
FIRST_DATE = date(2022, 1, 1)
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def validate_rows(rows: list[dict], cmas: set[str], today: date | None = None) -> list[str]:
    """Problems as 'line N: reason' (N is the file line, header = 1). Empty when valid."""
    today = today or date.today()
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=2):

        def bad(reason: str, line: int = i) -> None:
            problems.append(f"line {line}: {reason}")

        missing = [c for c in REQUIRED if not (row.get(c) or "").strip()]
        for c in missing:
            bad(f"missing {c}" if c != "source_url" else "missing source (source_url)")
        ident = (row.get("id") or "").strip()
        if ident:
            if not ID_RE.match(ident):
                bad(f"id {ident!r} must be letters, digits, '-', '_' or '.'")
            if ident in seen:
                bad(f"duplicate id {ident!r} (first on line {seen[ident]})")
            seen.setdefault(ident, i)
        d = _date(row.get("date") or "")
        if row.get("date") and d is None:
            bad(f"bad date {row['date']!r} (expected YYYY-MM-DD)")
        elif d and d > today:
            bad(f"date {d} is in the future")
        elif d and d < FIRST_DATE:
            bad(f"date {d} is before {FIRST_DATE}")
        precision = (row.get("date_precision") or "day").strip()
        if precision not in ("day", "month"):
            bad(f"unknown date_precision {precision!r} (day or month)")
        end = (row.get("end_date") or "").strip()
        if end:
            e = _date(end)
            if e is None:
                bad(f"bad end_date {end!r} (expected YYYY-MM-DD)")
            elif d and e < d:
                bad(f"end_date {e} is before date {d}")
            elif e > today:
                bad(f"end_date {e} is in the future")
        etype = (row.get("event_type") or "").strip()
        if etype and etype not in EVENT_TYPES:
            bad(f"unknown event_type {etype!r}")
        atype = (row.get("actor_type") or "").strip()
        if atype and atype not in ACTOR_TYPES:
            bad(f"unknown actor_type {atype!r}")
        prov = (row.get("province") or "").strip()
        if prov and prov not in REGIONS:
            bad(f"unknown province {prov!r}")
        cma = (row.get("cma") or "").strip()
        if cma and cma not in cmas:
            bad(f"unknown CMA {cma!r}")
        try:
            lat = float(row.get("latitude") or "nan")
            lon = float(row.get("longitude") or "nan")
        except ValueError:
            bad("latitude/longitude are not numbers")
        else:
            if (row.get("latitude") or "").strip() and (row.get("longitude") or "").strip():
                x0, y0, x1, y1 = CANADA_BBOX
                if not (x0 <= lon <= x1 and y0 <= lat <= y1):
                    bad(f"coordinates ({lat}, {lon}) are outside Canada")
        url = (row.get("source_url") or "").strip()
        if url:
            parts = urlparse(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                bad(f"source_url {url[:60]!r} is not an http(s) address")
        sdate = (row.get("source_date") or "").strip()
        if sdate and _date(sdate) is None:
            bad(f"bad source_date {sdate!r}")
    return problems


def read_rows(path: Path) -> tuple[list[dict], list[str]]:
    """The rows of an events CSV and header problems (as 'line 1: …')."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [], [f"line 1: the file is not UTF-8 (byte {e.start})"]
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [f"line 1: missing column(s) {', '.join(missing)}"]
    rows = []
    for row in reader:
        if None in row:
            return rows, [f"line {reader.line_num}: more fields than the header"]
        rows.append({k: (v or "") for k, v in row.items()})
    return rows, []


def validate_file(path: Path, cmas: set[str], today: date | None = None) -> list[str]:
    rows, problems = read_rows(path)
    return problems or validate_rows(rows, cmas, today)


def load_events(path: Path, cmas: set[str], problems_out: list[str] | None = None) -> pd.DataFrame:
    """Valid events as a DataFrame sorted by date.

    With `problems_out` (a list), rows that fail validation are left out and their
    problems appended to it, so one bad row cannot hide the others; without it, any
    problem raises ValueError. A file whose header is wrong always raises."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path} is missing; restore it from git")
    rows, header = read_rows(path)
    if header:
        raise ValueError(f"{path}: " + "; ".join(header))
    problems = validate_rows(rows, cmas)
    if problems and problems_out is None:
        raise ValueError(f"{path}: {len(problems)} problem(s): " + "; ".join(problems[:5]))
    if problems:
        problems_out.extend(problems)
        bad = {int(p.split(":")[0].removeprefix("line ")) for p in problems}
        rows = [r for i, r in enumerate(rows, start=2) if i not in bad]
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["latitude"] = df["latitude"].astype(float)
    df["longitude"] = df["longitude"].astype(float)
    # attendance stays text: sources say "hundreds" or "about 2,000 (organizers)"
    df["date_precision"] = df["date_precision"].replace("", "day")
    df["quarter"] = df["date"].map(quarter_of)
    df["is_policy"] = df["event_type"].isin(("policy_change", "court_ruling"))
    return df.sort_values(["date", "id"]).reset_index(drop=True)


def quarter_of(day: str) -> str:
    """The quarter (its reference date) an ISO date falls in."""
    d = date.fromisoformat(day)
    return date(d.year, (d.month - 1) // 3 * 3 + 1, 1).isoformat()


def until(events: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """Events dated up to the end of `quarter` (its reference date + 3 months)."""
    q = date.fromisoformat(quarter)
    nxt = date(q.year + (q.month + 3 > 12), (q.month + 2) % 12 + 1, 1).isoformat()
    return events[events["date"] < nxt]


def safe_url(url: str) -> str | None:
    """The URL if it is http(s), else None: a javascript: or data: link is never a link."""
    parts = urlparse((url or "").strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _fold(text: object) -> str:
    """Lower case without accents, for searching: 'Québec' -> 'quebec'."""
    import unicodedata

    norm = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(ch for ch in norm if not unicodedata.combining(ch))


def filter_events(
    df: pd.DataFrame,
    start: date | str | None = None,
    end: date | str | None = None,
    types: list[str] | tuple[str, ...] | None = None,
    actors: list[str] | tuple[str, ...] | None = None,
    provinces: list[str] | tuple[str, ...] | None = None,
    text: str | None = None,
    lang: str = "en",
    cmas: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Events between start and end (inclusive, ISO dates), of the given event types, actor
    types, provinces and CMAs (CMAUIDs) (None or empty: all), whose title, summary (in
    `lang`), organizers or city contain `text` (case- and accent-insensitive). Keeps the
    input's order."""
    mask = pd.Series(True, index=df.index)
    if start:
        mask &= df["date"] >= str(start)
    if end:
        mask &= df["date"] <= str(end)
    if types:
        mask &= df["event_type"].isin(list(types))
    if actors:
        mask &= df["actor_type"].isin(list(actors))
    if provinces:
        mask &= df["province"].isin(list(provinces))
    if cmas:
        mask &= df["cma"].isin(list(cmas))
    needle = _fold(text).strip()
    if needle:
        cols = [f"title_{lang}", f"summary_{lang}", "organizers", "city"]
        hay = df[cols].fillna("").astype(str).agg(" ".join, axis=1).map(_fold)
        mask &= hay.str.contains(needle, regex=False)
    return df[mask]
