"""Story mode in real Chromium (keyboard stepping, map, presenter type size) and AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT, story
from tests.e2e.conftest import ARTIFACTS, canvas_painted, shot, wait_app
from tests.notices import notices

N = len(story.load_chapters(DATA_DIR, "en"))


def _painted(page, name: str, minimum: int = 5000, timeout_s: float = 15) -> int:
    """Like conftest.canvas_painted, but polls instead of sleeping a fixed 1.5 s per map,
    so that stepping through 2 x 10 chapters stays quick. Saves the map's screenshot."""
    import io
    import time

    import numpy as np
    from PIL import Image

    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(timeout=30000)
    deadline = time.time() + timeout_s
    count = 0
    while time.time() < deadline:
        page.wait_for_timeout(250)
        png = chart.screenshot()
        img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        count = int((~(img > 245).all(axis=2)).sum())
        if count > minimum:
            (ARTIFACTS / f"{name}-canvas.png").write_bytes(png)
            break
    return count


def _title(page) -> str:
    return page.locator(".story-title").first.inner_text().strip()


def _wait_chapter(page, n: int, lang: str) -> None:
    word = "Chapter" if lang == "en" else "Chapitre"
    page.wait_for_function(
        "t => document.querySelector('.story-progress')?.innerText.startsWith(t)",
        arg=f"{word} {n} ",
        timeout=30000,
    )
    wait_app(page)


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_step_through_every_chapter_with_the_keyboard(server, page, lang):
    chapters = story.load_chapters(DATA_DIR, lang)
    page.goto(f"{server}/story?chapter=1&lang={lang}")
    _wait_chapter(page, 1, lang)
    for i, ch in enumerate(chapters, start=1):
        if i > 1:
            page.evaluate("document.activeElement && document.activeElement.blur()")
            page.keyboard.press("ArrowRight")
            _wait_chapter(page, i, lang)
        assert _title(page) == ch.title
        assert f"chapter={i}" in page.url
        painted = _painted(page, f"story-{lang}-{i:02d}")
        assert painted > 5000, (lang, i, painted)
        if i in (1, len(chapters)):  # canvas_painted saved each map; whole page twice
            shot(page, f"story-{lang}-{i:02d}")
    page.keyboard.press("ArrowLeft")
    _wait_chapter(page, len(chapters) - 1, lang)
    assert not [p for p in page.problems if "pageerror" in p], page.problems


@pytest.mark.e2e
def test_presenter_mode_has_large_type(server, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{server}/story?chapter=5&presenter=true")
        _wait_chapter(page, 5, "en")
        page.wait_for_selector(".st-key-story_text p")
        size = page.eval_on_selector(
            ".st-key-story_text p", "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert size >= 32, size
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert canvas_painted(page, "story-presenter") > 5000
        shot(page, "story-presenter-1920")
        page.goto(f"{server}/story?chapter=5&presenter=true&contrast=high&notes=true")
        _wait_chapter(page, 5, "en")
        page.wait_for_selector(".story-notes")
        bg = page.eval_on_selector(".stApp", "el => getComputedStyle(el).backgroundColor")
        assert bg == "rgb(0, 0, 0)", bg
        shot(page, "story-presenter-contrast")
    finally:
        context.close()


# ---- AppTest: the page's logic without a browser


def _run(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page("views/story.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _html(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_apptest_opens_chapter_3():
    at = _run(chapter="3")
    ch = story.load_chapters(DATA_DIR, "en")[2]
    assert f"Chapter 3 of {N}" in _html(at)
    assert ch.title.replace("'", "&#x27;") in _html(at)
    assert at.session_state["story_idx"] == 2
    assert at.query_params["chapter"] == ["3"] or at.query_params["chapter"] == "3"
    assert not notices(at)
    at.button(key="story_next").click().run()
    assert f"Chapter 4 of {N}" in _html(at)


@pytest.mark.parametrize("bad", ["99", "zero", "-2"])
def test_apptest_bad_chapter_falls_back_with_notice(bad):
    at = _run(chapter=bad)
    text = " ".join(notices(at))
    assert "“chapter”" in text and bad in text
    assert f"Chapter 1 of {N}" in _html(at)
    assert at.session_state["story_idx"] == 0


def test_apptest_french():
    at = _run(chapter="5", lang="fr")
    assert f"Chapitre 5 sur {N}" in _html(at)
    ch = story.load_chapters(DATA_DIR, "fr")[4]
    assert any(ch.title.split(" :")[0] in m.value for m in at.markdown)
