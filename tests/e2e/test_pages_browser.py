"""The profile, events and sources pages in real Chromium, in English and French."""

import pytest

from tools.browser import canvas_painted, shot, wait_app

PAGES = [
    # (path and query, language, text that must appear)
    ("province?province=QC&quarter=2024-10-01", "en", "NPRs by type, 2022 to the latest quarter"),
    ("province?province=QC&quarter=2024-10-01", "fr", "RNP par type, de 2022 au dernier trimestre"),
    ("events?type=rally,protest,march", "en", "Events per month"),
    ("events?type=rally,protest,march", "fr", "Événements par mois"),
    ("sources", "en", "How to cite"),
    ("sources", "fr", "Comment citer"),
]


@pytest.mark.parametrize(("path", "lang", "expected"), PAGES)
def test_page_paints(server, page, path, lang, expected):
    sep = "&" if "?" in path else "?"
    url = f"{server}/{path}" + (f"{sep}lang={lang}" if lang != "en" else "")
    page.goto(url)
    wait_app(page)
    page.get_by_text(expected, exact=False).first.wait_for(timeout=30000)
    body = page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0
    name = path.split("?")[0]
    if name == "province":
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.wait_for(timeout=30000)
        chart.locator("canvas, svg").first.wait_for(timeout=30000)
        assert ("Quebec" if lang == "en" else "Québec") in body
    if name == "events":
        assert canvas_painted(page, f"events-map-{lang}", minimum=5000) > 5000
    if name == "sources":
        assert "17-10-0121-01" in body
    assert f"lang={lang}" in page.url or lang == "en"
    shot(page, f"page-{name}-{lang}")
