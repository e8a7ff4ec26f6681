"""What every page draws around its content: its CSS (static/css/), the embed's height
script, the reconnect fragment; and what a page needs to know of the screen."""

from __future__ import annotations

import datetime
import os
import time
from contextlib import contextmanager

import streamlit as st

from geo import ROOT, export, labels, layers, markup

CSS_DIR = ROOT / "static" / "css"


def style(*names: str) -> None:
    """Inject the stylesheets static/css/NAME.css, in this order (st.html wraps a .css
    file in a <style> element; style-only HTML takes no room on the page)."""
    for name in names:
        st.html(CSS_DIR / f"{name}.css")


# In an embed: tell the article the page's height whenever it changes, so that the
# article's script (geo.export.EMBED_RESIZE_JS) fits the iframe to it.
EMBED_HEIGHT_JS = """<script>
(function () {
  var w = window;
  if (w.parent === w || w.__nprEmbedHeight) return;
  var last = 0;
  function send() {
    var main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    var h = Math.ceil(main.getBoundingClientRect().top + w.scrollY + main.scrollHeight) + 2;
    if (Math.abs(h - last) < 2) return;
    last = h;
    w.parent.postMessage({type: 'MESSAGE', height: h}, '*');
  }
  w.__nprEmbedHeight = new ResizeObserver(send);
  function watch() {
    var main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (main) w.__nprEmbedHeight.observe(main); else setTimeout(watch, 200);
  }
  watch();
})();
</script>""".replace("MESSAGE", export.EMBED_MESSAGE)


def page_script(template: str, **values) -> None:
    """A page-level script from geo/templates/ (preload.html, sort_script.html), run once
    per page run outside the scrubbed part, in an element app.css hides."""
    st.html(markup.render(template, **values), unsafe_allow_javascript=True)


def page_css(embed: bool = False) -> None:
    """A page's own look on top of app.css (which app.py injects for every page): the
    compact embed's, and its script that tells the article the page's height."""
    if embed:
        style("embed")
        st.html(EMBED_HEIGHT_JS, unsafe_allow_javascript=True)


@st.fragment(run_every=datetime.timedelta(minutes=15))
def rerun_after_reconnect() -> None:
    """Draws nothing. A page that holds a timed fragment asks for a full run whenever its
    WebSocket reconnects (Streamlit's frontend otherwise assumes the server kept its
    session). When the server it reconnects to is a new process (another replica behind
    nginx, or a restart), that run rebuilds the view from the URL; without it the page
    would sit on its last frame with an empty session behind it. The timer itself only
    reruns this empty fragment, every 15 minutes."""


@contextmanager
def timing(name: str):
    """Append the block's run time (ms) to $NPR_TIMING_LOG when set: used by `make bench`."""
    path = os.environ.get("NPR_TIMING_LOG")
    t0 = time.perf_counter()
    try:
        yield
    finally:
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"{name} {(time.perf_counter() - t0) * 1000:.2f}\n")


def is_phone() -> bool:
    """True when the browser says it is a phone (User-Agent)."""
    agent = (st.context.headers or {}).get("User-Agent", "")
    return any(m in agent for m in ("Mobi", "Android", "iPhone"))


# tells the server the fit the map's width needs when it is not the one drawn (map_fit.js)
_MAP_FIT = st.components.v2.component(
    "npr_map_fit", js=(ROOT / "static" / "js" / "map_fit.js").read_text(encoding="utf-8")
)
MAP_FIT_KEY = "map_fit"


def map_size() -> tuple[int, int]:
    """(px of width to fit Canada in, map height in px): smaller on a phone,
    layers.LARGE times the desktop map's with ?size=large (a projector: the server cannot
    know the screen's size); labels reach a little past the fitted width. The first run
    guesses the phone from the User-Agent; the page then says when the map's width needs
    the other fit (a narrow desktop window, a narrow article column), and the next run
    draws that. The URL keeps ?size= (ui.url.PageState.sync)."""
    told = (st.session_state.get(MAP_FIT_KEY) or {}).get("fit")
    phone = told == "phone" if told in ("phone", "desktop") else is_phone()
    fit = "phone" if phone else "desktop"
    desktop_w = layers.MAP_SIZES["desktop"][0]
    _MAP_FIT(
        key=MAP_FIT_KEY,
        data={"fit": fit, "min_desktop": desktop_w + 2 * labels.EDGE},
        default={"fit": None},
        on_fit_change=lambda: None,
    )
    if phone:
        return layers.MAP_SIZES["phone"]
    w, h = layers.MAP_SIZES["desktop"]
    if st.query_params.get("size", "").strip().lower() == "large":
        return round(w * layers.LARGE), round(h * layers.LARGE)
    return w, h
