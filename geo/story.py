"""Story mode: chapters stored as data, one Markdown file per chapter and language.

    data/story/en/01-baseline.md
    data/story/fr/01-baseline.md

Each file starts with a small front matter block between two `---` lines, one
`key: value` per line (lists written `[a, b, c]`):

    title     the chapter title
    quarter   the quarter the map shows (YYYY-MM-DD reference date)
    view      where the map goes: "canada", a province code ("ON"), a CMA id ("535")
              or a bounding box [lon0, lat0, lon1, lat1] in WGS84 degrees
    measure   one of metrics.MEASURES
    layers    a list of state.LAYERS
    provinces provinces outlined on the map (two-letter codes)
    events    event ids from data/events/events.csv, listed under the chapter
    notes     optional speaker notes (presenter mode only)

The body is Markdown. Figures are never typed: they are placeholders read from the
snapshot, {{measure:GEO:quarter}} (GEO is CA or a province code; measure is one of
metrics.MEASURES or "population"), with an optional "|m" suffix for millions. A figure
missing from the snapshot renders as "no data". A "## Sources" heading starts the sources.
Links to events are written [text](event:EVENT_ID) and become the event's source_url, so
every link is taken from the data; other links must be http(s).

Everything here is Streamlit-free; the page (views/story.py) only renders.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo import claims, i18n, metrics, projection, statcan, vintages
from geo import quarters as qtr
from geo.events import safe_url
from geo.provinces import PROVINCE_CODES
from geo.state import LAYERS, MAX_PARAM, Notice, flag, param

FIELDS = ("title", "quarter", "view", "measure", "layers", "provinces", "events", "notes")
REQUIRED = ("title", "quarter", "view", "measure", "layers")
FIGURES = (*metrics.MEASURES, "population")
VINTAGE_FIGURES = metrics.COUNTS  # earlier releases keep counts, not rates
PLACEHOLDER_RE = re.compile(
    r"\{\{\s*([a-z0-9_]+)\s*:\s*([A-Za-z]{2})\s*:\s*([0-9-]+)\s*"
    r"(?:@\s*(first|\d{4}-\d{2}-\d{2})\s*)?(?:\|\s*(\w+)\s*)?\}\}"
)
CMA_PLACEHOLDER_RE = re.compile(
    r"\{\{\s*cma_net\s*:\s*(\d{3})\s*:\s*(\d{4}/\d{4})\s*(?:\|\s*(abs)\s*)?\}\}"
)
ANY_PLACEHOLDER_RE = re.compile(r"\{\{(?!\s*claim\s*:)(?!\s*cma_net\s*:).*?\}\}")
LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
EVENT_LINK_RE = re.compile(r"\]\(event:([A-Za-z0-9_.-]+)\)")
SOURCES_RE = re.compile(r"^#{1,6}\s*Sources\s*$", re.IGNORECASE | re.MULTILINE)
CMA_MARGIN_DEG = 1.6  # half-width, in degrees of latitude, of the box around a CMA


class StoryError(ValueError):
    """A chapter file cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Chapter:
    slug: str  # file stem, e.g. "01-baseline"; the same in every language
    number: int  # 1-based position in the story
    lang: str
    title: str
    quarter: str
    view: str | tuple[float, float, float, float]
    measure: str
    layers: tuple[str, ...]
    provinces: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    notes: str = ""
    body: str = ""  # Markdown with placeholders (text, then the sources section)
    path: Path | None = None


@dataclass(frozen=True)
class Placeholder:
    text: str  # as written, braces included
    figure: str
    geo: str
    quarter: str
    fmt: str = ""
    release: str = ""  # "" (the snapshot), "first" (as first printed) or a release date


# ---------------------------------------------------------------- reading


def story_dir(data_dir: Path, lang: str) -> Path:
    return Path(data_dir) / "story" / lang


def chapter_files(data_dir: Path, lang: str) -> list[Path]:
    """The chapter files of one language, in story order (file names sort)."""
    d = story_dir(data_dir, lang)
    return sorted(p for p in d.glob("*.md") if not p.name.startswith(("_", ".")))


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _value(text: str) -> str | list[str]:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [_scalar(p) for p in inner.split(",") if p.strip()] if inner else []
    return _scalar(text)


def parse_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """(front matter, body) of a chapter file. StoryError if the block is malformed.

    A value may continue on following lines indented by at least two spaces."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise StoryError("the file must start with a '---' front matter line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise StoryError("the front matter has no closing '---' line") from None
    meta: dict[str, str | list[str]] = {}
    key = None
    for n, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("  ") and key is not None:
            prev = meta[key]
            if isinstance(prev, list):
                raise StoryError(f"line {n}: a list must be written on one line")
            meta[key] = (prev + " " + line.strip()).strip()
            continue
        if ":" not in line:
            raise StoryError(f"line {n}: expected 'key: value'")
        key, _, raw = line.partition(":")
        key = key.strip()
        if key in meta:
            raise StoryError(f"line {n}: duplicate key {key!r}")
        meta[key] = _value(raw)
    body = "\n".join(lines[end + 1 :]).strip() + "\n"
    return meta, body


def _as_list(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    return tuple(value)


def _view(value: str | list[str]) -> str | tuple[float, float, float, float]:
    if isinstance(value, list):
        try:
            nums = tuple(float(v) for v in value)
        except ValueError:
            raise StoryError(f"view {value!r}: a bounding box has four numbers") from None
        if len(nums) != 4:
            raise StoryError(f"view {value!r}: a bounding box has four numbers")
        return nums  # type: ignore[return-value]
    return value.strip()


def read_chapter(path: Path, number: int, lang: str) -> Chapter:
    path = Path(path)
    try:
        meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise StoryError(f"{path}: {e}") from e
    except StoryError as e:
        raise StoryError(f"{path}: {e}") from e
    unknown = [k for k in meta if k not in FIELDS]
    missing = [k for k in REQUIRED if not meta.get(k)]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"unknown key(s) {', '.join(unknown)}")
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        raise StoryError(f"{path}: " + "; ".join(parts))
    for k in ("title", "quarter", "measure", "notes"):
        if isinstance(meta.get(k), list):
            raise StoryError(f"{path}: {k} must be text, not a list")
    try:
        view = _view(meta["view"])
    except StoryError as e:
        raise StoryError(f"{path}: {e}") from e
    return Chapter(
        slug=path.stem,
        number=number,
        lang=lang,
        title=str(meta["title"]),
        quarter=str(meta["quarter"]),
        view=view,
        measure=str(meta["measure"]),
        layers=_as_list(meta.get("layers")),
        provinces=tuple(c.upper() for c in _as_list(meta.get("provinces"))),
        events=_as_list(meta.get("events")),
        notes=str(meta.get("notes") or ""),
        body=body,
        path=path,
    )


def load_chapters(data_dir: Path, lang: str) -> list[Chapter]:
    """Every chapter of one language, numbered from 1. StoryError if a file is unreadable."""
    return [read_chapter(p, i, lang) for i, p in enumerate(chapter_files(data_dir, lang), 1)]


# ---------------------------------------------------------------- placeholders


def placeholders(body: str) -> list[Placeholder]:
    return [
        Placeholder(
            m.group(0),
            m.group(1),
            m.group(2).upper(),
            m.group(3),
            m.group(5) or "",
            m.group(4) or "",
        )
        for m in PLACEHOLDER_RE.finditer(body)
    ]


def malformed_placeholders(body: str) -> list[str]:
    """Text between {{ }} that is not a well-formed placeholder."""
    return [
        m.group(0)
        for m in ANY_PLACEHOLDER_RE.finditer(body)
        if not PLACEHOLDER_RE.fullmatch(m.group(0))
    ]


def figure(
    panel: pd.DataFrame,
    pruids: dict[str, str],
    name: str,
    geo: str,
    quarter: str,
    release: str = "",
    revised: pd.DataFrame | None = None,
) -> float:
    """One number from the panel (NaN when the snapshot has none). geo is CA or a code.
    With `release` ("first" or a date) it is read from an earlier release instead:
    `revised` holds statcan rows of every release (current and vintages)."""
    pruid = "" if geo == "CA" else pruids.get(geo)
    if pruid is None or name not in FIGURES:
        return float("nan")
    if release:
        if revised is None or name not in VINTAGE_FIGURES:
            return float("nan")
        dguid = statcan.CANADA_DGUID if geo == "CA" else f"2021A0002{pruid}"
        npr_type = "total" if name == "npr_total" else name
        rev = vintages.revisions(revised.iloc[:0], revised, dguid, npr_type)
        rev = rev[rev["quarter"] == quarter]
        rev = (
            rev[rev["first_printed"]] if release == "first" else rev[rev["release_date"] == release]
        )
        return float(rev["value"].iloc[0]) if len(rev) else float("nan")
    rows = panel[(panel["quarter"] == quarter) & (panel["pruid"] == pruid)]
    if rows.empty or name not in rows.columns:
        return float("nan")
    v = rows.iloc[0][name]
    return float("nan") if v is None or pd.isna(v) else float(v)


def format_figure(value: float, name: str, lang: str, fmt: str = "") -> str:
    """A figure as text in the reader's language; missing -> 'no data' / 'aucune donnée'."""
    if i18n.is_missing(value) or (isinstance(value, float) and math.isnan(value)):
        return i18n.t("no_data", lang)
    if fmt == "m":
        return i18n.fmt_millions(value, lang, 2)
    if name == "npr_per_100":
        return i18n.fmt_dec(value, lang, 1)
    return i18n.fmt_int(value, lang, signed=name in metrics.CHANGE_MEASURES)


def pruid_map(provinces: pd.DataFrame) -> dict[str, str]:
    return dict(zip(provinces["code"], provinces["pruid"], strict=True))


def fill(
    body: str,
    panel: pd.DataFrame,
    provinces: pd.DataFrame,
    lang: str,
    events: pd.DataFrame | None = None,
    revised: pd.DataFrame | None = None,
    flows: pd.DataFrame | None = None,
) -> str:
    """The body with every placeholder replaced by its formatted figure, every
    (event:ID) link by the event's source URL (when events are given), and the claims
    taken out. `revised`: statcan rows of every release, for {{...@first}} figures;
    `flows`: CMA net NPRs, for {{cma_net:CMAUID:YYYY/YYYY}} (|abs: without its sign)."""
    pruids = pruid_map(provinces)
    body = claims.remove(body)
    if events is not None:
        urls = dict(zip(events["id"], events["source_url"], strict=True))

        def link(m: re.Match) -> str:
            url = safe_url(urls.get(m.group(1), "")) or ""
            return f"]({url})" if url else "]()"

        body = EVENT_LINK_RE.sub(link, body)

    def one(m: re.Match) -> str:
        p = placeholders(m.group(0))[0]
        value = figure(panel, pruids, p.figure, p.geo, p.quarter, p.release, revised)
        return format_figure(value, p.figure, lang, p.fmt)

    def cma(m: re.Match) -> str:
        value = cma_figure(flows, m.group(1), m.group(2))
        if m.group(3) == "abs" and not math.isnan(value):
            value = abs(value)
        return i18n.fmt_int(value, lang, signed=m.group(3) != "abs")

    return CMA_PLACEHOLDER_RE.sub(cma, PLACEHOLDER_RE.sub(one, body))


def cma_figure(flows: pd.DataFrame | None, cmauid: str, year: str) -> float:
    """A CMA's net change in NPRs over a year (NaN when not held)."""
    if flows is None:
        return float("nan")
    rows = flows[
        (flows["cmauid"] == cmauid) & (flows["part_pruid"] == "") & (flows["year"] == year)
    ]
    return (
        float(rows["value"].iloc[0])
        if len(rows) and pd.notna(rows["value"].iloc[0])
        else float("nan")
    )


def all_releases(bundle) -> pd.DataFrame:
    """Statcan NPR rows of the snapshot and of every vintage (for fill's @ figures)."""
    return pd.concat([bundle.npr, bundle.vintages], ignore_index=True)


def split_sources(body: str) -> tuple[str, str]:
    """(text, sources): the sources part starts at a 'Sources' heading (kept out)."""
    m = SOURCES_RE.search(body)
    if not m:
        return body.strip(), ""
    return body[: m.start()].strip(), body[m.end() :].strip()


def links(body: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in LINK_RE.finditer(body)]


# ---------------------------------------------------------------- validation


def validate(
    ch: Chapter,
    quarters: list[str],
    cma_ids: set[str],
    event_ids: set[str],
    event_dates: dict[str, str] | None = None,
) -> list[str]:
    """Problems with one chapter (empty when valid), each prefixed with the file name."""
    where = ch.path.name if ch.path else ch.slug
    out: list[str] = []

    def bad(msg: str) -> None:
        out.append(f"{ch.lang}/{where}: {msg}")

    if ch.quarter not in quarters:
        bad(f"quarter {ch.quarter!r} is not one of the panel's quarters")
    if isinstance(ch.view, tuple):
        x0, y0, x1, y1 = ch.view
        if not (-180 <= x0 < x1 <= 180 and -90 < y0 < y1 < 90):
            bad(f"view box {ch.view} is not [lon0, lat0, lon1, lat1] with lon0<lon1, lat0<lat1")
    elif ch.view.lower() != "canada" and ch.view.upper() not in PROVINCE_CODES:
        if ch.view not in cma_ids:
            bad(f"view {ch.view!r} is not 'canada', a province code, a CMA id or a box")
    if ch.measure not in metrics.MEASURES:
        bad(f"measure {ch.measure!r} is not one of {', '.join(metrics.MEASURES)}")
    for lay in ch.layers:
        if lay not in LAYERS:
            bad(f"layer {lay!r} is not one of {', '.join(LAYERS)}")
    if not ch.layers:
        bad("layers is empty")
    if ch.provinces and "provinces" not in ch.layers:
        bad("highlighted provinces need the 'provinces' layer")
    for code in ch.provinces:
        if code not in PROVINCE_CODES:
            bad(f"highlighted province {code!r} is not a province code")
    for ev in ch.events:
        if ev not in event_ids:
            bad(f"event {ev!r} is not in data/events/events.csv")
        elif event_dates is not None and ch.quarter in quarters:
            end = qtr.after(ch.quarter)
            if event_dates[ev] >= end:
                bad(f"event {ev!r} ({event_dates[ev]}) is after the chapter's quarter")
    for p in placeholders(ch.body):
        if p.figure not in FIGURES:
            bad(f"placeholder {p.text}: unknown figure {p.figure!r}")
        if p.geo != "CA" and p.geo not in PROVINCE_CODES:
            bad(f"placeholder {p.text}: unknown geography {p.geo!r}")
        if p.quarter not in quarters:
            bad(f"placeholder {p.text}: quarter {p.quarter!r} is not in the panel")
        if p.fmt not in ("", "m"):
            bad(f"placeholder {p.text}: unknown format {p.fmt!r} (only |m)")
        if p.release and p.figure not in VINTAGE_FIGURES:
            bad(f"placeholder {p.text}: earlier releases keep only counts")
    for c in claims.find(ch.body):
        if c.kind not in claims.KINDS or len(c.args) != claims.KINDS[c.kind]:
            bad(f"claim {c.text}: not one of the claim forms in geo/claims.py")
    for text in malformed_placeholders(ch.body):
        bad(f"malformed placeholder {text}")
    for _, url in links(ch.body):
        if url.startswith("event:"):
            if url[len("event:") :] not in event_ids:
                bad(f"link to unknown event {url!r}")
        elif not safe_url(url):
            bad(f"link {url[:60]!r} is not an http(s) address")
    if not ch.title.strip():
        bad("title is empty")
    return out


def validate_all(chapters: list[Chapter], bundle) -> list[str]:
    quarters = metrics.quarters(bundle.panel)
    cma_ids = set(bundle.cmas["cmauid"])
    ev = bundle.events
    event_dates = dict(zip(ev["id"], ev["date"], strict=True))
    out: list[str] = []
    for ch in chapters:
        out += validate(ch, quarters, cma_ids, set(event_dates), event_dates)
    return out


def missing_figures(
    ch: Chapter,
    panel: pd.DataFrame,
    provinces: pd.DataFrame,
    revised: pd.DataFrame | None = None,
    flows: pd.DataFrame | None = None,
) -> list[str]:
    """Placeholders of a chapter whose figure is not in the snapshot (or the vintage)."""
    pruids = pruid_map(provinces)
    out = [
        p.text
        for p in placeholders(ch.body)
        if math.isnan(figure(panel, pruids, p.figure, p.geo, p.quarter, p.release, revised))
    ]
    return out + [
        m.group(0)
        for m in CMA_PLACEHOLDER_RE.finditer(ch.body)
        if math.isnan(cma_figure(flows, m.group(1), m.group(2)))
    ]


def false_claims(
    ch: Chapter, panel: pd.DataFrame, provinces: pd.DataFrame, flows: pd.DataFrame | None = None
) -> list[str]:
    """The chapter's claims that the data does not bear out, each with why."""
    where = ch.path.name if ch.path else ch.slug
    return [f"{ch.lang}/{where}: {p}" for p in claims.check(ch.body, panel, provinces, flows)]


# ---------------------------------------------------------------- the map view


def _box_bounds(lon0: float, lat0: float, lon1: float, lat1: float) -> tuple[float, ...]:
    """Display-coordinate bounds of a WGS84 box (its edges sampled, since the
    projection bends them)."""
    t = np.linspace(0, 1, 17)
    lon = np.concatenate([lon0 + (lon1 - lon0) * t, np.full_like(t, lon1),
                          lon1 - (lon1 - lon0) * t, np.full_like(t, lon0)])  # fmt: skip
    lat = np.concatenate([np.full_like(t, lat0), lat0 + (lat1 - lat0) * t,
                          np.full_like(t, lat1), lat1 - (lat1 - lat0) * t])  # fmt: skip
    x, y = projection.project_points(lon, lat)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def view_bounds(view, provinces, cmas) -> tuple[float, float, float, float]:
    """Display-coordinate bounds (layers' inverse Web Mercator of EPSG:3347) of a view."""
    if isinstance(view, tuple):
        return _box_bounds(*view)
    key = view.strip()
    if key.lower() == "canada":
        geoms = provinces.geometry
    elif key.upper() in set(provinces["code"]):
        geoms = provinces[provinces["code"] == key.upper()].geometry
    elif key in set(cmas["cmauid"]):
        pt = cmas[cmas["cmauid"] == key].geometry.iloc[0]
        m = CMA_MARGIN_DEG
        k = m / max(math.cos(math.radians(pt.y)), 0.2)
        return _box_bounds(pt.x - k, pt.y - m, pt.x + k, pt.y + m)
    else:
        raise StoryError(f"view {view!r} does not resolve")
    coords = np.vstack(
        [np.asarray(g.exterior.coords) for geom in geoms for g in getattr(geom, "geoms", [geom])]
    )
    x, y = projection.project_points(coords[:, 0], coords[:, 1])
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def view_box(view, provinces, cmas, width: int, height: int) -> projection.ViewBox:
    """Where the map goes for a chapter's view, fitted to a width x height px map."""
    return projection.fit(view_bounds(view, provinces, cmas), width, height)


# ---------------------------------------------------------------- URL state


@dataclass(frozen=True)
class StoryParams:  # the story page's view
    chapter: int = 1  # 1-based
    presenter: bool = False
    contrast: bool = False
    notes: bool = False
    embed: bool = False


def parse(params: dict, n_chapters: int) -> tuple[StoryParams, list[Notice]]:
    """Story URL parameters (?chapter=N&presenter=true&contrast=high&notes=true&embed=true)
    to a StoryParams; bad values fall back (chapter 1, off) with a notice."""
    out: dict[str, object] = {}
    notices: list[Notice] = []
    if "chapter" in params:
        raw = param(params["chapter"])
        if raw.isdigit() and 1 <= int(raw) <= n_chapters:
            out["chapter"] = int(raw)
        else:
            notices.append(Notice("chapter", raw[:MAX_PARAM], "1"))
    for name in ("presenter", "notes", "embed"):
        if name in params:
            raw = param(params[name])
            on = flag(raw)
            if on:
                out[name] = True
            elif on is None:
                notices.append(Notice(name, raw[:MAX_PARAM], "false"))
    if "contrast" in params:
        raw = param(params["contrast"])
        on = True if raw.lower() == "high" else False if raw.lower() == "normal" else flag(raw)
        if on:
            out["contrast"] = True
        elif on is None:
            notices.append(Notice("contrast", raw[:MAX_PARAM], "normal"))
    return StoryParams(**out), notices


def to_params(p: StoryParams) -> dict[str, str]:
    """Query parameters for a story state (lang is kept by the app)."""
    out = {"chapter": str(p.chapter)}
    if p.presenter:
        out["presenter"] = "true"
    if p.contrast:
        out["contrast"] = "high"
    if p.notes:
        out["notes"] = "true"
    if p.embed:
        out["embed"] = "true"
    return out
