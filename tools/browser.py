"""One browser harness for the browser tests (tests/e2e), the benchmark (bench) and the
README screenshots (tools/screenshots.py): a free port, a Streamlit server started as
`make run` starts it and polled until it answers (its log kept), Debian's Chromium
launched by Playwright, every page's errors collected, waits that poll a condition (never
a fixed sleep), and the check that a server log gained no traceback.

Free of pytest: tests/e2e/conftest.py turns it into fixtures and assertions.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"  # server logs, screenshots
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]  # fmt: skip
# a 375 px phone that says so (the server sizes the map by User-Agent): context options
PHONE = {
    "viewport": {"width": 375, "height": 800},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}
# what a server log must never gain: Python's traceback, Streamlit's uncaught script error
LOG_ERRORS = ("Traceback (most recent call last)", "Uncaught app exec", "Uncaught exception")
# a deck.gl map: Streamlit's chart (story, events) or the map page's own (ui.scrub)
MAP = '[data-testid="stDeckGlJsonChart"], [data-testid="nprMap"]'
MAP_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas, [data-testid="nprMap"] canvas'

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(
    condition: Callable[[], T],
    timeout: float = 30,
    interval: float = 0.05,
    what: str = "the condition",
    page=None,
) -> T:
    """condition() every `interval` s until it returns something true, which is returned;
    TimeoutError naming `what` after `timeout` s. With a Playwright `page`, the pause is
    page.wait_for_timeout, so the page's events (errors, WebSocket frames) keep arriving."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:g} s")
        if page is not None:
            page.wait_for_timeout(interval * 1000)
        else:
            time.sleep(interval)


def answers(url: str) -> bool:
    """The URL answers with a success status (connection refused or an HTTP error: no)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:  # includes URLError and HTTPError
        return False


def wait_http(url: str, timeout: float = 30, interval: float = 0.1) -> None:
    """Poll `url` until it answers (a server's readiness)."""
    poll(lambda: answers(url), timeout, interval, what=f"{url} answering")


class Server:
    """A Streamlit server on a free port, until stop() (or the end of a `with`): the app
    as `make run` starts it (serve.py), or `streamlit run SCRIPT` for any other script.
    Its output goes to `log` (a path; None: discarded); start() returns once its health
    endpoint answers. .url, .port, .proc, .log."""

    def __init__(
        self,
        script: str = "app.py",
        log: Path | None = None,
        env: dict | None = None,
        port: int | None = None,
    ):
        self.script, self.log, self.env = script, log, env or {}
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60, interval: float = 0.1) -> Server:
        program = (
            ["serve.py"] if self.script == "app.py" else ["-m", "streamlit", "run", self.script]
        )
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("w") if self.log is not None else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(
                [sys.executable, *program, "--server.port", str(self.port),
                 "--server.headless", "true", "--server.fileWatcherType", "none"],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
            )  # fmt: skip
        finally:
            if self.log is not None:
                out.close()  # the server has its own copy
        try:
            poll(
                lambda: self.proc.poll() is not None or answers(self.url + "/_stcore/health"),
                timeout,
                interval,
                what=f"{self.script} on port {self.port} answering",
            )
        except TimeoutError:
            self.stop()
            raise RuntimeError(
                f"{self.script} did not start in {timeout:g} s{self._tail()}"
            ) from None
        if self.proc.poll() is not None:
            raise RuntimeError(
                f"{self.script} exited with code {self.proc.returncode}{self._tail()}"
            )
        return self

    def _tail(self) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return f"; the end of {self.log}:\n" + self.log.read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def __enter__(self) -> Server:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def log_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def log_errors(path: Path, start: int = 0) -> str:
    """What `path` gained after byte `start` (its last 3,000 characters) when that holds a
    traceback or an uncaught exception; "" when it stayed clean."""
    if not path.exists():
        return ""
    with path.open("rb") as fh:
        fh.seek(start)
        new = fh.read().decode("utf-8", "replace")
    return new[-3000:] if any(marker in new for marker in LOG_ERRORS) else ""


def watch(page, sink: list[str] | None = None):
    """Collect the page's uncaught errors and JS dialogs (dismissed) in page.problems, and
    in `sink` too; once per page. Returns the page."""
    if getattr(page, "problems", None) is None:
        page.problems = []

        def problem(text: str) -> None:
            page.problems.append(text)
            if sink is not None:
                sink.append(text)

        page.on("dialog", lambda d: (problem(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: problem(f"pageerror: {e}"))
    return page


class Browser:
    """Debian's Chromium, launched by Playwright with ARGS; every page of every context it
    opens is watched: `.problems` gathers their errors and dialogs. Anything else is the
    Playwright Browser's (close, contexts, ...)."""

    def __init__(self, playwright):
        self.browser = launch(playwright)
        self.problems: list[str] = []

    def new_context(self, **options):
        context = self.browser.new_context(**options)
        context.on("page", lambda page: watch(page, self.problems))
        return context

    def new_page(self, **options):
        return watch(self.browser.new_page(**options), self.problems)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.browser, name)


def launch(playwright):
    """A bare Playwright Browser: Debian's Chromium with ARGS (no page watching)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


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


def painted(png: bytes, darker_than: int = 246) -> int:
    """Pixels of a screenshot darker than `darker_than` in every channel: not white."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return int((rgb.min(axis=2) < darker_than).sum())


def canvas_painted(page, name: str = "map", minimum: int = 20000, timeout_s: float = 20) -> int:
    """Non-blank, non-white pixels in a screenshot of the map (the deck.gl chart), polled
    until more than `minimum` (the deck draws once its static files have loaded) or the
    time runs out: the last count either way, for the caller to judge. Saves the last
    screenshot as test-artifacts/NAME-canvas.png."""
    chart = page.locator(MAP).first
    chart.wait_for(timeout=30000)
    deadline = time.monotonic() + timeout_s
    while True:  # each screenshot takes 0.1-0.3 s: no pause needed between them
        png = chart.screenshot()
        count = painted(png)
        if count > minimum or time.monotonic() > deadline:
            break
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}-canvas.png").write_bytes(png)
    return count


def shot(page, name: str) -> Path:
    """A screenshot of the page as test-artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
