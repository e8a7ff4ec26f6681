"""Story mode in real Chromium (keyboard stepping, map, presenter type size) and AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import DATA_DIR, ROOT, safe, story
from tests.notices import notices
from tools.browser import MAP as CHART
from tools.browser import PHONE, canvas_painted, shot, wait_app

N = len(story.load_chapters(DATA_DIR, "en"))


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
        painted = canvas_painted(page, f"story-{lang}-{i:02d}", minimum=5000, timeout_s=15)
        assert painted > 5000, (lang, i, painted)
        if i in (1, len(chapters)):  # canvas_painted saved each map; whole page twice
            shot(page, f"story-{lang}-{i:02d}")
    page.keyboard.press("ArrowLeft")
    _wait_chapter(page, len(chapters) - 1, lang)


def _phone_boxes(page) -> tuple[dict, dict, dict]:
    """(the chapter title, its map, its text) with the page scrolled to its top."""
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop === 0"
    )
    boxes = [
        page.locator(s).first.bounding_box() for s in (".story-title", CHART, ".st-key-story_text")
    ]
    assert all(boxes), boxes
    return tuple(boxes)


# buttons and links whose text is cut (an ellipsis, or hidden overflow)
CUT_TEXTS_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMain"] button *, [data-testid="stMain"] a *')]
  .filter(e => !(e instanceof SVGElement) && e.scrollWidth > e.clientWidth + 1
    && getComputedStyle(e).overflow !== 'visible')
  .map(e => e.textContent)"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_button_text_is_cut_on_a_laptop(server, open_page, lang):
    """At 1280 px, every button and link of the story shows its whole text (the speaker
    notes' button was cut to "Speaker notes (ne…" by a row of fixed column shares)."""
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/story?chapter=1&lang={lang}")
    _wait_chapter(page, 1, lang)
    assert page.evaluate(CUT_TEXTS_JS) == []


@pytest.mark.parametrize(("chapter", "lang"), [(1, "en"), (4, "fr")])
def test_phone_chapter_map_is_on_the_first_screen(server, open_page, chapter, lang):
    """On a 375 px phone the chapter's map comes right under its title, whole on the first
    screen, before the long text; Previous / Next follow the chapter and work."""
    page = open_page(**PHONE)
    page.goto(f"{server}/story?chapter={chapter}&lang={lang}")
    for n in (chapter, chapter + 1):
        _wait_chapter(page, n, lang)
        assert canvas_painted(page, f"story-phone-{lang}-{n}", minimum=5000) > 5000
        title, the_map, text = _phone_boxes(page)
        height, width = PHONE["viewport"]["height"], PHONE["viewport"]["width"]
        assert 0 <= the_map["y"] and the_map["y"] + the_map["height"] <= height, the_map
        assert title["y"] + title["height"] <= the_map["y"] <= title["y"] + title["height"] + 40
        assert the_map["x"] >= 0 and the_map["x"] + the_map["width"] <= width, the_map
        assert text["y"] >= the_map["y"] + the_map["height"], "the text after the map"
        nxt = page.locator(".st-key-story_next button")
        assert nxt.bounding_box()["y"] > text["y"], "Previous / Next after the chapter"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        if n == chapter:
            shot(page, f"story-phone-{lang}-{n}")
            nxt.click()


SIZES_JS = """() => {
  const px = s => { const el = document.querySelector(s);
                    return el ? parseFloat(getComputedStyle(el).fontSize) : 0; };
  return {text: px('.st-key-story_text p'), legend: px('.legend li'),
          events: px('.story-event'), menu: px('[class*="st-key-w_story_idx_"] input'),
          next: px('.st-key-story_next button p'), quarter: px('.quarter-now')};
}"""


def test_presenter_mode_scales_everything_with_the_text(server, open_page):
    """On a 1920x1080 projector the audience's view is large throughout: text, legend,
    events, chapter menu, buttons (map labels: test_apptest_presenter_map_labels), with
    no sidebar, no controls and no speaker notes."""
    page = open_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server}/story?chapter=5")
    _wait_chapter(page, 5, "en")
    normal = page.evaluate(SIZES_JS)
    page.goto(f"{server}/story?chapter=5&presenter=true")
    _wait_chapter(page, 5, "en")
    page.wait_for_selector(".legend li")
    big = page.evaluate(SIZES_JS)
    assert big["text"] >= 32, big
    for part, size in big.items():
        assert size >= 22 and size >= 1.3 * normal[part], (part, size, normal[part])
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator(".story-notes").count() == 0
    assert page.locator('[data-testid="stCheckbox"], [data-testid="stLinkButton"]').count() == 0
    assert canvas_painted(page, "story-presenter", minimum=5000) > 5000
    # the map and its legend side by side, whole on the slide
    chart = page.locator(CHART).first.bounding_box()
    legend = page.locator(".legend").first.bounding_box()
    assert chart["y"] + chart["height"] <= 1080 and legend["x"] >= chart["x"] + chart["width"]
    shot(page, "story-presenter-1920")


def test_speaker_notes_only_in_the_speaker_view_which_leads_the_audience(server, open_page):
    """The notes show in the speaker's window (?notes=true), never on the audience's
    (?presenter=true, even when asked for notes there too); the two windows keep the
    same chapter whichever one moves."""
    chapters = story.load_chapters(DATA_DIR, "en")
    n = next(i for i, ch in enumerate(chapters, start=1) if ch.notes and i < len(chapters) - 1)
    audience = open_page(viewport={"width": 1920, "height": 1080})
    speaker = audience.context.new_page()  # watched too: its errors fail the test (conftest)
    audience.goto(f"{server}/story?chapter={n}&presenter=true&contrast=high")
    _wait_chapter(audience, n, "en")
    speaker.goto(f"{server}/story?chapter={n}&notes=true")
    _wait_chapter(speaker, n, "en")
    notes = speaker.locator(".story-notes")
    notes.wait_for()
    assert chapters[n - 1].notes in notes.inner_text()
    assert audience.locator(".story-notes").count() == 0
    speaker.locator(".st-key-story_next button").click()
    _wait_chapter(speaker, n + 1, "en")
    _wait_chapter(audience, n + 1, "en")  # the audience follows
    assert audience.locator(".story-notes").count() == 0
    assert "presenter=true" in audience.url and f"chapter={n + 1}" in audience.url
    audience.evaluate("document.activeElement && document.activeElement.blur()")
    audience.keyboard.press("ArrowLeft")  # the audience's window leads too
    _wait_chapter(audience, n, "en")
    _wait_chapter(speaker, n, "en")
    assert chapters[n - 1].notes in speaker.locator(".story-notes").inner_text()
    bg = audience.eval_on_selector(".stApp", "el => getComputedStyle(el).backgroundColor")
    assert bg == "rgb(0, 0, 0)", bg
    shot(audience, "story-presenter-contrast")
    shot(speaker, "story-speaker-view")


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
    assert safe.html(ch.title) in _html(at)
    assert at.session_state["story_view"].chapter == 3
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
    assert at.session_state["story_view"].chapter == 1


def test_apptest_french():
    at = _run(chapter="5", lang="fr")
    assert f"Chapitre 5 sur {N}" in _html(at)
    ch = story.load_chapters(DATA_DIR, "fr")[4]
    assert any(ch.title.split(" :")[0] in m.value for m in at.markdown)


def test_apptest_presenter_map_labels_scale_with_the_text():
    """The map's labels are drawn larger in presenter mode, as the text is."""
    import json as _json
    import re

    def label_px(at) -> int:
        spec = _json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        layer = next(lay for lay in spec["layers"] if lay["id"].startswith("labels-2"))
        return max(int(v) for v in re.findall(r"\? (\d+) :", layer["getSize"]))

    normal = label_px(_run(chapter="5"))
    presenter = label_px(_run(chapter="5", presenter="true"))
    assert presenter >= 1.5 * normal, (normal, presenter)
