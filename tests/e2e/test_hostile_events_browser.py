"""Events whose every text field holds HTML, script or Markdown: shown as text, never run,
never a link or an image, nothing fetched from outside."""

import csv
import shutil
from urllib.parse import urlsplit

import pytest

from geo import DATA_DIR
from tests.e2e.conftest import streamlit_server
from tools.browser import MAP as CHART
from tools.browser import shot, wait_app

EVIL = '<img src=x onerror=alert(1)><script>alert("x")</script>'
PHISH = "[phish](http://127.0.0.2:9/p) ![t](http://127.0.0.2:9/t.png) :red[**NOTICE**]"
TEXT_FIELDS = ["title_en", "title_fr", "organizers", "city", "summary_en", "summary_fr",
               "source_title", "attendance"]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, d)
    path = d / "events" / "events.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    ontario = [r for r in rows if r["province"] == "ON"][:3]
    for r in ontario:
        for f in TEXT_FIELDS:
            r[f] = f"{EVIL} {PHISH} {f}"
    rows[0]["source_url"] = "javascript:alert(document.cookie)"  # invalid: left out, named
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    with streamlit_server("server-hostile.log", {"NPR_DATA_DIR": str(d)}) as url:
        yield url, ontario


def test_html_in_events_is_text_everywhere(hostile_server, page):
    url, ontario = hostile_server
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https")
            and urlsplit(r.url).hostname != "127.0.0.1"
            else None
        ),
    )
    last = max(r["date"] for r in ontario)
    visits = [
        ("/province?province=ON", "hostile-profile"),
        ("/events?province=ON", "hostile-events"),
        (f"/?quarter={last[:4]}-{(int(last[5:7]) - 1) // 3 * 3 + 1:02d}-01&province=ON", "hostile-map"),
    ]  # fmt: skip
    for path, name in visits:
        page.goto(url + path)
        # the markup arrives as visible text
        page.wait_for_function(
            "() => document.body.innerText.includes('<img src=x onerror=alert(1)>')",
            timeout=30000,
        )
        wait_app(page)
        assert page.locator("img[src=x]").count() == 0, name
        assert page.locator('[href*="127.0.0.2"], [src*="127.0.0.2"]').count() == 0, name
        assert "[phish](http://127.0.0.2:9/p)" in page.inner_text("body"), name
        if name == "hostile-map":  # hover across the map: tooltips must not run code
            box = page.locator(CHART).first.bounding_box()
            for i in range(12):
                for j in range(6):
                    page.mouse.move(box["x"] + box["width"] * (i + 0.5) / 12,
                                    box["y"] + box["height"] * (j + 0.5) / 6)  # fmt: skip
        shot(page, name)
    text = page.inner_text("body")
    assert "left out" in text and "source_url" in text  # the javascript: row, named
    assert not outside, outside
