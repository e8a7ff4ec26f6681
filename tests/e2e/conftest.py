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


# open_page(**PHONE): a 375 px phone that says so (the server sizes the map by User-Agent)
PHONE = {
    "viewport": {"width": 375, "height": 800},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}
SERVER_LOGS: list[Path] = []  # every test fails when one of these gains a traceback
LOG_ERRORS = ("Traceback (most recent call last)", "Uncaught app exec", "Uncaught exception")


@contextmanager
def streamlit_server(log_name: str = "server.log", env: dict | None = None):
    """Run the app as `make run` does (serve.py) on a free port; yields its base URL. The log goes to test-artifacts/."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / log_name
    log = open(log_path, "w")
    SERVER_LOGS.append(log_path)
    proc = subprocess.Popen(
        [sys.executable, "serve.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
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


@pytest.fixture(autouse=True)
def server_log_stays_clean():
    """Fails the test when a server's log gains a traceback or an uncaught exception
    while it runs: the page may look fine while the terminal shows an error."""
    start = {p: p.stat().st_size for p in SERVER_LOGS if p.exists()}
    yield
    found = []
    for path in SERVER_LOGS:
        with path.open("rb") as fh:
            fh.seek(start.get(path, 0))
            new = fh.read().decode("utf-8", "replace")
        if any(marker in new for marker in LOG_ERRORS):
            found.append(f"{path.name}:\n{new[-3000:]}")
    if found:
        pytest.fail("server log error during the test:\n" + "\n".join(found))


@pytest.fixture
def open_page(browser):
    """open_page(**context options) -> a fresh page in its own context. Every page opened
    fails its test on any JS dialog (alert/confirm) or page error (uncaught exception)."""
    opened = []

    def _open(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        pg = context.new_page()
        problems: list[str] = []
        pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
        pg.problems = problems
        opened.append((context, pg))
        return pg

    yield _open
    for context, _ in opened:
        context.close()
    problems = [p for _, pg in opened for p in pg.problems]
    assert not problems, problems


@pytest.fixture
def page(open_page):
    """A fresh 1280x900 page (see open_page)."""
    return open_page()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


IDLE_JS = """(quiet) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const busy = !app || app.getAttribute('data-test-script-state') !== 'notRunning'
    || document.querySelector('[data-testid="stStatusWidget"]');
  const now = performance.now();
  if (busy) { window.__e2eIdleSince = null; return false; }
  window.__e2eIdleSince = window.__e2eIdleSince || now;
  return now - window.__e2eIdleSince >= quiet;
}"""


def wait_app(page, selector: str | None = None, timeout: float = 30000, quiet: int = 400) -> None:
    """Wait until Streamlit has rendered (`selector`, if given) and its script has been
    idle for `quiet` ms on end (polled: a rerun may start right after a run ends)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    if selector:
        page.wait_for_selector(selector, timeout=timeout)
    page.evaluate("() => { window.__e2eIdleSince = null; }")
    page.wait_for_function(IDLE_JS, arg=quiet, timeout=timeout, polling=50)


def canvas_painted(page, name: str = "map", minimum: int = 20000, timeout_s: float = 20) -> int:
    """Non-blank, non-white pixels in a screenshot of the map (the deck.gl chart), polled
    until more than `minimum` (the deck draws once its static files have loaded) or the
    time runs out. Saves the last screenshot as test-artifacts/NAME-canvas.png."""
    import io

    import numpy as np
    from PIL import Image

    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(timeout=30000)
    ARTIFACTS.mkdir(exist_ok=True)
    deadline = time.time() + timeout_s
    count = 0
    while True:
        png = chart.screenshot()
        rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        count = int((rgb.min(axis=2) <= 245).sum())
        if count > minimum or time.time() > deadline:
            (ARTIFACTS / f"{name}-canvas.png").write_bytes(png)
            return count
