"""The view state in real Chromium: it survives language switches, Play / Pause, back /
forward and reloads on every page with a view (the server log must stay clean: conftest).

Quarters, measures and chapters come from the data and geo/, never written here."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from geo import DATA_DIR, data, i18n, metrics, state, story
from geo import quarters as qtr
from geo.i18n import t
from tools.browser import shot, wait_app

MAP = ".quarter-now"


@pytest.fixture(scope="module")
def bundle():
    return data.load(DATA_DIR)


@pytest.fixture(scope="module")
def quarters(bundle):
    return metrics.quarters(bundle.panel)


def params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def switch_language(page, lang: str) -> None:
    """Click English / Français in the sidebar, then wait for the page in that language."""
    page.locator('[data-testid="stSidebar"]').get_by_text(
        {"en": "English", "fr": "Français"}[lang], exact=True
    ).click()
    page.wait_for_function(
        "lang => (new URLSearchParams(location.search).get('lang') || 'en') === lang",
        arg=lang,
        timeout=30000,
    )
    wait_app(page)


def wait_text(page, selector: str, text: str, timeout: float = 30000) -> None:
    page.wait_for_function(
        "([s, t]) => (document.querySelector(s)?.innerText || '').trim() === t",
        arg=[selector, text],
        timeout=timeout,
    )


def select_text(page, nth: int) -> str:
    """The shown value of the nth select box of the page (not its label)."""
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').nth(nth)
    return box.locator('input[role="combobox"]').input_value().strip()


# ---------------------------------------------------------------- the map


def map_view(page) -> dict:
    """What the map page shows of its view, as codes and as text."""
    slider = page.locator(".qm-slider").first
    return {
        "url": {k: v for k, v in params(page).items() if k != "lang"},
        "heading": page.locator(MAP).inner_text().strip(),
        "slider": slider.get_attribute("aria-valuetext"),
        "measure_box": select_text(page, 0),
        "legend": page.locator(".legend strong").first.inner_text().strip(),
    }


def expected_map(quarter: str, measure: str, lang: str) -> dict:
    return {
        "heading": qtr.label(quarter, lang),
        "slider": qtr.short(quarter, lang),
        "measure_box": t("m_" + measure, lang),
        "legend": t("m_" + measure, lang),
    }


def test_map_view_survives_en_fr_en_and_a_reload(server, page, quarters):
    quarter = quarters[len(quarters) // 2]  # neither the first nor the default (latest)
    measure = next(m for m in metrics.MEASURES if m != state.View(quarter).measure)
    url = f"/?quarter={quarter}&measure={measure}&layers=provinces&province=ON"
    page.goto(server + url)
    wait_app(page, MAP)
    first = map_view(page)
    assert first["url"] == {
        "quarter": quarter,
        "measure": measure,
        "layers": "provinces",
        "province": "ON",
    }
    for lang in ("fr", "en", "fr"):
        switch_language(page, lang)
        wait_text(page, MAP, qtr.label(quarter, lang))
        now = map_view(page)
        assert now["url"] == first["url"], lang
        assert {k: now[k] for k in expected_map(quarter, measure, lang)} == expected_map(
            quarter, measure, lang
        ), lang
        shot(page, f"state-map-{lang}")
    page.reload()
    wait_app(page, MAP)
    wait_text(page, MAP, qtr.label(quarter, "fr"))
    assert map_view(page)["url"] == first["url"]
    assert map_view(page)["measure_box"] == t("m_" + measure, "fr")
    # the view still responds: a step moves one quarter
    page.locator(".qm-next").click()
    wait_text(page, MAP, qtr.label(quarters[quarters.index(quarter) + 1], "fr"))


def open_options(page) -> str:
    """Open the 'Layers and speed' popover; the text of its layers box."""
    page.locator('[data-testid="stPopover"] button').first.click()
    box = page.locator('[data-testid="stPopoverBody"] [data-testid="stMultiSelect"]').first
    box.wait_for(timeout=10000)
    text = box.inner_text()
    page.keyboard.press("Escape")
    return text


def test_play_pause_step_keeps_the_layers(server, page, quarters):
    measure = next(m for m in metrics.MEASURES if m != "npr_total")
    page.goto(f"{server}/?quarter={quarters[0]}&measure={measure}&layers=provinces,cmas")
    wait_app(page, MAP)
    page.locator(".qm-play").click()
    wait_text(page, MAP, qtr.label(quarters[1], "en"))
    page.locator(".qm-play").click()  # pause
    page.wait_for_function(
        "t => document.querySelector('.qm-play')?.innerText.includes(t)",
        arg=t("play", "en"),
        timeout=20000,
    )
    wait_app(page, MAP)
    paused_at = page.locator(MAP).inner_text().strip()
    at = next(q for q in quarters if qtr.label(q, "en") == paused_at)
    page.locator(".qm-next").click()
    step = quarters[quarters.index(at) + 1]
    wait_text(page, MAP, qtr.label(step, "en"))
    wait_app(page, MAP)
    assert params(page)["quarter"] == step
    assert params(page)["layers"] == "provinces,cmas"
    assert params(page)["measure"] == measure
    assert page.locator(".cma-legend").count() == 1  # the CMA layer is drawn, with its legend
    layers_box = open_options(page)
    assert t("layer_provinces", "en") in layers_box
    assert t("layer_cmas", "en") in layers_box
    assert t("layer_events", "en") not in layers_box
    shot(page, "state-after-play-pause-step")


def test_back_and_forward_restore_the_view(server, page, quarters):
    quarter = quarters[-2]
    page.goto(f"{server}/?quarter={quarter}")
    wait_app(page, MAP)
    page.locator(".qm-prev").click()
    before = quarters[-3]
    wait_text(page, MAP, qtr.label(before, "en"))
    wait_app(page, MAP)
    switch_language(page, "fr")
    wait_text(page, MAP, qtr.label(before, "fr"))
    page.go_back()  # the language switch
    wait_text(page, MAP, qtr.label(before, "en"))
    wait_app(page, MAP)
    assert select_text(page, 0) == t("m_npr_total", "en")
    page.go_back()  # the step
    wait_text(page, MAP, qtr.label(quarter, "en"))
    wait_app(page, MAP)
    assert params(page)["quarter"] == quarter
    assert map_view(page)["slider"] == qtr.short(quarter, "en")
    page.go_forward()
    wait_text(page, MAP, qtr.label(before, "en"))
    wait_app(page, MAP)
    assert params(page)["quarter"] == before
    page.go_forward()
    wait_text(page, MAP, qtr.label(before, "fr"))
    assert select_text(page, 0) == t("m_npr_total", "fr")


def test_one_back_press_leaves_a_page_for_the_one_before(server, page, quarters):
    """A first visit adds no history entry of its own (the URL it came with names its view
    already), so Back from the story returns to the map in one press, as it was left."""
    quarter = quarters[-2]
    page.goto(f"{server}/?quarter={quarter}")
    wait_app(page, MAP)
    assert page.evaluate("history.length") == 2  # about:blank, then this visit
    page.locator(".qm-prev").click()
    before = quarters[-3]
    wait_text(page, MAP, qtr.label(before, "en"))
    page.wait_for_function("q => location.search.includes(q)", arg=before, timeout=20000)
    page.locator('[data-testid="stSidebarNav"] a[href$="/story"]').click()
    wait_app(page, ".story-progress")
    assert "chapter" not in params(page)  # the story's first visit wrote no URL of its own
    page.go_back()
    wait_text(page, MAP, qtr.label(before, "en"))
    wait_app(page, MAP)
    assert params(page)["quarter"] == before


def test_one_back_press_leaves_a_link_with_a_bad_value(server, page):
    """A link with a bad value shows its notice and keeps the URL as it came (rewriting it
    would be a history entry Back lands on first): one press goes back where it came from."""
    page.goto(f"{server}/sources")
    wait_app(page)
    page.goto(f"{server}/?quarter=1999-01-01")
    wait_app(page, MAP)
    page.get_by_text("“1999-01-01”").first.wait_for(timeout=20000)
    assert params(page)["quarter"] == "1999-01-01"
    page.go_back()
    page.wait_for_url(f"{server}/sources", timeout=20000)


# ---------------------------------------------------------------- the other pages


def test_story_chapter_survives_en_fr_en(server, page):
    chapters = {lang: story.load_chapters(DATA_DIR, lang) for lang in ("en", "fr")}
    n = 3 if len(chapters["en"]) >= 3 else len(chapters["en"])
    page.goto(f"{server}/story?chapter={n}")
    wait_app(page, ".story-progress")
    for lang in ("fr", "en"):
        switch_language(page, lang)
        word = "Chapter" if lang == "en" else "Chapitre"
        page.wait_for_function(
            "t => document.querySelector('.story-progress')?.innerText.startsWith(t)",
            arg=f"{word} {n} ",
            timeout=30000,
        )
        assert params(page)["chapter"] == str(n)
        assert select_text(page, 0) == f"{n}. {chapters[lang][n - 1].title}"
        assert page.locator(".story-title").inner_text().strip() == chapters[lang][n - 1].title


def test_province_profile_survives_en_fr_en(server, page, bundle, quarters):
    quarter = quarters[len(quarters) // 2]
    names = bundle.provinces.set_index("code")
    page.goto(f"{server}/province?province=QC&quarter={quarter}")
    wait_app(page, '[data-testid="stSelectbox"]')
    for lang in ("fr", "en"):
        switch_language(page, lang)
        page.get_by_text(
            t("pf_figures_for", lang, date=i18n.fmt_date(quarter, lang))
        ).first.wait_for(timeout=30000)
        assert params(page)["province"] == "QC"
        assert params(page)["quarter"] == quarter
        assert select_text(page, 0) == names.loc["QC", f"name_{lang}"]
        assert select_text(page, 1) == qtr.short(quarter, lang)


def test_events_filters_survive_en_fr_en(server, page):
    page.goto(f"{server}/events?type=rally,protest&province=ON")
    wait_app(page, '[data-testid="stMultiSelect"]')
    boxes = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]')
    for lang in ("fr", "en"):
        switch_language(page, lang)
        page.get_by_text(t("ex_title", lang)).first.wait_for(timeout=30000)
        assert params(page)["type"] == "rally,protest"
        assert params(page)["province"] == "ON"
        types = boxes.nth(0).inner_text()
        assert t("et_rally", lang) in types and t("et_protest", lang) in types
        assert t("et_strike", lang) not in types
        where = boxes.nth(2).inner_text()
        assert ("Ontario") in where
