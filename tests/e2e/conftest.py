"""Browser tests: one Streamlit server per session, Debian's Chromium driven by Playwright,
both from the harness (tools/browser.py).

On by default for every test that uses the browser or a server: it fails when a page
gained an uncaught error or a JS dialog, or a server log a traceback, while it ran. A test
that provokes one on purpose opts out with @pytest.mark.allow_page_errors("why") or
@pytest.mark.allow_server_errors("why"). Every such test is marked `e2e`, so
`pytest -m "not e2e"` runs the rest.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tools.browser import ARTIFACTS, CHROMIUM, Browser, Server, log_errors, log_size, watch

BROWSER_FIXTURES = {"browser", "server"}  # a test using either is a browser test (e2e)
SERVER_LOGS: list[Path] = []  # every browser test fails when one of these gains a traceback


def pytest_configure(config):
    for marker in (
        "allow_page_errors(why): this test provokes a page error or a dialog on purpose",
        "allow_server_errors(why): this test provokes a server log traceback on purpose",
    ):
        config.addinivalue_line("markers", marker)


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


def need_browser() -> None:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: `make test` installs it")
        pytest.skip("Debian chromium not installed (apt-get install -y chromium)")


@contextmanager
def streamlit_server(log_name: str = "server.log", env: dict | None = None, script: str = "app.py"):
    """The app as `make run` starts it (or another Streamlit script), on a free port, its
    log in test-artifacts/ and watched by every browser test; yields its base URL."""
    log = ARTIFACTS / log_name
    SERVER_LOGS.append(log)
    with Server(script, log=log, env=env) as running:
        yield running.url


@pytest.fixture(scope="session")
def server():
    """Base URL of a Streamlit server running app.py on the shipped data."""
    need_browser()
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """The harness's Browser: every page it opens is watched (see the module's doc)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = Browser(p)
        yield b
        b.close()


def _reason(item, name: str) -> str | None:
    marker = item.get_closest_marker(name)
    if marker is None:
        return None
    if not marker.args or not str(marker.args[0]).strip():
        pytest.fail(f"@pytest.mark.{name} needs a reason: why does this test provoke it?")
    return str(marker.args[0])


@pytest.fixture(autouse=True)
def no_page_or_server_errors(request):
    """Fails a browser test when one of its pages gained an uncaught error or a dialog,
    or a server's log a traceback or an uncaught exception, while it ran: the page may
    look fine while the console or the terminal shows an error."""
    if not BROWSER_FIXTURES & set(request.fixturenames):
        yield
        return
    check_pages = _reason(request.node, "allow_page_errors") is None
    check_logs = _reason(request.node, "allow_server_errors") is None
    pages = request.getfixturevalue("browser").problems if "browser" in request.fixturenames else []
    first_problem = len(pages)
    start = {path: log_size(path) for path in SERVER_LOGS}
    yield
    found = pages[first_problem:] if check_pages else []
    if check_logs:
        for path in SERVER_LOGS:
            if errors := log_errors(path, start.get(path, 0)):
                found.append(f"{path.name}:\n{errors}")
    if found:
        pytest.fail("page or server error during the test:\n" + "\n".join(found))


@pytest.fixture
def open_page(browser):
    """open_page(**context options) -> a fresh page in its own context (1280x900 unless
    told), closed after the test; its errors are in page.problems (and fail the test)."""
    contexts = []

    def _open(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(context)
        return watch(context.new_page(), browser.problems)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A fresh 1280x900 page (see open_page)."""
    return open_page()
