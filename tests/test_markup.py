"""geo.markup and geo/templates/: every piece of HTML the app and the exports share comes
from an autoescaped template, so text from a data file, a URL or a user stays text."""

from __future__ import annotations

import csv
import io
import re
import tokenize
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pandas as pd
import pytest

from geo import (
    DATA_DIR,
    ROOT,
    data,
    events,
    export,
    htmltable,
    layers,
    markup,
    metrics,
    profile,
    site,
    story,
)
from geo import quarters as qtr
from geo.i18n import t
from tests.notices import notices
from tests.test_hardening import data_copy, open_page  # noqa: F401 (a fixture)

# HTML, an attribute break-out, template syntax and Markdown: each must come out as text
EVIL = (
    '<script>alert(1)</script> "><img src=x onerror=alert(2)> '
    "{{ 7*7 }} {% if 1 %}jinja{% endif %} **bold** [phish](http://127.0.0.2:9/p)"
)
URL = 'https://example.org/a?x="><script>alert(3)</script>'
QUARTER = "2024-10-01"


class Parsed(HTMLParser):
    """Tags, attributes, text and scripts of a page, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.scripts, self.in_script = [], [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = self.in_script and tag != "script"

    def handle_data(self, data):
        (self.scripts if self.in_script else self.text).append(data)


def assert_text(html: str) -> None:
    """No element, attribute or script came out of EVIL or URL, and EVIL shows whole, as
    text or as an attribute's value."""
    p = Parsed(html)
    assert "img" not in [tag for tag, _ in p.tags]
    assert not [name for _, attrs in p.tags for name in attrs if name.startswith("on")]
    # no script holds EVIL's code, except as data in the export's JSON (no "<" in it)
    assert not [s for s in p.scripts if "alert(" in s and not s.startswith("{")]
    values = [v for _, attrs in p.tags for v in attrs.values()]
    assert EVIL in "".join(p.text) or EVIL in values


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def hostile_events(ev: pd.DataFrame) -> pd.DataFrame:
    ev = ev.copy()
    for col in ("title_en", "title_fr", "summary_en", "summary_fr", "organizers", "city",
                "source_title"):  # fmt: skip
        ev[col] = EVIL
    ev["source_url"] = URL
    return ev


def test_templates_autoescape_are_strict_and_compiled_once():
    assert markup.ENV.autoescape is True
    assert markup.ENV.undefined is jinja2.StrictUndefined
    assert markup.template("legend.html") is markup.template("legend.html")
    with pytest.raises(jinja2.UndefinedError):  # a missing name is an error, not ""
        markup.render("headline.html", aria="x", figures=[])
    names = {p.name for p in markup.TEMPLATES.glob("*.html")}
    assert {"legend.html", "events.html", "source_line.html", "headline.html",
            "sortable_table.html", "export.html"} <= names  # fmt: skip


def test_event_lists_escape_every_field(bundle):
    ev = hostile_events(bundle.events.head(3))
    for lang in ("en", "fr"):
        items = [markup.event_item(e, lang) for _, e in ev.iterrows()]
        for form in ("list", "timeline", "brief", "sources"):
            html = markup.events(items, lang, form, class_=EVIL, heading=EVIL)
            assert_text(html)
            assert html.count('href="https://example.org/a?x=&#34;&gt;&lt;script&gt;') == 3, form


def test_a_source_that_is_not_http_is_not_a_link(bundle):
    e = bundle.events.iloc[0].copy()
    e["source_url"], e["source_title"] = "javascript:alert(1)", EVIL
    html = markup.events([markup.event_item(e, "en")], "en", "brief")
    assert "<a" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html


def test_pieces_escape_their_text():
    assert_text(markup.tag("p", EVIL, class_=EVIL, title=EVIL))
    assert_text(markup.source_line(EVIL, [(EVIL, URL)]))
    assert_text(markup.headline([("canada", EVIL)], markup.narration([(EVIL, 5)], "en"), "en"))
    assert_text(markup.cma_legend(EVIL, [("#fff", EVIL)], EVIL))
    assert_text(markup.cma_legend(EVIL, [("#fff", EVIL)], EVIL, inner=True))
    df = pd.DataFrame({"name": [EVIL], "n": [1.0]})
    assert_text(htmltable.sortable_table(df, {"name": EVIL}, {"n": str}, EVIL, EVIL, EVIL))
    look = {"bg": "#fff", "border": "#000", "colour": "#000", "sign": "i"}
    assert_text(markup.render("notice.html", kind="info", title=EVIL, body=EVIL, **look))


def test_html_export_escapes_events_and_its_legend_has_the_policy_ring(bundle):
    brk = layers.all_breaks(bundle.panel, bundle.cma_flows)
    quarters = metrics.quarters(bundle.panel)
    ev = hostile_events(bundle.events)
    doc = export.html_view(bundle.panel, bundle.provinces, quarters, QUARTER, "npr_total", "en",
                           brk, ev)  # fmt: skip
    assert_text(doc)
    assert "<script" not in doc.split('id="npr-data">')[1].split("</script>")[0]
    # the same legend as the app's: policy changes and court rulings drawn as rings
    app = markup.legend(brk["npr_total"], "npr_total", "en", True)
    rings = re.findall(r'<li><span class="dot ring"[^>]*></span>[^<]*</li>', app)
    assert len(rings) == sum(1 for _, ring, _ in markup.event_groups("en") if ring) == 2
    assert all(r in doc for r in rings)
    assert ".dot.ring{" in doc  # and the export's style draws them
    items = re.findall(r"<li><span class=\"(?:sw|dot)[^<]*</span>[^<]*</li>", app)
    assert all(i.replace(' style="background:#d4d4d4"', "") in doc for i in items)
    plain = export.html_view(bundle.panel, bundle.provinces, quarters, QUARTER, "npr_total",
                             "en", brk)  # fmt: skip
    assert 'class="dot' not in plain and t("events_legend", "en") not in plain


def test_static_site_index_escapes():
    pages = [site.Page("npr_total", "en", False, EVIL, 1)]
    html = site.index_html(pages)
    assert_text(html)
    assert "<img" not in html and "&lt;img" in html


def test_app_pages_show_hostile_event_text_as_text(data_copy):  # noqa: F811
    """An event row holding HTML, a quote that would close an attribute, template syntax
    and Markdown in every text field: shown as text on the map's province panel, a
    province's timeline, the events page and a story chapter."""
    shipped = data.load(DATA_DIR).events
    by_id = shipped.set_index("id")

    def on_map(event_id: str) -> bool:  # among the province panel's recent events
        e = by_id.loc[event_id]
        recent = events.until(shipped, qtr.containing(e["date"]))
        return event_id in set(recent[recent["province"] == e["province"]].tail(3)["id"])

    chapter, event_id = next(
        (i, eid)
        for i, ch in enumerate(story.load_chapters(DATA_DIR, "en"))
        for eid in ch.events
        if by_id.loc[eid, "province"] != "CA" and on_map(eid)
    )
    path = data_copy / "events" / "events.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    target = next(r for r in rows if r["id"] == event_id)
    for col in ("title_en", "summary_en", "organizers", "city", "source_title"):
        target[col] = EVIL
    target["source_url"] = URL
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    prov, quarter = target["province"], qtr.containing(target["date"])
    pages = [
        ("province", {"province": prov}),
        ("events", {"province": prov}),
        ("story", {"chapter": str(chapter + 1)}),
        ("map", {"quarter": quarter, "province": prov}),
    ]
    for page, params in pages:
        at = open_page(page, **params)
        html = "\n".join(h.value for h in at.html) + "\n".join(str(m.value) for m in at.markdown)
        assert EVIL.split(" ")[0] not in html, page
        assert not notices(at), page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img" in html, page
        assert "{{ 7*7 }} {% if 1 %}jinja{% endif %}" in html, page
        assert "<img" not in html and 'href="https://example.org/a?x="' not in html, page


# ---------------------------------------------------------------- no HTML by hand

HTML_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z])[\s>/]")
SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "views").glob("*.py")),
           *sorted((ROOT / "geo").glob("*.py"))]  # fmt: skip


def hand_made_html(path: Path) -> list[str]:
    """String literals holding an HTML tag that are f-strings with a replacement field,
    or are joined to a value with +, % or .format: HTML built by hand from data."""
    found = []
    toks = [
        tok
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT)
    ]
    for i, tok in enumerate(toks):
        if tok.type != tokenize.STRING or not HTML_TAG.search(tok.string):
            continue
        prefix = re.match(r"[a-zA-Z]*", tok.string).group(0).lower()
        before = toks[i - 1].string if i else ""
        after = [x.string for x in toks[i + 1 : i + 3]]
        if (
            ("f" in prefix and re.search(r"(?<!\{)\{[^{]", tok.string))
            or before == "+"
            or after[:1] in (["+"], ["%"])
            or after == [".", "format"]
        ):
            found.append(f"{path.parent.name}/{path.name}:{tok.start[0]}: {tok.string[:60]}")
    return found


def test_no_html_is_built_by_hand_from_data():
    found = [line for path in SOURCES for line in hand_made_html(path)]
    assert not found, "HTML built by hand (use geo.markup and a template):\n" + "\n".join(found)


def test_the_hand_made_html_check_finds_what_it_should(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "a = f'<li>{x}</li>'\n"
        "b = '<p>' + x + '</p>'\n"
        "c = '<b>%s</b>' % x\n"
        "d = '<i>{}</i>'.format(x)\n"
        "ok = '<style>a{color:red}</style>'\n"
        "ok2 = f'plain {x} text'\n"
        "ok3 = f'{{<b>}}'\n"
    )
    assert sorted({f.split(":")[1] for f in hand_made_html(bad)}) == ["1", "2", "3", "4"]


def test_the_preload_script_holds_its_urls_as_json_that_cannot_close_it():
    html = markup.render("preload.html", urls=["app/static/generated/a.json", "</script><b>"])
    assert html.count("</script>") == 1  # its own end only
    assert '"app/static/generated/a.json"' in html and "\\u003c/script\\u003e" in html


def test_a_profiles_findings_are_text_not_markdown(bundle):
    """The two findings name the province (from a data file): shown as escaped HTML text,
    never read as Markdown."""
    at = open_page("province", province="MB")
    info = profile.province_info(bundle.provinces, "MB")
    finding = profile.total_finding(bundle.panel, info, metrics.quarters(bundle.panel), "en")
    assert any(h.value == str(markup.tag("p", finding)) for h in at.html)
    assert not any(finding in str(m.value) for m in at.markdown)
