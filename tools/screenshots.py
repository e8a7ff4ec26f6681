"""Screenshots for the README: the map, a story chapter and the embed, at 1280x900, on a
375x800 phone (its browser says so) and on a 1920x1080 projector, in English and French.

Usage: .venv/bin/python tools/screenshots.py (or `make screenshots`). Starts the app and
Chromium as the browser tests do (the harness, tools/browser.py), waits until each map has
painted, and writes docs/screenshots/*.png as 256-colour optimized PNGs; stops on a page
error or a traceback in the server's log.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tools.browser import (  # noqa: E402
    ARTIFACTS,
    MAP_CANVAS,
    PHONE,
    Browser,
    Server,
    canvas_painted,
    log_errors,
    wait_app,
)

OUT = ROOT / "docs" / "screenshots"
SCREENS = {  # name: (browser context options, extra query for the map, for the story)
    "desktop": ({"viewport": {"width": 1280, "height": 900}}, "", ""),
    "phone": (PHONE, "", ""),
    "projector": ({"viewport": {"width": 1920, "height": 1080}}, "&size=large", "&presenter=true"),
}
PAGES = {  # name: URL path and query for (map extra, story extra)
    "map": lambda m, s: "/?quarter=2024-10-01" + m,
    "story": lambda m, s: "/story?chapter=2" + s,
    "embed": lambda m, s: "/?embed=true&quarter=2024-10-01",
}
LANGS = ("en", "fr")


def save(png: bytes, path: Path) -> int:
    """A 256-colour optimized PNG (maps and text lose nothing visible); its size in bytes."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path.stat().st_size


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    log = ARTIFACTS / "screenshots-server.log"
    with Server(log=log) as server, sync_playwright() as p:
        browser = Browser(p)
        for screen, (options, map_q, story_q) in SCREENS.items():
            for lang in LANGS:
                context = browser.new_context(**options)
                page = context.new_page()
                for name, url in PAGES.items():
                    page.goto(server.url + url(map_q, story_q) + f"&lang={lang}")
                    wait_app(page, MAP_CANVAS, timeout=60000)
                    canvas_painted(page, f"screenshot-{name}", minimum=5000)
                    wait_app(page)
                    path = OUT / f"{name}-{screen}-{lang}.png"
                    size = save(page.screenshot(), path)
                    total += size
                    print(f"{path.relative_to(ROOT)}: {size // 1024} KB")
                context.close()
                if browser.problems:
                    sys.exit(f"page errors ({screen}, {lang}): {browser.problems[:3]}")
                if errors := log_errors(log):
                    sys.exit(f"server error ({screen}, {lang}), in {log}:\n{errors}")
        browser.close()
    print(f"{len(SCREENS) * len(PAGES) * len(LANGS)} screenshots, {total // 1024} KB in all")


if __name__ == "__main__":
    main()
