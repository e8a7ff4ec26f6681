"""HTML from Jinja2 templates (geo/templates/), shared by the app and the HTML exports.
Streamlit-free.

Every template is autoescaped: any value from a URL, a data file or a user is escaped
where it lands, and only Markup (the output of another template, or markupsafe's own
escaping) goes in as is. StrictUndefined: a name a template needs and is not given is an
error, never an empty string. The environment is built once per process and keeps every
template compiled (auto_reload off: the files do not change under a running app), so a
render is one call of compiled Python.

- render(): any template by name, as Markup (a str that Markup-aware code, Markup.join and
  the templates, never escape twice);
- tag(): one element holding text;
- legend(), cma_legend(), headline(), narration(), source_line(), events() with
  event_item(): the pieces the app and the exports share, from plain data.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from geo import classes, i18n, style
from geo import events as ev
from geo.i18n import t

TEMPLATES = Path(__file__).parent / "templates"

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


@functools.cache
def template(name: str) -> jinja2.Template:
    """The compiled template, loaded once per process."""
    return ENV.get_template(name)


def warm() -> None:
    """Compile every template now (serve.py, before the server listens), so that no visitor
    waits for it (a few milliseconds each)."""
    for path in sorted(TEMPLATES.glob("*.html")):
        template(path.name)


def render(name: str, /, **context) -> Markup:
    """The template `name` rendered with `context` (escaped where it lands)."""
    return Markup(template(name).render(**context))


def tag(name: str, text: object, /, **attrs: object) -> Markup:
    """One element holding text, e.g. tag("p", label, class_="quarter-now"): the text and
    the attribute values escaped; a trailing _ is dropped from a name (class_), other _
    become - (aria_live="polite" -> aria-live); None or False leaves an attribute out."""
    attrs = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items() if v is not False}
    return render("tag.html", name=name, text=text, attrs=attrs)


# ---------------------------------------------------------------- legend


def legend_rows(brk: classes.Classes, measure: str, lang: str) -> list[tuple[str | None, str]]:
    """(colour, "1.50 – 2.75") per class, lowest first, then (None, "No data")."""
    rows: list[tuple[str | None, str]] = [
        (colour, style.format_range(lo, hi, measure, lang)) for lo, hi, colour in brk.ranges()
    ]
    rows.append((None, t("no_data", lang).capitalize()))
    return rows


def event_groups(lang: str) -> list[tuple[str, bool, str]]:
    """(colour, policy: drawn as a ring, label) per group of event types, as on the map."""
    return [
        (style.EVENT_COLOURS[types[0]], types[0] in ev.POLICY_TYPES, t(key, lang))
        for key, types in style.EVENT_GROUPS
    ]


@functools.lru_cache(maxsize=512)  # pure in its (hashable) arguments: the map's scrub
def legend(
    brk: classes.Classes,
    measure: str,
    lang: str,
    with_events: bool,
    nodata: str | None = style.NO_DATA,
    cma: Markup | str = "",
) -> Markup:
    """The legend: the measure's classes with numbers and a no-data swatch (of colour
    `nodata`, or None for the export's hatching), `cma` (cma_legend(..., inner=True)) and,
    with events, the event colours (policy changes as rings, as on the map)."""
    return render(
        "legend.html",
        aria=t("legend", lang),
        title=t("m_" + measure, lang),
        rows=legend_rows(brk, measure, lang),
        nodata=nodata,
        cma=Markup(cma) if cma else "",
        events_title=t("events_legend", lang),
        groups=event_groups(lang) if with_events else [],
    )


def cma_legend(
    title: str,
    rows: Sequence[tuple[str, str]],
    note: str,
    *,
    inner: bool = False,
) -> Markup:
    """The CMA layer's legend: title, (colour, label) rows (none: no year holds a figure)
    and the note saying which year and vintage it shows. inner: as part of legend() (the
    export, whose script rewrites the note: id="cyear"), else a legend of its own."""
    return render("cma_legend.html", title=title, rows=rows, note=note, inner=inner)


# ---------------------------------------------------------------- headline, source line


def narration(changes: Iterable[tuple[str, float]], lang: str) -> Markup:
    """Each (name, change) as "Ontario: +48,200 NPRs since last quarter", joined by " · " and
    escaped; the "no change" text when there is none."""
    items = [
        t("narration_change", lang, name=n, change=i18n.fmt_int(c, lang, signed=True))
        for n, c in changes
    ]
    return Markup(" · ").join(items) if items else Markup.escape(t("narration_none", lang))


def headline(figures: Sequence[tuple[str, str]], narration_html: Markup, lang: str) -> Markup:
    """Canada's figures ((i18n key of the label, formatted value)) in one row that wraps,
    then the narration (Markup, from narration())."""
    return render(
        "headline.html",
        aria=t("canada", lang),
        figures=[(t(key, lang), value) for key, value in figures],
        narration=narration_html,
    )


def source_line(
    text: str, links: Sequence[tuple[str, str]] = (), class_: str = "source-line"
) -> Markup:
    """The source line: its text, then (label, url) links separated by " · "."""
    return render("source_line.html", text=text, links=links, css=class_)


# ---------------------------------------------------------------- events


def event_item(e, lang: str, place: str = "") -> dict:
    """What the event templates show of one event row: the day as precise as the data
    says, its type, title, summary, place (`place`, default the city), organizers, and its
    source (a link only for an http(s) address: events.safe_url)."""
    return {
        "date": e["date"],
        "day": i18n.fmt_event_day(e["date"], e.get("date_precision"), lang),
        "type": t("et_" + e["event_type"], lang),
        "title": e[f"title_{lang}"],
        "summary": e[f"summary_{lang}"],
        "place": place if place else (e.get("city") or ""),
        "organizers": e.get("organizers") or "",
        "source_title": e["source_title"] or t("source", lang),
        "source_url": ev.safe_url(e["source_url"]),
    }


def events(
    items: Iterable[dict], lang: str, form: str = "list", class_: str = "", heading: str = ""
) -> Markup:
    """A list of events (event_item dicts) in one of the forms of events.html:
    - "list": day, type and place, title, organizers, summary and source (the events page);
    - "timeline": the same with a rule down its left (a province's profile);
    - "brief": a paragraph per event (of class `class_`): day, title, source (the map's
      panels, a chapter);
    - "sources": the export's list under `heading`: date, title and source, each a link
      to its source."""
    return render(
        "events.html",
        items=list(items),
        form=form,
        css=class_,
        heading=heading,
        source_word=t("source", lang),
        organizers_word=t("organizers", lang),
        colon=i18n.colon(lang),
    )
