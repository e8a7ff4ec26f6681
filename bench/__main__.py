"""Benchmarks: `python -m bench` prints numbers and writes bench/results.json.

step_bytes            bytes the server sends to the browser per scrub step (websocket)
step_ms_median        server time per scrub step (AppTest rerun of the map page)
bare_rerun_ms_median  a bare Streamlit rerun measured the same way, for the ratio
first_paint_s         navigation to a painted map in headless Chromium, cold server
geometry_bytes        shipped province geometry (data/boundaries/provinces.geojson)
static_bytes          the layer files the browser loads once (geometry + all quarters)
export_html_bytes     a self-contained HTML export
sessions10_p95_step_ms  p95 of keypress-to-idle per step, 10 concurrent browser sessions
rss_mb_per_session    server memory growth per open session, 10 sessions
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import ARGS, CHROMIUM, _free_port  # noqa: E402

TARGETS = {
    "step_bytes": 20_000,
    "step_ms_median": 30,
    "first_paint_s": 2.5,
    "geometry_bytes": 150_000,
    "export_html_bytes": 3_000_000,
    "sessions10_p95_step_ms": 150,
    "rss_mb_per_session": 10,
}
IDLE_JS = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def apptest_times(n: int = 15) -> tuple[float, float]:
    """Median ms of a map-page rerun after a quarter change, and of a bare rerun."""
    from streamlit.testing.v1 import AppTest

    from geo import DATA_DIR, data, metrics

    quarters = metrics.quarters(data.load(DATA_DIR).panel)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    steps = []
    for i in range(n):
        at.session_state["quarter"] = quarters[i % len(quarters)]
        t0 = time.perf_counter()
        at.run()
        steps.append((time.perf_counter() - t0) * 1000)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write("import streamlit as st\nst.write('hello')\n")
    bare = AppTest.from_file(fh.name, default_timeout=30)
    bare.run()
    bares = []
    for _ in range(n):
        t0 = time.perf_counter()
        bare.run()
        bares.append((time.perf_counter() - t0) * 1000)
    os.unlink(fh.name)
    return statistics.median(steps), statistics.median(bares)


def painted(page) -> bool:
    return page.evaluate(
        """() => { const c = [...document.querySelectorAll('canvas')]
          .sort((a, b) => b.width * b.height - a.width * a.height)[0];
          return !!c && c.width > 200; }"""
    )


def browser_numbers(port: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import canvas_painted

    url = f"http://127.0.0.1:{port}/?quarter=2024-10-01"
    out: dict[str, float] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # first paint: navigation -> the map's canvas shows non-white pixels
        page = b.new_page(viewport={"width": 1280, "height": 900})
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60000)
        while time.perf_counter() - t0 < 30:
            if canvas_painted(page, "bench-first-paint") > 20000:
                break
        out["first_paint_s"] = round(time.perf_counter() - t0, 2)

        # bytes per scrub step: websocket frames received after one ArrowLeft
        frames: list[int] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(len(f))))
        page.reload()
        page.wait_for_function(IDLE_JS)
        page.wait_for_timeout(1500)
        slider = page.get_by_role("slider").first
        sizes = []
        for _ in range(4):
            frames.clear()
            slider.focus()
            page.keyboard.press("ArrowLeft")
            page.wait_for_timeout(300)
            page.wait_for_function(IDLE_JS)
            page.wait_for_timeout(500)
            sizes.append(sum(frames))
        out["step_bytes"] = int(statistics.median(sizes))
        page.close()
        b.close()
    return out


def sessions(port: int, pid: int, n: int = 10, steps: int = 12) -> dict:
    from playwright.sync_api import sync_playwright

    base = rss_mb(pid)
    latencies: list[float] = []
    errors: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = []
        for _ in range(n):
            ctx = b.new_context(viewport={"width": 1000, "height": 800})
            pg = ctx.new_page()
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto(f"http://127.0.0.1:{port}/?quarter=2024-10-01")
            pages.append(pg)
        for pg in pages:
            pg.wait_for_selector(".quarter-now", timeout=60000)
            pg.wait_for_function(IDLE_JS, timeout=60000)
        loaded = rss_mb(pid)
        for s in range(steps):
            key = "ArrowLeft" if s % 8 < 4 else "ArrowRight"
            started = []
            for pg in pages:  # all sessions press at once, then all wait
                pg.get_by_role("slider").first.focus()
                pg.keyboard.press(key)
                started.append(time.perf_counter())
            for pg, t0 in zip(pages, started, strict=True):
                pg.wait_for_timeout(50)
                pg.wait_for_function(IDLE_JS, timeout=60000)
                latencies.append((time.perf_counter() - t0) * 1000)
        peak = rss_mb(pid)
        for pg in pages:
            pg.context.close()
        b.close()
    time.sleep(3)
    after = rss_mb(pid)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    return {
        "sessions10_p95_step_ms": round(p95, 1),
        "rss_mb_per_session": round(max(loaded, peak) - base, 1) / n,
        "rss_mb_base": round(base, 1),
        "rss_mb_after_close": round(after, 1),
        "session_page_errors": len(errors),
    }


def static_numbers() -> dict:
    from geo import DATA_DIR, data, layers, metrics

    b = data.load(DATA_DIR)
    quarters = metrics.quarters(b.panel)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        files = layers.write_static(
            Path(tmp), b.provinces, b.cmas, b.panel, b.events, quarters,
            layers.all_breaks(b.panel),
        )  # fmt: skip
    build_ms = (time.perf_counter() - t0) * 1000
    deck_ms = []
    for q in quarters:
        t0 = time.perf_counter()
        layers.deck(files, q, "npr_total", ("provinces", "events"), "en").to_json()
        deck_ms.append((time.perf_counter() - t0) * 1000)
    out = {
        "geometry_bytes": (DATA_DIR / "boundaries" / "provinces.geojson").stat().st_size,
        "static_bytes": sum(files.sizes.values()),
        "static_build_ms": round(build_ms),
        "deck_json_ms_median": round(statistics.median(deck_ms), 2),
    }
    try:
        from geo import export

        html = export.html_export(b, quarters[-1], "npr_total", "en")
        out["export_html_bytes"] = len(html.encode("utf-8"))
    except (ImportError, AttributeError) as e:
        out["export_html_bytes"] = None
        out["export_html_note"] = f"export not available: {e}"
    return out


def main() -> int:
    results: dict[str, object] = {}
    results.update(static_numbers())
    step, bare = apptest_times()
    results["step_ms_median"] = round(step, 1)
    results["bare_rerun_ms_median"] = round(bare, 1)
    results["step_vs_bare"] = round(step / bare, 2)
    port = _free_port()
    proc = server(port)
    try:
        results.update(browser_numbers(port))
        results.update(sessions(port, proc.pid))
    finally:
        proc.terminate()
        proc.wait(10)
    width = max(len(k) for k in results)
    for key, value in results.items():
        target = TARGETS.get(key)
        verdict = ""
        if target is not None and isinstance(value, (int, float)):
            verdict = "  ok" if value <= target else f"  MISSES target {target}"
        print(f"{key:<{width}}  {value}{verdict}")
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
