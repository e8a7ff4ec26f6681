"""Map first: element boxes in real Chromium on a 1280x900 screen and a 375 px phone."""

from __future__ import annotations

from geo import labels, layers
from tools.browser import MAP as CHART
from tools.browser import MAP_CANVAS, PHONE, canvas_painted, shot, wait_app

MAP = CHART
# the visible area of each element of the page; the map's own box (not its element's,
# which holds the side beside it too) and the side's as two more
VISIBLE_AREAS = """(h) => {
  const sel = '[data-testid="stDeckGlJsonChart"], [data-testid="nprMap"]';
  const boxes = [...document.querySelectorAll(
      '[data-testid="stMain"] [data-testid="stElementContainer"]')].flatMap(el => {
    const map = el.querySelector(sel);
    if (!map) return [[el, false]];
    return [[map, true], ...[...el.querySelectorAll('.qm-side')].map(s => [s, false])];
  });
  return boxes.map(([el, isMap]) => {
    const r = el.getBoundingClientRect();
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, h);
    return {map: isMap, area: Math.max(0, bottom - top) * Math.max(0, r.width),
            text: el.innerText.slice(0, 40)};
  });
}"""


def at_the_top(page) -> None:
    """Scroll the page to its top: boxes are then where a visitor's first screen has them."""
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop === 0"
    )


def box(page, selector: str) -> dict:
    b = page.locator(selector).first.bounding_box()
    assert b, selector
    return b


def test_desktop_map_is_the_largest_thing_above_the_fold(server, page):
    page.goto(server + "/")
    wait_app(page, MAP_CANVAS)
    canvas_painted(page, "layout-desktop", minimum=5000)
    at_the_top(page)
    height = page.viewport_size["height"]
    areas = page.evaluate(VISIBLE_AREAS, height)
    the_map = max(a["area"] for a in areas if a["map"])
    others = [a for a in areas if not a["map"]]
    assert all(a["area"] < the_map for a in others), sorted(others, key=lambda a: -a["area"])[:3]
    m = box(page, MAP)
    assert m["y"] + m["height"] <= height, "the whole map is above the fold"
    fit_width = layers.MAP_SIZES["desktop"][0]
    assert m["width"] >= fit_width + 2 * labels.EDGE, "room for the labels placed for it"
    assert m["y"] < height * 0.3, m
    # the controls: above the map or right under it, all on the first screen
    for selector in ('[data-testid="stSelectbox"]', '[data-testid="stPopover"]',
                     ".st-key-share_open", ".qm-play", ".qm-next", '.qm-slider'):  # fmt: skip
        b = box(page, selector)
        assert b["y"] + b["height"] <= height, selector
    shot(page, "layout-desktop-1280")


def test_phone_map_is_on_the_first_screen(server, open_page):
    page = open_page(**PHONE)
    page.goto(server + "/")
    wait_app(page, MAP_CANVAS)
    canvas_painted(page, "layout-phone", minimum=5000)
    at_the_top(page)
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    m = box(page, MAP)
    assert m["y"] >= 0 and m["y"] + m["height"] <= height, m
    assert m["width"] >= layers.MAP_SIZES["phone"][0] + 2 * labels.EDGE, m
    assert m["x"] >= 0 and m["x"] + m["width"] <= width, m
    measure = box(page, '[data-testid="stSelectbox"]')
    assert measure["y"] + measure["height"] <= m["y"], "the measure above the map"
    for selector in (".qm-play", ".qm-next"):
        b = box(page, selector)
        assert b["y"] + b["height"] <= height, selector
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= width
    shot(page, "layout-phone-375")


def test_projector_map_fills_the_slide(server, open_page):
    """?size=large at 1920x1080: the map is the largest thing on the screen, at least 60%
    of its height, whole, with the controls under it on the same screen; a step (which
    rewrites the URL) keeps the size."""
    page = open_page(viewport={"width": 1920, "height": 1080})
    page.goto(server + "/?size=large")
    wait_app(page, MAP_CANVAS)
    canvas_painted(page, "layout-projector", minimum=5000)
    for step in range(2):
        at_the_top(page)
        height = page.viewport_size["height"]
        areas = page.evaluate(VISIBLE_AREAS, height)
        the_map = max(a["area"] for a in areas if a["map"])
        others = [a for a in areas if not a["map"]]
        assert all(a["area"] < the_map for a in others), max(others, key=lambda a: a["area"])
        m = box(page, MAP)
        assert m["height"] >= 0.6 * height, m
        assert m["y"] >= 0 and m["y"] + m["height"] <= height, m
        for selector in (".qm-play", ".qm-next", ".qm-slider"):
            b = box(page, selector)
            assert b["y"] + b["height"] <= height, selector
        if step == 0:
            shot(page, "layout-projector-1920")
            page.locator(".qm-prev").click()
            page.wait_for_function("() => location.search.includes('quarter=')")
            wait_app(page)
            assert "size=large" in page.url, page.url


def province_panel_boxes(page) -> tuple[dict, dict, dict]:
    """(the map, the selected province's panel, its chart) after the chart has drawn."""
    panel = ".st-key-province_panel"
    chart = f'{panel} [data-testid="stVegaLiteChart"]'
    page.locator(f"{chart} canvas, {chart} svg").first.wait_for(timeout=30000)
    return box(page, MAP), box(page, panel), box(page, chart)


def test_selected_province_has_room_of_its_own(server, page):
    page.goto(server + "/?province=ON")
    wait_app(page, ".st-key-province_panel")
    m, panel, chart = province_panel_boxes(page)
    legend = box(page, ".legend")
    assert panel["y"] >= m["y"] + m["height"], "under the map"
    assert panel["width"] >= m["width"] * 0.9, "as wide as the map, not the legend column"
    assert panel["x"] + panel["width"] <= legend["x"], "not in the legend column"
    assert chart["width"] >= 200 and chart["height"] >= 120, chart
    # the chart is drawn whole: nothing of it scrolls or is cut off
    clipped = page.eval_on_selector(
        '.st-key-province_panel [data-testid="stVegaLiteChart"]',
        "el => el.scrollWidth > el.clientWidth + 1",
    )
    assert not clipped
    shot(page, "layout-province-desktop")


def test_selected_province_on_a_phone_is_under_the_map(server, open_page):
    page = open_page(**PHONE)
    page.goto(server + "/?province=ON&lang=fr")
    wait_app(page, ".st-key-province_panel")
    m, panel, chart = province_panel_boxes(page)
    assert panel["y"] >= m["y"] + m["height"]
    assert box(page, ".legend")["y"] > panel["y"], "the panel before the legend"
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 375
    assert chart["width"] >= 250 and chart["height"] >= 120, chart
    shot(page, "layout-province-phone")


def test_legend_no_data_swatch_is_the_maps_grey(server, page):
    from geo import classes
    from geo.style import NO_DATA

    page.goto(server + "/")
    wait_app(page, ".legend .nodata")
    style = page.eval_on_selector(
        ".legend .nodata",
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).backgroundImage]",
    )
    r, g, b, _ = classes.rgb(NO_DATA)
    assert style == [f"rgb({r}, {g}, {b})", "none"], style
