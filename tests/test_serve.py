"""serve.py's readiness endpoint (--ready-port): ready only once the data is loaded and
the server answers; unready, with the reason logged, when a data file is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

import serve
from geo import DATA_DIR, ROOT
from tools.browser import LOG_ERRORS, free_port, poll


def test_pop_option():
    assert serve.pop_option(["--ready-port", "9", "--server.port", "1"], "--ready-port") == (
        "9",
        ["--server.port", "1"],
    )
    assert serve.pop_option(["--ready-port=9", "x"], "--ready-port") == ("9", ["x"])
    assert serve.pop_option(["x"], "--ready-port") == (None, ["x"])


def test_readiness_says_why_not():
    r = serve.Readiness()
    assert r.status() == (503, f"not ready: {serve.STARTING}")
    r.problem = "population_quarterly.csv: not UTF-8"
    assert r.status() == (503, "not ready: population_quarterly.csv: not UTF-8")
    r.problem = None  # data loaded, but no Streamlit server in this process
    code, text = r.status()
    assert code == 503 and text.startswith("not ready: starting: the web server")


def ready(port: int) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def status(url: str) -> int | None:
    """The HTTP status of a GET that succeeds, None until one does."""
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status
    except OSError:  # refused, or an HTTP error status: not (yet) answering
        return None


def run_until(data_dir, log_path, settled):
    """serve.py with --ready-port on `data_dir`; /ready polled until `settled(code, text)`;
    returns (code, text, Streamlit's health status)."""
    port, ready_port = free_port(), free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "serve.py", "--ready-port", str(ready_port), "--server.port",
             str(port), "--server.headless", "true", "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "NPR_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        try:
            seen = []

            def settled_now():
                try:
                    code, text = ready(ready_port)
                except OSError:  # the endpoint is not up yet
                    return None
                seen.append(text.strip())
                return (code, text) if settled(code, text) else None

            try:
                code, text = poll(settled_now, 90, 0.1, what="readiness settled")
            except TimeoutError:
                pytest.fail(f"readiness never settled: {seen[-3:]}")
            health = poll(lambda: status(f"http://127.0.0.1:{port}/_stcore/health"), 30, 0.1)
            assert ready(ready_port) == (code, text)  # it stays so
            return code, text.strip(), health, seen
        finally:
            proc.terminate()
            proc.wait(15)


def test_ready_once_the_data_is_loaded_and_the_server_answers(tmp_path):
    code, text, health, seen = run_until(DATA_DIR, tmp_path / "serve.log", lambda c, _: c == 200)
    assert (code, text, health) == (200, "ready", 200)
    assert all(s == "ready" or s.startswith("not ready: starting") for s in seen), seen
    log = (tmp_path / "serve.log").read_text()
    assert "not ready" not in log and not any(m in log for m in LOG_ERRORS)


def test_broken_data_file_makes_it_unready_with_the_reason(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    (d / "statcan" / "population_quarterly.csv").write_bytes(b"\xff\xfe garbage")
    code, text, health, _ = run_until(
        d, tmp_path / "serve.log", lambda _, t: not t.startswith("not ready: starting")
    )
    assert code == 503 and "population_quarterly.csv" in text, text
    assert health == 200  # alive (its pages explain the problem), only not ready
    log = (tmp_path / "serve.log").read_text()
    line = next(x for x in log.splitlines() if x.startswith("serve.py: not ready:"))
    assert "population_quarterly.csv" in line and "To fix" in line
    assert not any(m in log for m in LOG_ERRORS), log
