"""The CMA layer in real Chromium: polygons coloured by the yearly net change, a legend
centred on zero that says which year it shows, and a click on Toronto opening its panel,
on a desktop and on a phone, in English and French."""

import math

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo import DATA_DIR, cmaflows, data, i18n, layers, projection
from tools.browser import MAP as CHART
from tools.browser import PHONE, canvas_painted, shot, wait_app

MAP = ".quarter-now"


def toronto_on_screen(box: dict, fit_width: int, height: int) -> tuple[float, float]:
    """Where the map draws Toronto's dot: deck.gl's Web Mercator view of the fitted box."""
    b = data.load(DATA_DIR)
    geoms = projection.project_geometries(b.provinces)
    view = projection.fit(tuple(geoms.total_bounds), fit_width, height)
    pt = b.cmas[b.cmas["cmauid"] == "535"].geometry.iloc[0]
    lon, lat = projection.project_points([pt.x], [pt.y])
    scale = 512 * 2**view.zoom / 360

    def merc(y: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(y) / 2)))

    x = box["x"] + box["width"] / 2 + (lon[0] - view.longitude) * scale
    y = box["y"] + box["height"] / 2 - (merc(lat[0]) - merc(view.latitude)) * scale
    return x, y


@pytest.mark.parametrize(
    ("lang", "phone"), [("en", False), ("fr", True)], ids=["desktop-en", "phone-fr"]
)
def test_click_toronto_opens_its_panel(server, open_page, lang, phone):
    pg = open_page(**(PHONE if phone else {"viewport": {"width": 1280, "height": 900}}))
    # on a phone the dots around Toronto overlap at the national zoom: the panel is opened by
    # its link there (a reader zooms in to tap), and by a click on a desktop
    url = f"{server}/?quarter=2024-10-01&layers=provinces,cmas" + (
        "&lang=fr&cma=535" if phone else ""
    )
    pg.goto(url)
    wait_app(pg, MAP)
    legend = pg.locator(".cma-legend")
    legend.wait_for(timeout=30000)
    text = legend.inner_text()
    period = layers.cma_period("2024/2025", lang, preliminary=True)
    assert i18n.t("cma_prelim", lang) in text and period.split(" (")[0][:12] in text
    assert i18n.fmt_int(0, lang) in text  # zero is a break of the diverging classes
    assert canvas_painted(pg, f"cma-{lang}") > 20000
    chart = pg.locator(CHART).first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    fit_width, height = layers.MAP_SIZES["phone" if phone else "desktop"]
    x, y = toronto_on_screen(box, fit_width, height)
    # hover until the tooltip names Toronto (neighbouring CMAs' dots touch it), then click
    on_toronto = (
        "() => (document.querySelector('.deck-tooltip')?.innerText || '').startsWith('Toronto')"
    )
    offsets = [(dx, dy) for r in (0, 2, 4, 6) for dx in (-r, 0, r) for dy in (-r, 0, r)]
    for dx, dy in offsets if not phone else []:
        pg.mouse.move(x + dx, y + dy)
        try:
            pg.wait_for_function(on_toronto, timeout=800)
        except PlaywrightTimeout:  # another CMA or none under the cursor: move on
            continue
        pg.mouse.click(x + dx, y + dy)
        pg.wait_for_function("() => location.search.includes('cma=535')", timeout=20000)
        break
    wait_app(pg, MAP)
    assert "cma=535" in pg.url
    body = pg.inner_text("body")
    assert "Toronto" in body
    flow = cmaflows.values_for(data.load(DATA_DIR).cma_flows, "2023/2024")
    toronto = flow[flow["cmauid"] == "535"]["value"].iloc[0]
    assert i18n.fmt_int(toronto, lang, signed=True) in body  # its four years are listed
    panel = pg.get_by_text(i18n.t("cma_kind", lang), exact=True).first
    panel.wait_for(timeout=30000)
    if phone:  # the panel comes below the map, not squeezed beside it
        assert panel.bounding_box()["y"] > box["y"] + box["height"] - 5
    shot(pg, f"cma-toronto-{'phone' if phone else 'desktop'}-{lang}")


def test_no_cma_figure_for_a_later_quarter(server, page):
    page.goto(server + "/?quarter=2026-07-01&layers=provinces,cmas")
    wait_app(page, MAP)
    note = page.locator(".cma-legend .cma-year")
    note.wait_for(timeout=30000)
    assert "no CMA figure for this date" in note.inner_text()
    assert page.locator(".cma-legend li").count() == 0  # no classes for a year not shown


def test_cma_layer_in_an_embed(server, page):
    page.goto(server + "/?quarter=2023-10-01&layers=provinces,cmas&embed=true")
    wait_app(page, MAP)
    legend = page.locator(".cma-legend")
    legend.wait_for(timeout=30000)
    assert "1 July 2023 to 30 June 2024" in legend.inner_text()
    assert canvas_painted(page, "cma-embed") > 20000
