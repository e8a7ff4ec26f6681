"""Browser tests: one Streamlit server per session, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_browser() -> None:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make test` installs it")
        pytest.skip("Debian chromium not installed (apt-get install -y chromium)")


@contextmanager
def streamlit_server(log_name: str = "server.log", env: dict | None = None):
    """Run the app as `make run` does (serve.py) on a free port; yields its base URL. The log goes to test-artifacts/."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")
    proc = subprocess.Popen(
        [sys.executable, "serve.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server():
    """Base URL of a Streamlit server running app.py on the shipped data."""
    _need_browser()
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; fails the test on any JS dialog (alert/confirm) or page error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    pg.problems = problems
    yield pg
    context.close()
    assert not [p for p in problems if p.startswith("dialog")], problems


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_app(page, selector: str | None = None, timeout: float = 30000) -> None:
    """Wait until Streamlit has rendered (`selector`, if given) and stopped running."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    if selector:
        page.wait_for_selector(selector, timeout=timeout)
    idle = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    for _ in range(2):  # idle twice in a row: a rerun may start right after the first
        page.wait_for_function(idle, timeout=timeout)
        page.wait_for_timeout(400)


def canvas_painted(page, name: str = "map") -> int:
    """Non-blank, non-white pixels in a screenshot of the map (the deck.gl chart)."""
    import numpy as np
    from PIL import Image

    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-canvas.png"
    chart.screenshot(path=str(path))
    rgb = np.asarray(Image.open(path).convert("RGB"))
    return int((rgb.min(axis=2) <= 245).sum())
