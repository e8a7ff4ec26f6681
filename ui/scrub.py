"""The map page's scrubbed part in the browser (static/js/quarter_map.js): the map, its
quarter, slider and buttons, and its followers (the side, the table) switch quarters in
the page, from every quarter's parts sent once (views/_map_parts.MapViews); the server
hears the quarter once it settles, through a small reporter in the page's fragment
(static/js/map_report.js)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo import ROOT

JS_DIR = ROOT / "static" / "js"
# deck.gl, bundled by `make deck-js` (js/package.json): the one file of it in the folder
LIBRARY = "app/static/js/vendor/" + next((JS_DIR / "vendor").glob("deck-*.min.js")).name

_SCRUB = st.components.v2.component(
    "npr_quarter_map",
    js=(JS_DIR / "quarter_map.js").read_text(encoding="utf-8"),
    isolate_styles=False,  # the side and the table keep the app's styles (app.css)
)
_REPORT = st.components.v2.component(
    "npr_map_report", js=(JS_DIR / "map_report.js").read_text(encoding="utf-8")
)
REPORT_KEY = "map_report"


def scrub_map(data: dict) -> None:
    """The map with its quarter, slider and buttons (data: MapViews.scrub)."""
    _SCRUB(key="quarter_map", data={**data, "role": "map", "library": LIBRARY})


def follower(key: str, data: dict) -> None:
    """HTML that follows the map's quarter (data["html"]: one per quarter, made by the
    server's autoescaped templates; data["index"]: the first shown): the side, the table."""
    _SCRUB(key=key, data={**data, "role": key})


def report(on_quarter: Callable[[str], None], on_click: Callable[[dict], None]) -> None:
    """The reporter: on_quarter(quarter) when the map settles on a quarter, on_click(click)
    when the map is clicked ({"layer", "code", "cmauid"}: what was clicked, or Nones)."""

    def heard(name: str, then: Callable) -> Callable[[], None]:
        return lambda: then(reported(name))

    _REPORT(
        key=REPORT_KEY,
        default={"quarter": None},
        on_quarter_change=heard("quarter", on_quarter),
        on_click_change=heard("click", on_click),
    )


def reported(name: str):
    """What the reporter last said of `name` ("quarter", "click"), None before it spoke:
    when a press (Share) and the quarter's report reach the server in one run, the press's
    callback can run before the reporter's, and reads the quarter from here."""
    return (st.session_state.get(REPORT_KEY) or {}).get(name)
