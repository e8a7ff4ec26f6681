"""The harness's default checks catch what they promise: a page's uncaught error, a JS
dialog and a server log's traceback each fail a browser test that did nothing else wrong,
and the explicit opt-outs (which need a reason) let a test provoke them. Runs a small
pytest session of deliberately broken tests (a throwing page, a Streamlit script that
raises) with this directory's conftest, and reads its outcomes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.conftest import need_browser
from tools.browser import ROOT

BROKEN = """
import pytest

from tests.e2e.conftest import streamlit_server
from tools.browser import wait_app

THROWS = "<script>throw new Error('boom from the page')</script><p>looks fine</p>"


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory):
    script = tmp_path_factory.mktemp("app") / "broken.py"
    script.write_text(
        "import streamlit as st\\nst.write('looks fine')\\nraise ValueError('boom from the server')\\n"
    )
    with streamlit_server("harness-broken-server.log", script=str(script)) as url:
        yield url


def open_broken_server(url, page):
    page.goto(url)
    wait_app(page, '[data-testid="stException"]')


def test_clean(page):
    page.set_content("<p>fine</p>")
    assert page.inner_text("p") == "fine"


def test_page_error(page):
    page.set_content(THROWS)
    assert page.inner_text("p") == "looks fine"


def test_dialog(page):
    page.set_content("<script>alert('a dialog')</script><p>looks fine</p>")
    assert page.inner_text("p") == "looks fine"


def test_server_traceback(broken_server, page):
    open_broken_server(broken_server, page)


@pytest.mark.allow_page_errors("it throws on purpose")
def test_page_error_allowed(page):
    page.set_content(THROWS)
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.problems and "boom from the page" in page.problems[0]


@pytest.mark.allow_server_errors("its script raises on purpose")
def test_server_traceback_allowed(broken_server, page):
    open_broken_server(broken_server, page)


@pytest.mark.allow_page_errors
def test_opt_out_without_a_reason(page):
    page.set_content("<p>fine</p>")
"""


@pytest.mark.e2e  # a browser test, though its browser and server are in the inner session
def test_page_errors_dialogs_and_server_tracebacks_fail_a_test(tmp_path):
    need_browser()
    (tmp_path / "test_broken.py").write_text(BROKEN)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.e2e.conftest",
         "-rA", "-q", "test_broken.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    out = run.stdout + run.stderr
    summary = {
        (line.split()[0], line.split()[1].split("::")[1])
        for line in out.splitlines()
        if line.startswith(("PASSED ", "FAILED ", "ERROR ")) and "::" in line
    }
    errors = {name for outcome, name in summary if outcome in ("ERROR", "FAILED")}
    assert errors == {
        "test_page_error",
        "test_dialog",
        "test_server_traceback",
        "test_opt_out_without_a_reason",
    }, out[-6000:]
    passed = {name for outcome, name in summary if outcome == "PASSED"}
    assert {"test_clean", "test_page_error_allowed", "test_server_traceback_allowed"} <= passed
    for text in (
        "pageerror: boom from the page",
        "dialog: a dialog",
        "harness-broken-server.log",
        "ValueError: boom from the server",
        "allow_page_errors needs a reason",
    ):
        assert text in out, (text, out[-6000:])
    assert run.returncode == 1, out[-3000:]
