"""The complete release in real Chromium: the default view has a figure for every
province, and the revisions view shows each release, in English and French."""

import numpy as np
import pytest
from PIL import Image

from geo import DATA_DIR, classes, data, i18n, metrics, style
from geo import quarters as qtr
from tools.browser import ARTIFACTS, canvas_painted, shot, wait_app


def no_data_pixels(name: str) -> int:
    """Pixels of the map's 'no data' fill in the last canvas screenshot `name`."""
    rgb = np.asarray(Image.open(ARTIFACTS / f"{name}-canvas.png").convert("RGB")).astype(int)
    grey = classes.rgb(style.NO_DATA)[:3]
    return int((np.abs(rgb - grey).sum(axis=2) <= 3).sum())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_default_view_has_no_grey_province(server, page, lang):
    b = data.load(DATA_DIR)
    latest = metrics.quarters(b.panel)[-1]
    page.goto(server + ("/?lang=fr" if lang == "fr" else "/"))
    wait_app(page, ".quarter-now")
    name = f"default-view-{lang}"
    assert canvas_painted(page, name) > 20000
    assert no_data_pixels(name) < 30  # no province in the grey of "no data"
    assert qtr.label(latest, lang) in page.inner_text(".quarter-now")
    table = page.locator("table.sortable").first
    table.wait_for()
    text = table.inner_text()
    assert i18n.t("no_data", lang) not in text
    for _, p in b.provinces.iterrows():
        assert p[f"name_{lang}"] in text
    shot(page, name)
    assert not page.problems, page.problems


REVISED = {
    "en": "Canada, 1 October 2024: 3,049,277 as first printed (17 December 2024), 3,149,131",
    "fr": "Canada, 1er octobre 2024\u00a0: 3\u00a0049\u00a0277 à la première publication",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_revisions_view_shows_three_releases(server, page, lang):
    page.goto(server + "/sources" + ("?lang=fr" if lang == "fr" else ""))
    wait_app(page)
    sentence = page.locator(".revision-sentence").first
    sentence.wait_for(timeout=30000)
    text = sentence.inner_text()
    assert REVISED[lang] in text
    assert ("2,984,285" if lang == "en" else "2\u00a0984\u00a0285") in text
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    chart.locator("canvas, svg").first.wait_for(timeout=30000)
    legend = i18n.t("rev_release_label", lang, release=i18n.fmt_date("2025-09-24", lang))
    page.get_by_text(legend, exact=False).first.wait_for(timeout=30000)
    shot(page, f"revisions-{lang}")
    assert not page.problems, page.problems
