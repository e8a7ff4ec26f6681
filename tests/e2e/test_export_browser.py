"""Exports in real Chromium: the static HTML offline, and the embed code in a plain page."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from geo import DATA_DIR, data, export, i18n, metrics
from tests.e2e.conftest import ARTIFACTS, shot

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
    assert now.inner_text().startswith(i18n.quarter_label(QUARTER, "en"))
    shot(page, "export-html-offline")
    page.focus("#q")
    page.keyboard.press("ArrowLeft")
    prev = quarters[quarters.index(QUARTER) - 1]
    page.wait_for_function(
        "t => document.getElementById('now').textContent.startsWith(t)",
        arg=i18n.quarter_label(prev, "en"),
    )
    assert page.get_attribute("#q", "aria-valuetext") == i18n.quarter_label(prev, "en")
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


def test_embed_code_shows_the_map_in_a_plain_page(server, page, local_site):
    from PIL import Image

    folder, site = local_site
    params = {"quarter": QUARTER, "measure": "npr_total", "lang": "fr"}
    url = export.view_url(server + "/", params, embed=True)
    code = export.embed_code(url, "Carte des résidents temporaires", "fr")
    (folder / "article.html").write_text(
        "<!doctype html><html lang=fr><head><meta charset=utf-8><title>Article</title></head>"
        f"<body><h1>Un article</h1><p>Avant la carte.</p>{code}<p>Après.</p></body></html>",
        encoding="utf-8",
    )
    page.goto(site + "/article.html")
    frame_el = page.locator("iframe.npr-map-embed")
    assert frame_el.get_attribute("title") == "Carte des résidents temporaires"
    box = frame_el.bounding_box()
    assert box and box["width"] > 1000 and box["height"] >= 1000
    frame = page.frame_locator("iframe.npr-map-embed")
    chart = frame.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(timeout=60000)
    frame.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=30000)
    assert frame.locator('[data-testid="stSidebar"]').count() == 0  # embed: no navigation
    assert frame.get_by_text("T4 2024").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "embed-in-article-canvas.png"
    painted = 0
    for _ in range(20):  # the deck draws once its static files have loaded
        page.wait_for_timeout(500)
        chart.screenshot(path=str(path))
        img = Image.open(path).convert("RGB")
        painted = sum(
            1 for r, g, b in img.get_flattened_data() if not (r > 245 and g > 245 and b > 245)
        )
        if painted > 20000:
            break
    assert painted > 20000
    shot(page, "embed-in-article")
