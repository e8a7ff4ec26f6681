"""Property test: random event rows (valid, hostile, malformed) through validate-events,
the loader and every export. Whatever the validator accepts the app can show and export;
whatever it rejects, the loader leaves out with the same message; nothing raises."""

from __future__ import annotations

import csv
import io
import json
import string
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geo import (
    DATA_DIR,
    charts,
    data,
    eventmap,
    events,
    explore,
    export,
    i18n,
    layers,
    metrics,
    safe,
)
from geo import quarters as qtr

HOSTILE = [
    ":red[**OFFICIAL**] [log in](http://127.0.0.2:9/p) ![x](http://127.0.0.2:9/t.png)",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    '=HYPERLINK("http://127.0.0.2/x","click")', "+1+1", "-5 °C march", "@SUM(A1)", "\t=1",
    " =1", "\r=1", "a\nb", "a\r\nb", "a\rb", "x\u202ey", "nul\x00", "bell\x07", "é" * 50,
    "🙂 $x$ :smile:", "&lt;b&gt;", '"quoted, with comma"', "x" * 2000, "", " ", "Rally",
]  # fmt: skip
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
DATES = st.one_of(
    st.sampled_from(["2024-05-09", "2024-W18-3", " 2024-05-01", "2024-05-01 ", "2024-05",
                     "20240501", "2024-02-30", "2024-122", "2099-01-01", "2021-12-31", ""]),
    st.dates(date(2021, 6, 1), date(2027, 1, 1)).map(date.isoformat),
    st.text(alphabet=string.digits + "-W T:", max_size=12),
)  # fmt: skip
COORDS = st.one_of(
    st.sampled_from(["46.24", "-63.13", "45.5", "-73.6", " 46.24", "1e1", "nan", "inf",
                     "4_6", "-0", "", "+45.5", "45.", ".5"]),
    st.floats(-150, 90).map(str),
)  # fmt: skip


def code(values: tuple[str, ...]):
    return st.one_of(st.sampled_from(values), st.sampled_from(["", " ON", "on", "XX", "<b>"]))


# text the validator accepts, hostile for a renderer: Markdown, HTML, entities, emoji, long
SHOWN = st.one_of(
    st.sampled_from([h for h in HOSTILE if h.strip() and h.strip()[0] not in "=+-@"
                     and not any(c in h for c in "\x00\x07\u202e\r\t")]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(
        lambda t: t.strip() and t.strip()[0] not in "=+-@"),
)  # fmt: skip
VALID = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True),
        "date": st.dates(date(2022, 1, 1), date(2025, 12, 31)).map(date.isoformat),
        "date_precision": st.sampled_from(["", "day", "month"]),
        "end_date": st.just(""),
        "title_en": SHOWN, "title_fr": SHOWN,
        "event_type": st.sampled_from(events.EVENT_TYPES),
        "actor_type": st.sampled_from(("",) + events.ACTOR_TYPES),
        "organizers": SHOWN, "city": SHOWN, "province": st.sampled_from(events.REGIONS),
        "cma": st.just(""),
        "latitude": st.floats(42, 70).map(lambda v: f"{v:.4f}"),
        "longitude": st.floats(-140, -53).map(lambda v: f"{v:.4f}"),
        "attendance": st.one_of(st.just(""), SHOWN), "summary_en": SHOWN, "summary_fr": SHOWN,
        "source_url": st.sampled_from(["https://example.org/a?b=1&c=<2>", "http://x.org"]),
        "source_title": SHOWN, "source_date": st.just(""),
    }
)  # fmt: skip
FIELD_VALUES = {
    "id": st.sampled_from(["e1", "bad id", "", "<x>", "a" * 101]),
    "date": DATES, "end_date": DATES, "source_date": DATES,
    "date_precision": st.sampled_from(["", "day", "month", "Day", "year"]),
    "event_type": code(events.EVENT_TYPES), "actor_type": code(events.ACTOR_TYPES),
    "province": code(events.REGIONS), "cma": st.sampled_from(["", "505", "535", "999"]),
    "latitude": COORDS, "longitude": COORDS,
    "source_url": st.sampled_from(["javascript:alert(1)", "https://a.org/x y", " https://a.org",
                                   "", "ftp://x.org", "https://ok.example/"]),
}  # fmt: skip
# a valid row with up to three fields replaced by anything (hostile, malformed or fine)
ROWS = st.builds(
    lambda base, changes: {**base, **changes},
    VALID,
    st.lists(st.sampled_from(events.COLUMNS), max_size=3).flatmap(
        lambda cols: st.fixed_dictionaries({c: FIELD_VALUES.get(c, TEXT) for c in cols})
    ),
)
PLAIN = {"id": "ok", "date": "2024-05-09", "date_precision": "day", "end_date": "",
         "title_en": "Rally", "title_fr": "Rassemblement", "event_type": "rally",
         "actor_type": "", "organizers": "", "city": "Halifax", "province": "NS", "cma": "",
         "latitude": "44.65", "longitude": "-63.57", "attendance": "", "summary_en": "s",
         "summary_fr": "s", "source_url": "https://example.org/a", "source_title": "t",
         "source_date": ""}  # fmt: skip


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


@pytest.fixture(scope="module")
def shared(bundle):
    quarters = metrics.quarters(bundle.panel)
    return quarters, layers.all_breaks(bundle.panel), set(bundle.cmas["cmauid"])


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def write(tmp_path, rows: list[dict], crlf: bool) -> tuple[object, list[int]]:
    """The file, and the physical line each row starts on."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=events.COLUMNS, lineterminator="\r\n" if crlf else "\n")
    w.writeheader()
    starts = []
    for r in rows:
        starts.append(buf.getvalue().count("\n") + 1)
        w.writerow(r)
    path = tmp_path / "events.csv"
    path.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    return path, starts


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(ROWS, min_size=1, max_size=5), crlf=st.booleans(), lang=st.sampled_from(["en", "fr"]))  # fmt: skip
def test_rows_through_validator_loader_and_exports(tmp_path, bundle, shared, rows, crlf, lang):
    quarters, breaks, cmas = shared
    path, starts = write(tmp_path, [PLAIN, *rows], crlf)
    problems = events.validate_file(path, cmas)
    assert all(p.startswith("events.csv line ") for p in problems)
    left_out: list[str] = []
    df = events.load_events(path, cmas, left_out)
    assert left_out == problems  # the loader leaves out exactly what the validator rejects
    bad_lines = {int(p.split()[2].rstrip(",:")) for p in problems}
    blank = {
        s for s, r in zip(starts, [PLAIN, *rows], strict=True) if not "".join(r.values()).strip()
    }
    assert bad_lines <= set(starts)  # every problem is on the line its row starts on
    assert len(df) == len(set(starts) - bad_lines - blank)
    assert "ok" in set(df["id"])  # a good row is never lost to a bad one
    event(f"{len(df) - 1} generated rows loaded")

    # what the pages do with the events
    for _, e in df.iterrows():
        assert qtr.containing(e["date"]) in e["quarter"]
        i18n.fmt_event_day(e["date"], e["date_precision"], lang)
        assert layers.event_tip(e, lang)
    json.dumps(layers.events_json(df, quarters))
    json.dumps(eventmap.points(df, lang))
    monthly = explore.per_month(df, lang)
    charts.timeline_chart(monthly, lang, charts.policy_rules(df, lang, None, None)).to_dict()

    # CSV: every text cell comes back as written; no cell starts a formula
    raw = export.csv_with_source(explore.download_frame(df, lang), "source")
    body = raw.decode("utf-8").split("\n", 1)[1]
    table = list(csv.DictReader(io.StringIO(body, newline="")))
    assert [r["title"] for r in table] == list(df[f"title_{lang}"])
    for r in table:
        for col, cell in r.items():
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert col in ("latitude", "longitude") and float(cell) < 0

    # HTML export: event text only as text, links only http(s)
    quarter = quarters[-1]  # one quarter on the scrubber: the events part is the same
    doc = export.html_view(bundle.panel, bundle.provinces, [quarter], quarter, "npr_total",
                           lang, breaks, df)  # fmt: skip
    parser = Tags()
    parser.feed(doc)
    names = [t for t, _ in parser.tags]
    assert "img" not in names and "iframe" not in names and names.count("script") == 2
    for tag, attrs in parser.tags:
        if tag == "a":
            assert attrs["href"].startswith(("http://", "https://"))
    for title in df[f"title_{lang}"]:
        assert safe.html(title) in doc


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(ROWS, min_size=1, max_size=4))  # fmt: skip
def test_accepted_rows_draw_in_svg_and_png(tmp_path, bundle, shared, rows):
    quarters, breaks, cmas = shared
    path, _ = write(tmp_path, [PLAIN, *rows], False)
    df = events.load_events(path, cmas, [])
    svg = export.svg_bytes(bundle.panel, bundle.provinces, quarters[-1], "npr_total", "en",
                           breaks, df)  # fmt: skip
    assert svg.startswith(b"<?xml") and b"<script" not in svg
    assert export.png_bytes(bundle.panel, bundle.provinces, quarters[-1], "npr_total", "fr",
                            breaks, df).startswith(b"\x89PNG")  # fmt: skip
