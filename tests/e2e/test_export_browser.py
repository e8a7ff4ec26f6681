"""Exports in real Chromium: the static HTML offline, and the embed code in a plain page."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import parse_qs, urlparse

import pytest

from geo import DATA_DIR, data, export, i18n, metrics
from geo import quarters as qtr
from geo.i18n import t
from tools.browser import MAP as CHART
from tools.browser import PHONE, canvas_painted, shot, wait_app

QUARTER = "2024-10-01"


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


def test_static_html_offline_paints_and_scrubs(page, bundle, tmp_path):
    raw = export.export(
        "html", bundle.panel, bundle.provinces, QUARTER, "npr_total", "en", bundle.events
    )
    path = tmp_path / "view.html"
    path.write_bytes(raw)
    outside: list[str] = []

    def block(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_selector("svg path.p")
    assert page.locator("svg path.p").count() == 13
    fills = page.eval_on_selector_all("svg path.p", "ps => ps.map(p => p.getAttribute('fill'))")
    assert all(fills) and any(f.startswith("#") for f in fills), fills
    titles = page.eval_on_selector_all("svg path.p title", "ts => ts.map(t => t.textContent)")
    assert all(titles) and len(titles) == 13

    quarters = metrics.quarters(bundle.panel)
    now = page.locator("#now")
    assert now.inner_text().startswith(qtr.label(QUARTER, "en"))
    shot(page, "export-html-offline")
    page.focus("#q")
    page.keyboard.press("ArrowLeft")
    prev = quarters[quarters.index(QUARTER) - 1]
    page.wait_for_function(
        "t => document.getElementById('now').textContent.startsWith(t)",
        arg=qtr.label(prev, "en"),
    )
    assert page.get_attribute("#q", "aria-valuetext") == qtr.label(prev, "en")
    canada = metrics.canada_view(bundle.panel, prev)["npr_total"]
    assert i18n.fmt_int(canada, "en") in now.inner_text()
    shot(page, "export-html-offline-prev")
    assert outside == []


@pytest.fixture
def local_site(tmp_path):
    """A plain static web server (python http.server) on a free port, serving tmp_path."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


ARTICLES = [  # (viewport, context options): a phone (its browser says so) and a desktop
    (375, {**PHONE, "viewport": {"width": 375, "height": 800}}),
    (700, {"viewport": {"width": 700, "height": 900}}),
]


@pytest.mark.parametrize(("width", "options"), ARTICLES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_compact_embed_in_an_article(server, open_page, local_site, width, options, lang):
    """The embed code in a plain article page, as wide as the page (a phone, a 700 px
    column): a compact map (about 500-700 px tall, the iframe fitted to it) with the
    headline, the measure, the quarter, the scrubber, the legend, the source line and a
    link to the full map; nothing cut off, nothing to scroll inside."""
    page = open_page(**options)
    folder, site = local_site
    measure = next(m for m in metrics.MEASURES if m != "npr_total")
    params = {"quarter": QUARTER, "measure": measure, "lang": lang}
    url = export.view_url(server + "/", params, embed=True)
    code = export.embed_code(url, "NPR map", lang)
    (folder / "article.html").write_text(
        "<!doctype html><html><head><meta charset=utf-8><title>Article</title>"
        '<meta name="viewport" content="width=device-width">'
        "<style>body{margin:0 auto;max-width:700px;font-family:serif}</style></head>"
        f"<body><h1>An article</h1><p>Before the map.</p>{code}<p>After.</p></body></html>",
        encoding="utf-8",
    )
    page.goto(site + "/article.html")
    frame_el = page.locator("iframe.npr-map-embed")
    assert frame_el.get_attribute("title") == "NPR map"
    frame = page.frame_locator("iframe.npr-map-embed")
    chart = frame.locator(CHART).first
    chart.wait_for(timeout=60000)
    assert canvas_painted(frame, f"embed-{lang}-{width}", minimum=5000) > 5000
    inner = next(f for f in page.frames if f.url.startswith(server))
    wait_app(inner, ".embed-full a")
    # the article fitted the iframe to its content (the embed's posted height)
    content = inner.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMainBlockContainer\"]');"
        " return Math.ceil(m.getBoundingClientRect().top + m.scrollHeight); }"
    )
    page.wait_for_function(
        "h => Math.abs(document.querySelector('iframe.npr-map-embed')"
        ".getBoundingClientRect().height - h) <= 4",
        arg=content,
        timeout=20000,
    )
    box = frame_el.bounding_box()
    assert 480 <= box["height"] <= 760, box
    assert box["width"] == pytest.approx(width, abs=1)
    assert inner.evaluate("() => document.documentElement.scrollWidth") <= width
    texts = {
        ".embed-title": t("app_title", lang),
        ".embed-measure": t("m_" + measure, lang),
        ".quarter-now": qtr.label(QUARTER, lang),
    }
    for selector, text in texts.items():
        el = frame.locator(selector)
        assert el.inner_text().strip() == text
    for selector in (".embed-title", '.qm-slider', ".qm-play", ".legend",
                     ".legend + .source-line", ".embed-full a"):  # fmt: skip
        b = frame.locator(selector).first.bounding_box()
        assert b and b["y"] >= box["y"] and b["y"] + b["height"] <= box["y"] + box["height"], (
            selector
        )
        assert b["x"] >= 0 and b["x"] + b["width"] <= width + 1, selector
    assert frame.locator('[data-testid="stSidebar"]').count() == 0  # no navigation
    link = frame.locator(".embed-full a")
    assert link.get_attribute("target") == "_blank"
    assert link.inner_text().startswith(t("embed_open_full", lang))
    href = parse_qs(urlparse(link.get_attribute("href")).query)
    assert href["quarter"] == [QUARTER] and href["measure"] == [measure] and "embed" not in href
    assert href.get("lang", ["en"]) == [lang]
    # the scrubber works inside the article
    frame.locator(".qm-prev").click()
    quarters = metrics.quarters(data.load(DATA_DIR).panel)
    prev = quarters[quarters.index(QUARTER) - 1]
    frame.locator(".quarter-now").filter(has_text=qtr.label(prev, lang)).wait_for()
    page.set_viewport_size({"width": width, "height": int(box["y"] + box["height"]) + 60})
    shot(page, f"embed-in-article-{lang}-{width}")
