"""The map page in real Chromium."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.browser import MAP as CHART
from tools.browser import MAP_CANVAS, canvas_painted, poll, shot, wait_app

MAP = ".quarter-now"


def test_map_paints_and_shows_canada_number(server, page):
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP)
    assert canvas_painted(page, "map-2024q4") > 20000
    body = page.inner_text("body")
    assert "Q4 2024" in body
    assert re.search(r"\d,\d{3},\d{3}", body)  # Canada's NPR total, formatted
    # no multisampling (each frame cost a step 20 ms more in software WebGL): the lines
    # smooth their own edges (geo.layers)
    attributes = page.locator(MAP_CANVAS).first.evaluate(
        "c => (c.getContext('webgl2') || c.getContext('webgl')).getContextAttributes()"
    )
    assert attributes["antialias"] is False
    shot(page, "map-2024q4")


def headline(page) -> str:
    return page.locator(".hl-value").first.inner_text()


def test_keyboard_scrubber_changes_headline(server, page):
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP)
    before = headline(page)
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # 2024-04-01: a quarter with a Canada figure
    page.wait_for_function(
        "(b) => document.querySelector('.hl-value').innerText !== b",
        arg=before,
        timeout=20000,
    )
    wait_app(page, MAP)
    assert "Q2 2024" in page.inner_text("body")
    assert headline(page) != before
    assert "quarter=2024-04-01" in page.url
    shot(page, "map-keyboard")


def test_link_opens_with_ontario_selected(server, page):
    page.goto(server + "/?quarter=2024-10-01&province=ON")
    wait_app(page, MAP)
    side = page.inner_text("body")
    assert "Ontario" in side
    assert re.search(r"Non-permanent residents: \d{1,3}(,\d{3})+", side)
    assert canvas_painted(page, "map-ontario") > 20000
    shot(page, "map-ontario")


def test_french_labels_with_accents(server, page):
    page.goto(server + "/?quarter=2024-10-01&lang=fr")
    wait_app(page, MAP)
    body = page.inner_text("body")
    assert "Résidents temporaires au Canada" in body
    assert "T4 2024 (1er octobre 2024)" in body
    assert re.search(r"\d\u00a0\d{3}\u00a0\d{3}", body)
    table = page.locator("table.sortable").first
    table.wait_for()
    assert "Île-du-Prince-Édouard" in table.inner_text()
    assert "aucune donnée" not in table.inner_text()  # every province has a figure
    shot(page, "map-fr")


def test_phone_has_no_horizontal_scroll(server, open_page):
    pg = open_page(viewport={"width": 375, "height": 812}, has_touch=True, is_mobile=True)
    pg.goto(server + "/?quarter=2024-10-01")
    wait_app(pg, MAP_CANVAS)
    overflow = pg.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
    )
    # the title's first line is not under Streamlit's header bar
    title_on_top = pg.evaluate(
        """() => { const h = document.querySelector('.app-title');
        const r = h.getBoundingClientRect();
        return h.contains(document.elementFromPoint(r.left + 8, r.top + 8)); }"""
    )
    shot(pg, "map-phone")
    assert overflow <= 375
    assert title_on_top


def test_play_advances_and_pause_stops(server, page):
    page.goto(server + "/?quarter=2022-01-01")
    wait_app(page, MAP)
    page.locator(".qm-play").click()
    page.wait_for_function(
        "() => !document.querySelector('.quarter-now').innerText.startsWith('Q1 2022')",
        timeout=20000,
    )
    page.locator(".qm-play").click()  # pause
    page.wait_for_function(
        "() => document.querySelector('.qm-play')?.innerText.includes('Play')",
        timeout=20000,
    )
    wait_app(page, MAP)
    paused_at = page.locator(".quarter-now").inner_text()
    moved = "t => document.querySelector('.quarter-now').innerText !== t"
    with pytest.raises(PlaywrightTimeout):  # more than two steps at normal speed: no move
        page.wait_for_function(moved, arg=paused_at, timeout=3500)
    assert "quarter=" in page.url


def test_click_a_province_selects_it(server, page):
    page.goto(server + "/?quarter=2024-10-01&layers=provinces")
    wait_app(page, MAP)
    assert canvas_painted(page, "map-before-click") > 20000
    chart = page.locator(CHART).first
    box = chart.bounding_box()
    # Quebec's interior lies right of centre and a little below the middle of the map
    # at the default view; try a few points there until one selects a province.
    for dx, dy in ((0.66, 0.52), (0.68, 0.56), (0.62, 0.5), (0.7, 0.6), (0.45, 0.62)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
        try:
            page.wait_for_function("() => location.search.includes('province=')", timeout=5000)
            break
        except PlaywrightTimeout:  # no province under this point: try the next
            continue
    wait_app(page, MAP)
    code = page.evaluate("() => new URLSearchParams(location.search).get('province')")
    assert code in ("QC", "ON", "NL", "MB", "NU")
    assert "Non-permanent residents:" in page.inner_text("body")  # the side panel
    shot(page, "map-clicked")


def test_reduced_motion_hides_play(server, open_page):
    pg = open_page(reduced_motion="reduce")
    pg.goto(server + "/?quarter=2024-10-01")
    wait_app(pg, MAP)
    assert not pg.locator(".qm-play").is_visible()
    assert pg.locator(".reduced-motion-note").is_visible()
    assert pg.locator(".qm-next").is_visible()


def test_maps_request_nothing_outside_the_server(server, page):
    """No basemap or other third-party request: an embed must not call out (privacy), and
    a Carto basemap would sit in the wrong projection under our Lambert shapes."""
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url),
    )
    for path in ("/?quarter=2024-10-01", "/events", "/story?chapter=2"):
        page.goto(server + path)
        wait_app(page, MAP_CANVAS)
        canvas_painted(page, "no-outside", minimum=5000)  # its static files have loaded
    assert outside == []


def test_tooltip_near_the_east_edge_is_not_clipped(server, page):
    """A tooltip for an eastern province runs past the map's right edge: it must stay
    whole and on top of the legend, not be cut off at the map's edge."""
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP_CANVAS)
    canvas_painted(page, "map-tooltip-east")
    box = page.locator(CHART).first.bounding_box()
    tip = None
    for fx in (0.95, 0.93, 0.91, 0.89, 0.87):
        for fy in (0.5, 0.55, 0.6, 0.65, 0.7):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            try:
                page.wait_for_function(
                    "() => document.querySelector('.deck-tooltip')?.innerText", timeout=500
                )
            except PlaywrightTimeout:
                continue
            tip = page.evaluate(
                """() => { const t = document.querySelector('.deck-tooltip');
                if (!t || t.style.display === 'none' || !t.innerText) return null;
                const r = t.getBoundingClientRect();
                t.style.pointerEvents = 'auto';  // hit testing respects clipping and order
                const top = document.elementFromPoint(r.right - 4, r.top + 4);
                t.style.pointerEvents = 'none';
                return {right: r.right, whole: t.contains(top)}; }"""
            )
            if tip and tip["right"] > box["x"] + box["width"]:
                break
        if tip and tip["right"] > box["x"] + box["width"]:
            break
    assert tip and tip["right"] > box["x"] + box["width"], "no tooltip reached past the edge"
    assert tip["whole"], "the tooltip is clipped or covered past the map's edge"
    shot(page, "map-tooltip-east")


def test_map_data_files_are_preloaded_once(server, page):
    """The page asks for the map's layer files as its first elements arrive (preload links,
    before the map's own code has loaded) and the map reuses them: one request per file."""
    page.goto(server + "/?quarter=2024-10-01&layers=provinces,events")
    wait_app(page, MAP)
    canvas_painted(page, "map-preload")
    requests = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/static/generated/'))"
        ".map(e => [e.name.split('/').pop().split('-')[0], e.initiatorType])"
    )
    kinds = [name for name, _ in requests]
    assert sorted(kinds) == ["borders", "events", "labels", "provinces"], requests
    assert {how for _, how in requests} == {"link"}, requests  # none fetched a second time


def test_table_sorts_by_a_column_also_after_a_scrub_step(server, page):
    """The numbers table is plain HTML (it changes at every step); one script of the page
    sorts it by the raw values of the column whose header is clicked, and keeps doing so
    for the table of the next quarter."""
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP)

    def column(n: int) -> list[float]:
        cells = page.locator(f"table.sortable tbody tr td:nth-child({n})")
        return [float(v) for v in cells.evaluate_all("cs => cs.map(c => c.dataset.v)") if v]

    for step in range(2):
        header = page.locator("table.sortable th button").nth(2)  # NPRs
        header.click()
        poll(lambda: column(3) == sorted(column(3)), 5, 0.05, page=page)
        header.click()
        poll(lambda: column(3) == sorted(column(3), reverse=True), 5, 0.05, page=page)
        assert page.locator("table.sortable th").nth(2).get_attribute("aria-sort") == "descending"
        if step == 0:
            before = page.inner_text(".quarter-now")
            page.get_by_role("slider").first.focus()
            page.keyboard.press("ArrowLeft")
            poll(lambda b=before: page.inner_text(".quarter-now") != b, 20, 0.05, page=page)
            wait_app(page, MAP)


def test_csv_link_serves_the_tables_numbers_with_their_source(server, page):
    """The table's "Download CSV" is a link to a static file of the view (no widget, no
    server work at a scrub step): its numbers, its source lines, the quarter in its name."""
    page.goto(server + "/?quarter=2024-10-01&lang=fr")
    wait_app(page, MAP)
    link = page.locator("a.csv-link")
    assert link.inner_text() == "Télécharger le CSV"
    assert link.get_attribute("download") == "npr-2024-10-01-fr.csv"
    reply = page.request.get(server + "/" + link.get_attribute("href"))
    assert reply.ok
    lines = reply.text().splitlines()
    assert lines[0].startswith("# ") and "17-10-0121-01" in reply.text()
    header = next(x for x in lines if not x.startswith("#"))
    assert header.startswith("code,name,npr_total")
    rows = [x for x in lines if x[:2] in {"ON", "QC", "BC"}]
    assert len(rows) == 3 and "Ontario" in reply.text()


def edge_paint(page) -> tuple[int, int, int]:
    """(painted pixels in the map's first 3 px columns, in its last 3, the map's width)."""
    import io

    import numpy as np
    from PIL import Image

    png = page.locator(CHART).first.screenshot()
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    ink = rgb.min(axis=2) < 235
    return int(ink[:, :3].sum()), int(ink[:, -3:].sum()), rgb.shape[1]


@pytest.mark.parametrize("query", ["?embed=true", ""])
def test_a_narrow_desktop_window_gets_the_whole_map(server, open_page, query):
    """A desktop browser (its User-Agent says so) in a 375 px window or article column:
    the page tells the server the map's width, which redraws it with the narrow fit
    (Canada whole, provinces as codes) instead of cutting British Columbia and
    Newfoundland off at the sides."""
    pg = open_page(viewport={"width": 375, "height": 800})
    pg.goto(server + "/" + query + ("&" if query else "?") + "quarter=2024-10-01")
    wait_app(pg, MAP)
    left, right, width = poll(
        lambda: (e := edge_paint(pg))[0] + e[1] == 0 and e,
        timeout=30, what="a map that no province's fill cuts at its sides", page=pg,
    )  # fmt: skip
    assert width < 375 and left == right == 0
    assert canvas_painted(pg, "map-narrow-desktop") > 10000
    assert pg.evaluate("() => window.scrollX") == 0


def test_a_wide_window_keeps_the_desktop_map(server, page):
    """A wide window keeps the desktop fit: its reporter is on the page, hidden."""
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP)
    assert canvas_painted(page, "map-wide") > 20000
    assert page.locator(".st-key-map_fit").count() == 1
    assert not page.locator(".st-key-map_fit").is_visible()
    left, right, width = edge_paint(page)
    assert width > 520 and left == right == 0


def test_steps_switch_in_the_page_and_the_server_hears_the_settled_quarter(server, page):
    """A step is switched in the browser (ui.scrub): three quick key presses show three
    quarters, each with its own headline and table, and the server hears only the last,
    once it settled (one rerun request), which the URL then says."""
    sent: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP)
    canvas_painted(page, "map-steps")
    shown = []
    sent.clear()
    page.locator(".qm-slider").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
        shown.append(
            (
                page.inner_text(".quarter-now"),
                headline(page),
                page.locator("table.sortable caption").inner_text(),
            )
        )
    assert [label for label, _, _ in shown] == [
        "Q3 2024 (1 July 2024)",
        "Q2 2024 (1 April 2024)",
        "Q1 2024 (1 January 2024)",
    ]
    assert len({h for _, h, _ in shown}) == 3
    assert all(label in caption for label, _, caption in shown)
    page.wait_for_function("() => location.search.includes('quarter=2024-01-01')")
    wait_app(page, MAP)
    assert len(sent) == 1, "one rerun request for the settled quarter"
    assert page.get_by_role("slider").first.get_attribute("aria-valuetext") == "Q1 2024"


def test_a_selected_provinces_panel_follows_the_quarter_the_map_settles_on(server, page):
    """The panel under the map is the server's: it follows the quarter once the map has
    settled on it (ui.scrub.report), its figures and its chart's title with it."""
    page.goto(server + "/?quarter=2024-10-01&province=ON")
    wait_app(page, ".st-key-province_panel")
    panel = page.locator(".st-key-province_panel")
    assert "Q4 2024" in panel.inner_text()
    page.locator(".qm-slider").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('.st-key-province_panel').innerText.includes('Q3 2024')",
        timeout=20000,
    )
    page.wait_for_function("() => location.search.includes('quarter=2024-07-01')")
    assert "province=ON" in page.url
    assert page.inner_text(".quarter-now") == "Q3 2024 (1 July 2024)"


# For each province label layer of the map, each row (a label): whether the layer's size
# accessor shows it now, and whether the sizes deck.gl drew it with (its characters
# sublayer's buffer) show it.
LABEL_SIZES_JS = """() => {
  const root = [...document.querySelectorAll('div')].find((d) => d.__npr);
  const layers = root.__npr.deck.layerManager.getLayers();
  const out = {};
  for (const text of layers.filter((l) => l.constructor.layerName === 'TextLayer')) {
    const chars = layers.find((l) => l.id === text.id + '-characters');
    const sizes = chars.getAttributeManager().attributes.instanceSizes.value;
    const starts = text.state.startIndices;
    out[text.id] = text.props.data.map((row, i) => [
      text.props.getSize(row, {index: i, data: text.props.data, target: []}) > 0,
      sizes[starts[i]] > 0,
    ]);
  }
  return out;
}"""


def test_labels_drawn_are_those_of_the_quarter_shown(server, page):
    """The labels' text layers keep their ids from quarter to quarter (layers.label_layers,
    stable): at every step, each label is drawn (dark or light, over the fill it is on)
    as its size accessor says for the quarter shown, not as at an earlier quarter."""
    page.goto(server + "/?quarter=2022-01-01&measure=npr_per_100")
    wait_app(page, MAP)
    canvas_painted(page, "map-labels")
    page.locator(".qm-slider").focus()
    seen = set()

    def consistent() -> dict | None:
        drawn = page.evaluate(LABEL_SIZES_JS)
        ok = drawn and all(w == g for rows in drawn.values() for w, g in rows)
        return drawn if ok else None

    for step in range(8):
        if step:
            before = page.inner_text(".quarter-now")
            page.keyboard.press("ArrowRight" if step < 4 else "End" if step == 4 else "ArrowLeft")
            page.wait_for_function(
                "b => document.querySelector('.quarter-now').innerText !== b", arg=before
            )
        drawn = poll(consistent, 5, 0.05, what=f"labels drawn as at step {step}", page=page)
        for layer, rows in drawn.items():
            seen.add((layer, tuple(want for want, _ in rows)))
    assert len(seen) > 2, "the steps changed which labels are light"


def test_share_right_after_a_step_links_the_quarter_shown(server, page):
    """A press elsewhere tells the server the quarter at once (not after it settles):
    Share, pressed right after a step, links the quarter on screen."""
    page.goto(server + "/?quarter=2024-10-01")
    wait_app(page, MAP)
    page.locator(".qm-slider").focus()
    page.keyboard.press("ArrowLeft")
    page.locator(".st-key-share_open button").click()
    code = page.locator('[role="dialog"] [data-testid="stCode"]').first
    code.wait_for(timeout=20000)
    assert "quarter=2024-07-01" in code.inner_text()


@pytest.mark.parametrize(("start", "then"), [("/?quarter=2023-01-01", 1), ("/story", 0)])
def test_the_map_and_streamlits_chart_share_a_visit(server, page, start, then):
    """The map page's deck.gl and Streamlit's chart (the story's) are two versions in one
    page when a reader moves between the pages: each paints, in either order, and
    neither refuses to start beside the other."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "multiple versions" in m.text else None)
    page.goto(server + start)
    wait_app(page, MAP_CANVAS, timeout=60000)
    assert canvas_painted(page, "visit-first", minimum=5000) > 5000
    page.locator('[data-testid="stSidebarNav"] a').nth(then).click()
    page.wait_for_function("s => location.pathname !== s", arg=start.split("?")[0], timeout=20000)
    wait_app(page, MAP_CANVAS, timeout=60000)
    assert canvas_painted(page, "visit-then", minimum=5000) > 5000
    assert refused == []
