"""The static embeds (`python -m geo build-site`) in real Chromium: served by a plain static
file server, inside an article page on another origin, at a phone's and a column's width."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo import DATA_DIR, data, i18n, metrics, site
from geo import quarters as qtr
from tools.browser import ARTIFACTS, free_port, shot, wait_http

QUARTER = "2024-10-01"


@pytest.fixture(scope="module")
def static_servers(built_site, tmp_path_factory):
    """`python -m http.server` for the built site, and another for an article about it."""
    folder, pages = built_site
    article_dir = tmp_path_factory.mktemp("article")
    procs, urls = [], []
    for d in (folder, article_dir):
        port = free_port()
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "http.server",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--directory",
                    str(d),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
        )
        urls.append(f"http://127.0.0.1:{port}/")
    try:
        for url in urls:
            wait_http(url, timeout=20)
        yield pages, urls[0], article_dir, urls[1]
    finally:
        for p in procs:
            p.terminate()
            p.wait(10)


def article(article_dir, site_url: str, page: site.Page, quarter: str) -> str:
    """An article page with the static embed code as the share dialog gives it."""
    code = site.embed_code(site.page_url(site_url, page.file, quarter), "Carte", page.lang)
    name = f"article-{page.lang}.html"
    (article_dir / name).write_text(
        f"<!doctype html><html lang={page.lang}><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Article</title></head><body style='margin:0 auto;max-width:680px'>"
        f"<h1>Un article</h1><p>Avant la carte.</p>{code}<p id=after>Après.</p></body></html>",
        encoding="utf-8",
    )
    return name


@pytest.mark.parametrize("width,lang,cmas", [(375, "fr", True), (700, "en", False)])
def test_static_embed_in_an_article(static_servers, open_page, width, lang, cmas):
    pages, site_url, article_dir, article_url = static_servers
    embed = next(p for p in pages if p.measure == "npr_total" and p.lang == lang and p.cmas == cmas)
    name = article(article_dir, site_url, embed, QUARTER)
    page = open_page(viewport={"width": width, "height": 800})
    outside: list[str] = []
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)

    def only_ours(route):
        url = route.request.url
        if url.startswith((site_url, article_url)):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.context.route("**/*", only_ours)
    page.goto(article_url + name)
    frame_el = page.locator("iframe.npr-map-static")
    frame_el.scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.npr-map-static")
    frame.locator("svg path.p").first.wait_for(timeout=30000)
    inner = next(f for f in page.frames if f.url.startswith(site_url))
    b = data.load(DATA_DIR)
    quarters = metrics.quarters(b.panel)
    # the quarter in the address (#quarter=), not the latest
    inner.wait_for_function(
        "t => document.getElementById('now').textContent.startsWith(t)",
        arg=qtr.label(QUARTER, lang),
        polling=50,
    )
    fills = inner.eval_on_selector_all("svg path.p", "ps => ps.map(p => p.getAttribute('fill'))")
    assert len(fills) == 13 and all(f.startswith("#") for f in fills), fills
    assert inner.locator("svg path.c").count() == (41 if cmas else 0)
    # the frame fits its page: the article's listener took the height the page posted
    page.wait_for_function(
        "h => Math.abs(document.querySelector('iframe.npr-map-static')"
        ".getBoundingClientRect().height - h) <= 2",
        arg=inner.evaluate("() => Math.ceil(document.body.getBoundingClientRect().bottom)"),
        polling=50,
        timeout=10000,
    )
    assert inner.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    box = frame_el.bounding_box()
    assert box["width"] <= width
    shot(page, f"static-embed-{width}-{lang}")
    page.screenshot(path=str(ARTIFACTS / f"static-embed-{width}-{lang}-full.png"), full_page=True)

    # the scrubber moves the map, the figures and the link to the full map
    tips = "ps => ps.map(p => p.querySelector('title').textContent)"
    before = inner.eval_on_selector_all("svg path.p", tips)
    assert qtr.label(QUARTER, lang) in before[0]
    inner.focus("#q")
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    earlier = quarters[quarters.index(QUARTER) - 4]
    inner.wait_for_function(
        "t => document.getElementById('now').textContent.startsWith(t)",
        arg=qtr.label(earlier, lang),
        polling=50,
    )
    canada = metrics.canada_view(b.panel, earlier)["npr_total"]
    assert i18n.fmt_int(canada, lang) in inner.inner_text("#now")
    after = inner.eval_on_selector_all("svg path.p", tips)
    assert all(qtr.label(earlier, lang) in tip for tip in after), after[:2]
    href = inner.get_attribute("#open-full", "href")
    assert href.startswith("https://maps.example.org/map?quarter=" + earlier)
    assert f"lang={lang}" in href if lang == "fr" else "lang=" not in href
    assert inner.get_attribute("#open-full", "target") == "_blank"
    data_ = json.loads(inner.text_content("#npr-data"))
    assert data_["extra"]["quarters"] == quarters
    assert outside == [], outside
    assert console == [], console
