"""Two replicas behind nginx (`python -m deploy.replicas`, as the README runs it): ten browser
sessions on different views, one replica killed, every session back on its view."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from deploy import replicas
from geo import DATA_DIR, data, metrics
from geo import quarters as qtr
from geo.i18n import t
from tests.e2e.conftest import SERVER_LOGS
from tools.browser import ARTIFACTS, poll, wait_app
from tools.deployment import Deployment

RECOVERY_S = 10  # seconds a session may take to show its view again


def need_nginx() -> None:
    if replicas.find_nginx() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI: `make test` installs it")
        pytest.skip("nginx not installed (apt-get install -y nginx; `make test` does it as root)")


def sessions_on(port: int) -> int:
    """Open connections from nginx to a replica: its live WebSocket sessions."""
    hexport = f"{port:04X}"
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            cols = row.split()
            if cols[2].endswith(":" + hexport) and cols[3] == "01":  # ESTABLISHED
                count += 1
    return count


IDLE = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning'
  && !document.querySelector('[data-testid="stStatusWidget"]')"""


def counted(ws):
    """A page's WebSocket with a count of the frames it received (ws.frames)."""
    ws.frames = 0

    def got(_frame) -> None:
        ws.frames += 1

    ws.on("framereceived", got)
    return ws


def views() -> list[dict[str, str]]:
    b = data.load(DATA_DIR)
    quarters = metrics.quarters(b.panel)
    codes = list(b.provinces["code"])
    measures = ["npr_total", "npr_per_100", "change_prev", "permit_total", "asylum"]
    return [
        {"quarter": quarters[3 + i], "measure": measures[i % 5], "province": codes[i]}
        for i in range(10)
    ]


def seen(page) -> tuple[str, str, str] | None:
    """(quarter heading, legend's measure, selected province's panel) as shown, or None
    mid-run."""
    try:
        quarter = page.inner_text(".quarter-now", timeout=1000)
        measure = page.locator(".legend strong").first.inner_text(timeout=1000)
        panel = " | ".join(page.locator('[data-testid="stHeading"]').all_inner_texts())
    except PlaywrightTimeout:  # mid-rerun: not (yet) showing it
        return None
    return quarter, measure, panel


def shows_soon(page, view: dict[str, str], names: dict[str, str], timeout: float = 20) -> bool:
    """shows(), polled: the panel's heading can arrive a moment after the page is idle."""
    try:
        return poll(lambda: shows(page, view, names), timeout, 0.1, page=page)
    except TimeoutError:
        return False


def shows(page, view: dict[str, str], names: dict[str, str]) -> bool:
    """The page shows the view's quarter, measure and province."""
    got = seen(page)
    return got is not None and (
        got[0] == qtr.label(view["quarter"], "en")
        and got[1] == t("m_" + view["measure"], "en")
        and names[view["province"]] in got[2]
    )


def test_sessions_survive_a_replica_crash(browser, tmp_path):
    need_nginx()
    log_dir = ARTIFACTS / "replicas"
    log_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    deployment = Deployment(2, log_dir)
    SERVER_LOGS.extend(sorted(log_dir.glob("replica-*.log")))
    b = data.load(DATA_DIR)
    names = dict(zip(b.provinces["code"], b.provinces["name_en"], strict=True))
    contexts, pages = [], []  # their errors fail the test (conftest)
    try:
        wanted = views()
        for view in wanted:
            ctx = browser.new_context(viewport={"width": 800, "height": 500})
            page = ctx.new_page()
            page.sockets = []
            page.on("websocket", lambda ws, page=page: page.sockets.append(counted(ws)))
            query = "&".join(f"{k}={v}" for k, v in view.items())
            page.goto(f"{deployment.url}/?{query}", wait_until="commit")
            contexts.append(ctx)
            pages.append(page)
        for page, view in zip(pages, wanted, strict=True):  # ten first visits at once on
            wait_app(page, ".quarter-now", timeout=60000)  # 2 cores: not what is timed here
            assert shows_soon(page, view, names, timeout=60), (view, seen(page))

        loaded = time.time() - t0
        # kill the replica that holds the most sessions, as a crash would (counted once the
        # counts hold still: a request in flight is an open connection too, for a moment)
        counts: list[dict[int, int]] = []

        def steady() -> dict[int, int] | None:
            counts.append({p: sessions_on(q) for p, q in deployment.replicas.items()})
            return (
                counts[-1] if len(counts) >= 3 and counts[-1] == counts[-2] == counts[-3] else None
            )

        load = poll(steady, 10, 0.1, page=pages[0])
        victim = max(load, key=load.get)
        assert load[victim] >= 1, load
        os.kill(victim, signal.SIGKILL)
        killed_at = time.time()
        moved: list[int] = []

        def all_closed() -> bool:  # nginx closes those sessions' sockets
            moved[:] = [i for i, p in enumerate(pages) if p.sockets[0].is_closed()]
            return len(moved) >= load[victim]

        try:
            poll(all_closed, 5, 0.05, page=pages[0])
        except TimeoutError:
            pytest.fail(f"nginx closed sessions {moved} of {load} in 5 s")
        assert len(moved) == load[victim], (moved, load)

        # each of them reconnects, to the other replica, which shows its view from the URL
        recovered: dict[int, float] = {}

        def all_recovered() -> bool:
            for i in moved:
                page = pages[i]
                ws = page.sockets[-1]
                if (
                    i not in recovered
                    and len(page.sockets) >= 2
                    and not ws.is_closed()
                    and ws.frames > 0
                    and page.evaluate(IDLE)
                    and shows(page, wanted[i], names)
                ):
                    recovered[i] = round(time.time() - killed_at, 2)
            return len(recovered) == len(moved)

        try:
            poll(all_recovered, RECOVERY_S - (time.time() - killed_at), 0.05, page=pages[0])
        except TimeoutError:
            pytest.fail(f"recovered {recovered} of {moved} in {RECOVERY_S} s")
        for i, page in enumerate(pages):  # the others never left their replica
            assert i in moved or (len(page.sockets) == 1 and not page.sockets[0].is_closed())
            assert shows_soon(page, wanted[i], names), (wanted[i], seen(page))
        quarters = metrics.quarters(b.panel)
        for i in moved:  # and the session there is live: the next quarter answers
            page, view = pages[i], wanted[i]
            wait_app(page, ".quarter-now")
            page.get_by_role("slider").first.focus()
            page.keyboard.press("ArrowRight")
            nxt = quarters[quarters.index(view["quarter"]) + 1]
            page.wait_for_function(
                "t => document.querySelector('.quarter-now')?.textContent === t",
                arg=qtr.label(nxt, "en"),
                timeout=10000,
                polling=100,
            )
        print(f"started and loaded in {loaded:.1f} s; sessions per replica {load}; "
              f"recovered in s: {recovered}")  # fmt: skip
    finally:
        for ctx in contexts:
            ctx.close()
        deployment.stop()
