"""Events (rallies, statements, campaigns, policy changes): schema, load, validate.

One schema, EventRow, says what a valid row is: the validator (`python -m geo
validate-events`) and the loader both read a file with check_file, which runs each row
through it. Text fields are data: they are never interpreted as markup here, and every
renderer escapes them. Coordinates are WGS84 degrees.
"""

from __future__ import annotations

import csv
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import pandas as pd
from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from geo import quarters as qtr
from geo import safe
from geo.provinces import PROVINCE_CODES

COLUMNS = [
    "id", "date", "date_precision", "end_date", "title_en", "title_fr", "event_type",
    "actor_type", "organizers", "city", "province", "cma", "latitude", "longitude",
    "attendance", "summary_en", "summary_fr", "source_url", "source_title", "source_date",
]  # fmt: skip
EVENT_TYPES = ("rally", "protest", "march", "strike", "statement", "campaign",
               "policy_change", "court_ruling", "report")  # fmt: skip
MOBILIZATION = ("rally", "protest", "march", "strike", "campaign")
POLICY_TYPES = ("policy_change", "court_ruling")  # drawn as rings, ruled on charts
ACTOR_TYPES = ("migrant_group", "student_group", "union", "employer_group", "municipal",
               "provincial_government", "federal_government", "court", "civil_society",
               "international_body", "coalition")  # fmt: skip
PRECISIONS = ("day", "month")
REGIONS = (*PROVINCE_CODES, "CA")  # CA: national, no single province
CANADA_BBOX = (-141.1, 41.6, -52.5, 83.2)  # lon min, lat min, lon max, lat max
FIRST_DATE = date(2022, 1, 1)
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


MAX_FIELD = 131_072  # characters in one field (the csv module's default limit)
MAX_FILE_BYTES = 50_000_000  # an events file larger than this is not read
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH_RE = re.compile(r"\d{4}-\d{2}")
COORD_RE = re.compile(r"-?\d{1,3}(\.\d{1,10})?")
# characters that change how text is shown without being seen: C0/C1 controls (tab and
# line breaks are allowed), bidirectional overrides and isolates
HIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Problem:
    """Why one row (or the file, on line 1) cannot be used: physical line, field, reason."""

    line: int  # physical line where the row starts (the header is line 1)
    field: str  # the column, or "" for the row as a whole
    message: str
    whole_file: bool = False  # the file cannot be read at all (no rows were read)

    def text(self, file: str | None = None) -> str:
        where = f"{file} line {self.line}" if file else f"line {self.line}"
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class FieldError(ValueError):
    """A field value that its parser rejects; the message says why."""


def _quote(value: str) -> str:
    return repr(safe.shorten(value, 60))


def parse_date(text: str, month_ok: bool = False) -> str:
    """A strict YYYY-MM-DD date (YYYY-MM too when month_ok: the 1st of that month), as
    YYYY-MM-DD. No spaces, no ISO week or ordinal dates, no compact 20240501."""
    if month_ok and MONTH_RE.fullmatch(text):
        text += "-01"
    if DATE_RE.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    expected = "YYYY-MM-DD or YYYY-MM" if month_ok else "YYYY-MM-DD"
    raise FieldError(f"bad date {_quote(text)} (expected {expected})")


def parse_coordinate(text: str) -> float:
    """Decimal degrees such as -63.13: digits, an optional minus and point, nothing else."""
    if not COORD_RE.fullmatch(text):
        raise FieldError(f"{_quote(text)} is not a number of degrees such as -63.13")
    return float(text)


def parse_code(text: str, allowed: tuple[str, ...] | set[str], what: str) -> str:
    if text not in allowed:
        raise FieldError(f"unknown {what} {_quote(text)}")
    return text


def parse_id(text: str) -> str:
    if not ID_RE.fullmatch(text):
        raise FieldError(f"{_quote(text)} must be letters, digits, '-', '_' or '.'")
    return text


def parse_url(text: str) -> str:
    """An http(s) address with a host, without spaces or control characters."""
    parts = urlparse(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() or not ch.isprintable() for ch in text)
    ):
        raise FieldError(f"{_quote(text)} is not an http(s) address")
    return text


def parse_text(text: str) -> str:
    """Free text: surrounding spaces dropped, line breaks kept as \\n. Refused: hidden
    control characters, and a start a spreadsheet would run as a formula (=, +, -, @)."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    hidden = HIDDEN_RE.search(value)
    if hidden:
        raise FieldError(f"holds an invisible control character (U+{ord(hidden[0]):04X})")
    if safe.formula_start(text) or safe.formula_start(value):
        first = text[0] if safe.formula_start(text) else value[0]
        raise FieldError(
            f"starts with {first!r}, which a spreadsheet reads as a formula; "
            "reword it or start with another character"
        )
    return value


# ---------------------------------------------------------------- the schema of a row


def _today(info: ValidationInfo) -> str:
    return (info.context or {}).get("today", date.today()).isoformat()


def _event_date(text: str, info: ValidationInfo) -> str:
    """The date, YYYY-MM when date_precision is month; from FIRST_DATE to today."""
    value = parse_date(text, month_ok=info.data.get("date_precision") == "month")
    if value > _today(info):
        raise FieldError(f"{value} is in the future")
    if value < FIRST_DATE.isoformat():
        raise FieldError(f"{value} is before {FIRST_DATE}")
    return value


def _end_date(text: str, info: ValidationInfo) -> str:
    """The last day, not before the date (when that is valid) nor after today."""
    value, start = parse_date(text), info.data.get("date")
    if start and value < start:
        raise FieldError(f"{value} is before date {start}")
    if value > _today(info):
        raise FieldError(f"{value} is in the future")
    return value


def _cma(text: str, info: ValidationInfo) -> str:
    return parse_code(text, info.context["cmas"], "CMA")


def _latitude(text: str, info: ValidationInfo) -> float:
    """The latitude; with the longitude (when that is valid), a point inside Canada."""
    lat, lon = parse_coordinate(text), info.data.get("longitude")
    x0, y0, x1, y1 = CANADA_BBOX
    if lon is not None and not (x0 <= lon <= x1 and y0 <= lat <= y1):
        raise FieldError(f"coordinates ({lat}, {lon}) are outside Canada")
    return lat


def _rule(
    parse: Callable[..., Any],
    *args: Any,
    required: bool = False,
    empty: str = "",
    missing: str = "missing",
) -> PlainValidator:
    """A column's validator: the checks every field gets (its size, UTF-8, empty), then
    `parse(text, *args)`, a strict parser of its text, or `parse(text, info)` when its
    parameters name `info` (the ValidationInfo: the fields above, the context). An empty
    field is `empty`, or the problem `missing` when it is `required`. A parser's FieldError
    becomes the field's one-line problem."""
    with_info = "info" in inspect.signature(parse).parameters

    def validate(text: str, info: ValidationInfo) -> Any:
        if len(text) > MAX_FIELD:
            raise _problem(f"{len(text):,} characters, over the limit of {MAX_FIELD:,}")
        byte = next((ord(ch) - 0xDC00 for ch in text if "\udc80" <= ch <= "\udcff"), None)
        if byte is not None:
            raise _problem(f"not UTF-8 text (byte 0x{byte:02X}); save the file as UTF-8")
        if not text:
            if required:
                raise _problem(missing)
            return empty
        try:
            return parse(text, info) if with_info else parse(text, *args)
        except FieldError as e:
            raise _problem(str(e)) from None

    return PlainValidator(validate)


def _problem(message: str) -> PydanticCustomError:
    # the message is put in as it is: no {placeholder} in the data is expanded
    return PydanticCustomError("event_field", "{message}", {"message": message})


Text = Annotated[str, _rule(parse_text)]
RequiredText = Annotated[str, _rule(parse_text, required=True)]


class EventRow(BaseModel):
    """A valid event row: the values the app shows and exports, from the raw text of the
    columns. Validate with model_validate(raw, context={"cmas": CMAUIDs, "today": date}).

    Each column has one rule (its validator); a ValidationError holds one one-line message
    per bad field. Fields are checked in the order below, so a rule may read the fields
    above it: the date its precision, end_date the date, latitude the longitude."""

    model_config = ConfigDict(frozen=True)

    id: Annotated[str, _rule(parse_id, required=True)]
    date_precision: Annotated[
        str, _rule(parse_code, PRECISIONS, "date_precision (day or month)", empty="day")
    ]
    date: Annotated[str, _rule(_event_date, required=True)]
    end_date: Annotated[str, _rule(_end_date)]
    source_date: Annotated[str, _rule(parse_date)]
    event_type: Annotated[str, _rule(parse_code, EVENT_TYPES, "event_type", required=True)]
    actor_type: Annotated[str, _rule(parse_code, ACTOR_TYPES, "actor_type")]
    province: Annotated[str, _rule(parse_code, REGIONS, "province", required=True)]
    cma: Annotated[str, _rule(_cma)]
    longitude: Annotated[float, _rule(parse_coordinate, required=True)]
    latitude: Annotated[float, _rule(_latitude, required=True)]
    source_url: Annotated[str, _rule(parse_url, required=True, missing="missing source")]
    title_en: RequiredText
    title_fr: RequiredText
    organizers: Text
    city: Text
    attendance: Text  # text: sources say "hundreds" or "about 2,000 (organizers)"
    summary_en: RequiredText
    summary_fr: RequiredText
    source_title: RequiredText


def parse_row(
    raw: dict[str, str], cmas: set[str], today: date
) -> tuple[dict | None, list[tuple[str, str]]]:
    """One event from the raw text of a row (EventRow): (its values, None when it is not
    valid; the problems as (field, message))."""
    try:
        row = EventRow.model_validate(raw, context={"cmas": cmas, "today": today})
    except ValidationError as e:
        errors = e.errors(include_url=False, include_context=False, include_input=False)
        return None, [(str(err["loc"][0]) if err["loc"] else "", err["msg"]) for err in errors]
    return row.model_dump(), []


def read_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """The rows of an events CSV as (physical line where the row starts, raw text by
    column), and the problems of rows that cannot even be split into fields: a CR inside
    an unquoted field, more or fewer fields than the header. Each costs its row only. A
    missing column, an empty or unreadable file is a problem on line 1 with no rows."""
    try:
        raw = safe.read_file(path, MAX_FILE_BYTES)
    except safe.Refused as e:
        return [], [Problem(1, "", str(e), True)]
    # undecodable bytes become lone surrogates, reported with the field that holds them
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    old_limit = csv.field_size_limit(max(len(text) + 1, MAX_FIELD))  # checked per field
    try:
        return _split_rows(text)
    finally:
        csv.field_size_limit(old_limit)


def _records(text: str):
    """(physical line it starts on, text) of each CSV record. A record ends at a line
    break (\\n) outside quotes, so a malformed record is cut at its own end and cannot
    take the rows after it along."""
    start, line, begin, quotes = 1, 1, 0, 0
    for m in re.finditer('["\n]', text):
        if m.group() == '"':
            quotes += 1
            continue
        line += 1
        if quotes % 2 == 0:
            yield start, text[begin : m.end()]
            start, begin, quotes = line, m.end(), 0
    if text[begin:]:
        yield start, text[begin:]


def _split_rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    # lines end at \n only, as `wc -l` and editors count them; \r\n works too
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    for start, record in _records(text):
        if not record.strip():
            continue  # a blank line
        try:
            fields = next(csv.reader([record]))
        except csv.Error as e:
            reason = str(e)
            if "new-line character" in reason:
                reason = "a line break (CR) inside a field that is not in quotes"
            if not header:
                return [], [Problem(start, "", f"unreadable header: {reason}", True)]
            problems.append(Problem(start, "", f"unreadable row: {reason}"))
            continue
        if not header:
            header = fields
            if any("\udc80" <= ch <= "\udcff" for h in header for ch in h):
                message = "the header is not UTF-8 text; save the file as UTF-8"
                return [], [Problem(start, "", message, True)]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                return [], [Problem(start, "", f"missing column(s) {', '.join(missing)}", True)]
            continue
        if len(fields) != len(header):
            span = record.rstrip("\n").count("\n")
            runs = f" (the row runs over {span + 1} lines: a quote left open?)" if span else ""
            problems.append(
                Problem(start, "", f"{len(fields)} fields where the header has {len(header)}{runs}")
            )
            continue
        rows.append((start, dict(zip(header, fields, strict=True))))
    if not header:
        return [], [Problem(1, "", "the file is empty", True)]
    return rows, problems


def check_rows(
    rows: list[tuple[int, dict[str, str]]], cmas: set[str], today: date | None = None
) -> tuple[list[dict], list[Problem]]:
    """The valid events (parsed by parse_row) and a problem for each field of each row
    that is not valid. Rows are numbered by the physical line they start on."""
    today = today or date.today()
    good: list[dict] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        values, bad = parse_row(raw, cmas, today)
        ident = raw.get("id")
        if ident in seen:  # only valid ids are in seen
            bad.append(("id", f"duplicate id {_quote(ident)} (first on line {seen[ident]})"))
        if bad:
            problems.extend(Problem(line, f, m) for f, m in bad)
            continue
        seen[ident] = line
        good.append(values)
    return good, problems


def check_file(
    path: Path, cmas: set[str], today: date | None = None
) -> tuple[list[dict], list[Problem]]:
    """The valid events of a file and the problems of the others, in line order."""
    rows, problems = read_rows(path)
    good, more = check_rows(rows, cmas, today)
    return good, sorted(problems + more, key=lambda p: p.line)


def validate_file(path: Path, cmas: set[str], today: date | None = None) -> list[str]:
    """Every problem as '<file> line N, <field>: reason'; empty when the file is valid."""
    path = Path(path)
    return [p.text(path.name) for p in check_file(path, cmas, today)[1]]


def load_events(path: Path, cmas: set[str], problems_out: list[str] | None = None) -> pd.DataFrame:
    """Valid events as a DataFrame sorted by date, with the values validate_file accepts.

    With `problems_out` (a list), rows that fail validation are left out and their
    problems appended to it, so one bad row cannot hide the others; without it, any
    problem raises ValueError. A file that cannot be read at all (missing, a wrong
    header) always raises."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path} is missing; restore it from git")
    good, problems = check_file(path, cmas)
    if any(p.whole_file for p in problems):
        raise ValueError(f"{path}: " + "; ".join(p.text() for p in problems))
    texts = [p.text(path.name) for p in problems]
    if problems and problems_out is None:
        raise ValueError(f"{path}: {len(texts)} problem(s): " + "; ".join(texts[:5]))
    if problems:
        problems_out.extend(texts)
    df = pd.DataFrame(good, columns=COLUMNS)
    df["latitude"] = df["latitude"].astype(float)
    df["longitude"] = df["longitude"].astype(float)
    # attendance stays text: sources say "hundreds" or "about 2,000 (organizers)"
    df["quarter"] = df["date"].map(qtr.containing)
    df["is_policy"] = df["event_type"].isin(POLICY_TYPES)
    return df.sort_values(["date", "id"]).reset_index(drop=True)


def until(events: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """Events dated up to the end of `quarter` (its reference date + 3 months)."""
    return events[events["date"] < qtr.after(quarter)]


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
