"""Benchmarks: `python -m bench` prints numbers and writes bench/results.json.

`python -m bench --smoke` runs each measurement once (one visit, two steps, two sessions,
seconds of load instead of a minute) to check the plumbing: its numbers mean nothing and
it writes no results.json. Servers and Chromium come from the harness (tools/browser.py).

geometry_bytes          shipped province geometry (data/boundaries/provinces.geojson)
static_bytes            the layer files the browser loads once (geometry + all quarters)
static_gzip_bytes       the same as sent (the server gzips them)
export_html_bytes       a self-contained HTML export
first_paint_s           the first visitor after the server started (serve.py), in a newly
                        started headless Chromium: navigation start to the animation frame
                        after the map's first WebGL draw, read in the page; the median of
                        three servers started in turn (first_paint_runs_s)
first_paint_screenshot_s
                        the same visit until a screenshot shows the painted map (upper
                        bound: each screenshot takes 0.1-0.3 s)
first_full_paint_s      the same visit to the frame after the whole map's first draw: the
                        map draws its fills and borders first, its labels and events in the
                        next frame (static/js/quarter_map.js)
warm_paint_s            median of three later first-time visitors (each a new browser)
bare_deck_paint_s       the same for a bare one-polygon pydeck page: the floor of
                        Streamlit + pydeck in a fresh browser on this machine
step_browser_ms_median  a scrub step as a reader sees it: a key press on the quarter slider to
                        the animation frame after the page shows the new quarter (the map's
                        next draw; the bare page's text), read in the page. On the map page
                        a step is switched in the browser (ui/scrub.py); the server hears
                        the quarter once it settles (250 ms later): the numbers below
bare_browser_ms_median  the same for the bare one-slider page, same run (a server rerun)
step_bytes              bytes the server sends for a step (websocket, from the browser: the
                        settled quarter's fragment run)
step_ms_median          server time per step: that fragment's script time
step_browser_roundtrip_ms_median
                        that fragment's rerun request to its last frame, in the browser
bare_browser_roundtrip_ms_median
                        the bare page's rerun request to its last frame
step_server_roundtrip_ms_median
                        rerun request to "script finished", a Python client speaking
                        Streamlit's protocol (replaying the browser's own request): the
                        server alone, no browser competing for the 2 cores. The client
                        acknowledges at once, as a browser does (quick_ack: without it
                        every round trip here, the bare page's too, took 40 ms more)
bare_rerun_ms_median    that round trip for a bare one-slider Streamlit page, same run
roundtrip_vs_bare       the ratio of the two
server10_p95_ms         p95 of that round trip, 10 protocol sessions stepping at once: the
                        median of three batches' p95 (*_runs_ms: each batch's; one pause of
                        the machine can make a batch's p95), the two pages' batches in turn,
                        after a round of the same, not counted
bare_server10_p95_ms    the same for the bare page: Streamlit's own floor on this machine
sessions10_p95_step_ms  ten readers stepping at once, as one of them sees it: a step as in
                        step_browser_ms_median, in Chromium, while 9 protocol sessions send,
                        at the key press, the request a step makes their pages send (the map
                        page: its settled quarter; the bare page: its rerun); p95 of three
                        batches of 12 steps, the two pages' batches in turn (*_runs_ms: each
                        batch's p95; sessions10_median_ms: the median)
bare_sessions10_p95_ms  the same for the bare one-slider page
browsers10_*            10 real Chromium sessions scrubbing, then a minute of load (half
                        playing, half scrubbing): the settled quarters' round trips as the
                        browsers see them, CPU seconds of server and browsers, page errors,
                        server log errors
rss_mb_per_session      server memory growth per open browser session
proxy{1,2}_sessions_per_s
                        new readers served per second through nginx by one and by two
                        replicas (`python -m deploy.replicas`): each one loads the page (its
                        HTML, which sets the cookie nginx keeps a reader on one replica by)
                        and its first full script run over Streamlit's WebSocket protocol,
                        PROXY_CLIENTS at a time for PROXY_SECONDS; _replicas_cpu_cores and
                        _client_cpu_cores: the cores the replicas and this load generator
                        kept busy meanwhile (2 cores here, shared with nginx and anything
                        else running: the replicas can only scale where cores are idle)
static_embed_bytes      one page of `geo build-site` (npr_total, en) as stored, and gzipped
static_embed_paint_s    that page from a plain static server in a newly started browser:
                        navigation start to the frame after its content loaded (median of 3)
*_vs_bare               first paint, a scrub step in the browser (step_browser_ms_median),
                        the ten-session step p95 and the server's ten-session p95 as ratios
                        to the bare pages of the same run
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.browser import MAP, Server, free_port, launch, painted, wait_http  # noqa: E402
from tools.deployment import Deployment  # noqa: E402
from ui.scrub import REPORT_KEY  # noqa: E402 - the map page's reporter (its widget key)

TARGETS = {
    "first_paint_vs_bare": 1.1,
    "step_browser_vs_bare": 2,
    "sessions10_p95_vs_bare": 1.3,
    "static_embed_paint_s": 1.0,
    "step_bytes": 20_000,
    "step_ms_median": 30,
    "first_paint_s": 2.5,
    "geometry_bytes": 200_000,
    "export_html_bytes": 3_000_000,
    "sessions10_p95_step_ms": 150,
    "roundtrip_vs_bare": 5,
    "rss_mb_per_session": 10,
}
LOAD_SECONDS = 60
PROXY_CLIENTS = 16
PROXY_SECONDS = 20
SERVER_LOG = ROOT / "bench" / "server.log"


@dataclass(frozen=True)
class Rounds:
    """How many of each measurement: the full bench, or one of each (--smoke)."""

    paints: int = 3  # first visits (servers started in turn), later visits, bare pages
    steps: int = 12  # scrub steps per page, replayed steps per protocol session
    sessions: int = 10  # browser sessions at once
    batches: int = 3  # rounds of protocol sessions at once, per page
    load_seconds: float = LOAD_SECONDS
    proxy_clients: int = PROXY_CLIENTS
    proxy_seconds: float = PROXY_SECONDS


FULL = Rounds()
SMOKE = Rounds(
    paints=1, steps=2, sessions=2, batches=1, load_seconds=2, proxy_clients=2, proxy_seconds=2
)
IDLE_JS = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def server(port: int, script: str = "app.py", env: dict | None = None, log: bool = True) -> Server:
    """Start `script` (the app: as serve.py starts it) and wait until it answers."""
    log_path = SERVER_LOG if script == "app.py" and log else None
    return Server(script, log=log_path, env=env, port=port).start(timeout=60)


class Frames:
    """Websocket frames of one page: (time, 'sent'|'received', bytes)."""

    def __init__(self, page):
        self.items: list[tuple[float, str, int]] = []
        self.payloads: list[bytes] = []  # every message the page sent, for replay
        page.on("websocket", self._attach)

    def _sent(self, f) -> None:
        self.items.append((time.perf_counter(), "s", len(f)))
        self.payloads.append(f if isinstance(f, bytes) else f.encode())

    def _attach(self, ws):
        ws.on("framesent", self._sent)
        ws.on("framereceived", lambda f: self.items.append((time.perf_counter(), "r", len(f))))

    def clear(self):
        self.items.clear()

    def step(self) -> tuple[float, int]:
        """(ms from the rerun request to the last frame of the answer, bytes received)."""
        sent = [t for t, d, _ in self.items if d == "s"]
        got = [(t, n) for t, d, n in self.items if d == "r"]
        if not sent or not got:
            return float("nan"), 0
        return (got[-1][0] - sent[0]) * 1000, sum(n for _, n in got)


def quarter_step(template: bytes, value: str) -> bytes:
    """A captured rerun request with the quarter set to `value`: the map page's settled
    quarter (its reporter's state, ui.scrub.report) or the bare page's slider label."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    m = BackMsg()
    m.ParseFromString(template)
    for w in m.rerun_script.widget_states.widgets:
        if _is_quarter(w.id):
            if w.WhichOneof("value") == "json_value":
                w.json_value = json.dumps({**json.loads(w.json_value), "quarter": value})
            else:
                w.string_array_value.data[:] = [value]
    return m.SerializeToString()


def quick_ack(ws) -> None:
    """Acknowledge what arrives at once, as a browser's connection does. Otherwise Linux
    delays the ACK of the first frame of a reply by 40 ms, and the server's next frames
    wait for it (Nagle): a 40 ms floor under every round trip, the bare page's included."""
    sock = ws.transport.get_extra_info("socket")
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def many_sessions(pages: dict[str, tuple[int, bytes, list[bytes]]], sessions: int,
                  batches: int) -> dict[str, list[list[float]]]:  # fmt: skip
    """replay() by `sessions` clients at once, for each page ({name: (port, first, steps)})
    in turn, `batches` times (the pages' batches interleaved, so both meet the machine's
    same moments), each page's batches after a round of the same that is not counted (the
    first round of a new batch of sessions was 2-4 times slower, the bare page's too)."""
    for port, first, steps in pages.values():
        replay(port, first, steps[:2], sessions)
    out: dict[str, list[list[float]]] = {name: [] for name in pages}
    for _ in range(batches):
        for name, (port, first, steps) in pages.items():
            out[name].append(replay(port, first, steps, sessions))
    return out


class Company:
    """`n` sessions speaking Streamlit's protocol (no browser) on one server, in a thread of
    their own, each opening the page with `first`, then sending a captured request when
    told: the other readers of a step that ten readers take at once, or the protocol
    clients of replay."""

    def __init__(self, port: int, first: bytes, n: int):
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="company", daemon=True).start()
        self._sockets = self._run(self._open(f"ws://127.0.0.1:{port}/_stcore/stream", first, n))

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=120)

    async def _open(self, url: str, first: bytes, n: int) -> list:
        import websockets

        sockets = [
            await websockets.connect(url, subprotocols=["streamlit"], max_size=None)
            for _ in range(n)
        ]
        for ws in sockets:
            await ws.send(first)
        await asyncio.gather(*(script_finished(ws) for ws in sockets))
        return sockets

    def send(self, message: bytes):
        """Every session sends `message` now: a future of their round trips (ms, until the
        server says the script finished), done when all have their answer."""

        async def one(ws) -> float:
            t0 = time.perf_counter()
            await ws.send(message)
            await script_finished(ws)
            return (time.perf_counter() - t0) * 1000

        async def every() -> list[float]:
            return list(await asyncio.gather(*(one(ws) for ws in self._sockets)))

        return asyncio.run_coroutine_threadsafe(every(), self._loop)

    def close(self) -> None:
        async def shut() -> None:
            await asyncio.gather(*(ws.close() for ws in self._sockets))

        self._run(shut())
        self._loop.call_soon_threadsafe(self._loop.stop)


def replay(port: int, first: bytes, steps: list[bytes], sessions: int = 1) -> list[float]:
    """Server round trips (ms): `sessions` protocol sessions (Company) open the page with
    `first`, then all send each of `steps` at once."""
    company = Company(port, first, sessions)
    try:
        return [ms for message in steps for ms in company.send(message).result(timeout=120)]
    finally:
        company.close()


def steps_in_company(
    pages: dict[str, tuple], steps: int, batches: int
) -> dict[str, list[list[float]]]:
    """Scrub steps as a reader sees them (scrub) while the page's Company of other sessions
    sends, at each key press, the request a step makes their pages send ({name: (page,
    frames, company, requests)}): `steps` per batch, the pages' batches in turn, `batches`
    times, each page's first step not counted (the first after a load is slower, once)."""
    out: dict[str, list[list[float]]] = {name: [] for name in pages}
    half = steps // 2
    for page, frames, _, _ in pages.values():
        scrub(page, frames, "ArrowLeft")
        scrub(page, frames, "ArrowRight")
    for _ in range(batches):
        for name, (page, frames, company, requests) in pages.items():
            page.bring_to_front()
            batch = []
            for i in range(steps):
                message = requests[i % len(requests)]
                key = "ArrowLeft" if i < half else "ArrowRight"
                batch.append(scrub(page, frames, key, partial(company.send, message))[0])
            out[name].append(batch)
    return out


async def script_finished(ws) -> None:
    """Read a Streamlit WebSocket until the server says the script run finished."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    while True:
        quick_ack(ws)  # Linux turns quick ACKs off again on its own: set before each read
        raw = await ws.recv()
        if len(raw) > 200:  # elements and deltas; "script finished" is a few bytes
            continue
        m = ForwardMsg()
        m.ParseFromString(raw)
        if m.WhichOneof("type") == "script_finished":
            return


# In the page: the time of the last key press, and of the second animation frame after the
# page next shows a quarter (the map page's map drew: its "npr-drawn" event; the bare page's
# text changed), as first_paint_s counts the map's first draw: the frame that shows it has
# then been made.
STEP_MARKS_JS = """
window.__step = {};
document.addEventListener('keydown', () => { window.__step = {key: performance.now()}; }, true);
const shown = () => {
  const s = window.__step;
  if (s.key && !s.shown) {
    s.shown = true;
    requestAnimationFrame(() => requestAnimationFrame(() => { s.frame = performance.now(); }));
  }
};
window.addEventListener('npr-drawn', shown);
new MutationObserver((changes) => {
  if (changes.some((c) => c.target.closest && c.target.closest('.stMarkdown') ||
      c.target.parentElement && c.target.parentElement.closest('.stMarkdown'))) shown();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def scrub(page, frames: Frames, key: str = "ArrowLeft", at_press=None) -> tuple[float, float, int]:
    """One key press on the quarter slider: (ms to the frame showing the new quarter, ms of
    the rerun that follows it from request to last frame, bytes of that rerun). at_press():
    called just before the press (Company.send: the other sessions step too); what it
    returns is waited for before the next step."""
    frames.clear()
    page.get_by_role("slider").first.focus()
    others = at_press() if at_press is not None else None
    page.keyboard.press(key)
    page.wait_for_function("() => window.__step.frame", timeout=60000, polling=10)
    shown = page.evaluate("() => window.__step.frame - window.__step.key")
    settled(page, frames)
    if others is not None:
        others.result(timeout=60)
    page.wait_for_timeout(400)
    return shown, *frames.step()


def settled(page, frames: Frames, timeout_s: float = 60) -> None:
    """Wait until the page has sent its rerun request (the map page sends its quarter once
    it settled) and Streamlit is idle again."""
    end = time.perf_counter() + timeout_s
    while not any(d == "s" for _, d, _ in frames.items) and time.perf_counter() < end:
        page.wait_for_timeout(20)
    page.wait_for_function(IDLE_JS, timeout=60000)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def chromium_pids() -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if b"chromium" in (d / "cmdline").read_bytes():
                    out.append(int(d.name))
            except OSError:
                pass
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def painted_pixels(page) -> int:
    """Non-white pixels in a screenshot of the map chart, taken now (no waiting)."""
    return painted(page.locator(MAP).first.screenshot(), 240)


# In the page, before any of its scripts: note (ms from navigation start) the map's first
# WebGL draw call and the animation frame after it, when the drawn map is on screen.
PAINT_MARKS_JS = """
window.__paint = {};
const getContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
  const gl = getContext.call(this, type, ...rest);
  if (gl && String(type).startsWith('webgl') && !gl.__marked) {
    gl.__marked = true;
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const draw = gl[name];
      if (!draw) continue;
      gl[name] = function (...args) {
        if (!window.__paint.draw) {
          window.__paint.draw = performance.now();
          requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__paint.frame = performance.now();
          }));
        }
        return draw.apply(this, args);
      };
    }
  }
  return gl;
};
// the map page's map (ui.scrub) draws its fills first, then the whole map: note that too
window.addEventListener('npr-drawn', (e) => {
  if (e.detail && e.detail.complete && !window.__paint.full) {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__paint.full = performance.now();
    }));
  }
});
"""


def time_to_paint(browser, url: str, full: bool = False) -> dict[str, float]:
    """A first visit in a fresh browser context: seconds from navigation start to the frame
    after the map's first WebGL draw (read in the page), and to a screenshot showing it
    painted (an upper bound: a screenshot takes 0.1-0.3 s here)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.add_init_script(PAINT_MARKS_JS)
    t0 = time.time()
    page.goto(url)
    page.wait_for_function("() => window.__paint.frame", timeout=60000, polling=10)
    while time.time() - t0 < 60 and painted_pixels(page) < 20000:
        page.wait_for_timeout(20)
    shot = time.time() - t0
    if full:
        page.wait_for_function("() => window.__paint.full", timeout=60000, polling=10)
    marks = page.evaluate("() => ({...window.__paint, origin: performance.timeOrigin})")
    ctx.close()
    offset = marks["origin"] / 1000 - t0  # navigation start, after t0
    out = {"paint": round(marks["frame"] / 1000, 2), "shot": round(shot - offset, 2)}
    if full:
        out["full"] = round(marks["full"] / 1000, 2)
    return out


def fresh_browser_paints(p, url: str, n: int, full: bool = False) -> list[dict[str, float]]:
    """`n` first visits, each in a newly started browser (empty cache, no compiled shaders)."""
    out = []
    for _ in range(n):
        b = launch(p)
        out.append(time_to_paint(b, url, full))
        b.close()
    return out


def browser_numbers(
    port: int, bare_port: int, deck_port: int, timing_log: Path, rounds: Rounds = FULL
) -> dict:
    from playwright.sync_api import sync_playwright

    url = f"http://127.0.0.1:{port}/?quarter=2024-10-01"
    out: dict[str, float] = {}
    with sync_playwright() as p:
        # first paint: the first visitor after the server started, in a fresh browser;
        # then three more first-time visitors, and the bare one-polygon pydeck page
        # (Chromium is started and closed once before: a visitor's browser is already
        # running, so its program files are not read from disk during the visit)
        launch(p).close()
        firsts = []
        for _ in range(rounds.paints):  # median of three servers' first visitors: one is noisy
            port0 = free_port()
            proc0 = server(port0, log=False)
            try:
                firsts += fresh_browser_paints(
                    p, f"http://127.0.0.1:{port0}/?quarter=2024-10-01", 1, full=True
                )
            finally:
                proc0.stop()
        out["first_paint_s"] = statistics.median(x["paint"] for x in firsts)
        out["first_paint_screenshot_s"] = statistics.median(x["shot"] for x in firsts)
        out["first_paint_runs_s"] = [x["paint"] for x in firsts]
        out["first_full_paint_s"] = statistics.median(x["full"] for x in firsts)
        later = fresh_browser_paints(p, url, rounds.paints)
        out["warm_paint_s"] = statistics.median(x["paint"] for x in later)
        bare = fresh_browser_paints(p, f"http://127.0.0.1:{deck_port}/", rounds.paints)
        out["bare_deck_paint_s"] = statistics.median(x["paint"] for x in bare)
        b = launch(p)
        half = rounds.steps // 2

        # one scrub step: bytes received and round trip (request -> last frame)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(STEP_MARKS_JS)
        frames = Frames(page)
        page.goto(url)
        page.wait_for_selector(".quarter-now", timeout=60000)
        page.wait_for_function(IDLE_JS)
        page.wait_for_timeout(1000)
        timing_log.write_text("")
        steps = [
            scrub(page, frames, "ArrowLeft" if i < half else "ArrowRight")
            for i in range(rounds.steps)
        ]
        out["step_browser_ms_median"] = round(statistics.median(x for x, _, _ in steps), 1)
        out["step_bytes"] = int(statistics.median(n for _, _, n in steps))
        script = [float(x.split()[1]) for x in timing_log.read_text().split("\n") if x]
        out["step_ms_median"] = round(statistics.median(script), 1)  # server script time
        out["step_browser_roundtrip_ms_median"] = round(
            statistics.median(ms for _, ms, _ in steps), 1
        )
        templates = {"map": (first_rerun(frames.payloads), last_step(frames.payloads))}
        page.close()

        # the bare Streamlit rerun, measured the same way
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(STEP_MARKS_JS)
        frames = Frames(page)
        bare_url = f"http://127.0.0.1:{bare_port}/"
        page.goto(bare_url)
        page.get_by_role("slider").first.wait_for(timeout=60000)
        page.wait_for_function(IDLE_JS)
        page.wait_for_timeout(1000)
        bare = [
            scrub(page, frames, "ArrowLeft" if i < half else "ArrowRight")
            for i in range(rounds.steps)
        ]
        out["bare_browser_ms_median"] = round(statistics.median(x for x, _, _ in bare), 1)
        out["bare_browser_roundtrip_ms_median"] = round(
            statistics.median(ms for _, ms, _ in bare), 1
        )
        templates["bare"] = (first_rerun(frames.payloads), last_step(frames.payloads))
        page.close()
        b.close()

    # the server alone: Streamlit's own protocol from Python clients, no browser
    labels = QUARTERS_CYCLE[: rounds.steps]  # the map page's reporter says the quarter
    first, tpl = templates["map"]
    out["step_server_roundtrip_ms_median"] = round(
        statistics.median(replay(port, first, [quarter_step(tpl, x) for x in labels])), 1
    )
    first, tpl = templates["bare"]
    bare_steps = [quarter_step(tpl, f"q{i}") for i in ((9, 8, 7, 8, 9, 10) * 2)[: rounds.steps]]
    out["bare_rerun_ms_median"] = round(statistics.median(replay(bare_port, first, bare_steps)), 1)
    out["roundtrip_vs_bare"] = round(
        out["step_server_roundtrip_ms_median"] / out["bare_rerun_ms_median"], 2
    )
    map_first, map_tpl = templates["map"]
    map_steps = [quarter_step(map_tpl, x) for x in labels]
    batches = many_sessions(
        {"map": (port, map_first, map_steps), "bare": (bare_port, first, bare_steps)},
        rounds.sessions,
        rounds.batches,
    )
    for name, key in (("map", "server10_p95_ms"), ("bare", "bare_server10_p95_ms")):
        out[key] = round(statistics.median(p95(b) for b in batches[name]), 1)
        out[key.replace("_ms", "_runs_ms")] = [round(p95(b), 1) for b in batches[name]]
    out["server10_median_ms"] = round(statistics.median(x for b in batches["map"] for x in b), 1)
    out.update(
        company_numbers(
            {
                "map": (url, port, map_first, map_steps),
                "bare": (bare_url, bare_port, first, bare_steps),
            },
            rounds,
        )
    )
    return out


def company_numbers(pages: dict[str, tuple], rounds: Rounds = FULL) -> dict:
    """Ten readers scrubbing at once: one in Chromium, its steps measured as it sees them,
    and the others as protocol sessions sending what their steps send, at the same moment
    ({name: (url, port, first request, step requests)})."""
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {}
    companies = {
        n: Company(port, first, rounds.sessions - 1) for n, (_, port, first, _) in pages.items()
    }
    try:
        with sync_playwright() as p:
            b = launch(p)
            open_pages = {}
            for name, (url, _, _, requests) in pages.items():
                page = b.new_page(viewport={"width": 1280, "height": 900})
                page.add_init_script(STEP_MARKS_JS)
                frames = Frames(page)
                page.goto(url)
                page.get_by_role("slider").first.wait_for(timeout=60000)
                page.wait_for_function(IDLE_JS)
                page.wait_for_timeout(1000)
                open_pages[name] = (page, frames, companies[name], requests)
            steps = steps_in_company(open_pages, rounds.steps, rounds.batches)
            b.close()
    finally:
        for c in companies.values():
            c.close()
    for name, key in (("map", "sessions10_p95_step_ms"), ("bare", "bare_sessions10_p95_ms")):
        every = [x for batch in steps[name] for x in batch]
        out[key] = round(p95(every), 1)
        out[key.replace("_ms", "_runs_ms")] = [round(p95(batch), 1) for batch in steps[name]]
        out[key.replace("_p95_", "_median_").replace("_step", "")] = round(
            statistics.median(every), 1
        )
    return out


QUARTERS_CYCLE = ["2024-07-01", "2024-04-01", "2024-01-01", "2023-10-01", "2023-07-01",
                  "2023-04-01", "2023-07-01", "2023-10-01", "2024-01-01", "2024-04-01",
                  "2024-07-01", "2024-10-01"]  # fmt: skip


def first_rerun(payloads: list[bytes]) -> bytes:
    """The page's opening rerun request."""
    return next(p for p in payloads if _is_rerun(p))


def last_step(payloads: list[bytes]) -> bytes:
    """The last rerun request that set the quarter slider."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    def sets_quarter(p: bytes) -> bool:
        m = BackMsg()
        m.ParseFromString(p)
        return any(_is_quarter(w.id) for w in m.rerun_script.widget_states.widgets)

    return [p for p in payloads if _is_rerun(p) and sets_quarter(p)][-1]


def _is_quarter(widget_id: str) -> bool:
    """The quarter: the map page's reporter (ui.scrub.REPORT_KEY) or the bare page's
    slider (its key, "w_quarter_en")."""
    key = widget_id.rsplit("-", 1)[-1]
    return key in ("quarter", REPORT_KEY) or key.startswith("w_quarter_")


def _is_rerun(payload: bytes) -> bool:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    m = BackMsg()
    try:
        m.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - any other message
        return False
    return m.WhichOneof("type") == "rerun_script"


def sessions(port: int, pid: int, timing_log: Path, rounds: Rounds = FULL) -> dict:
    """n browser sessions scrub together; server round trips and memory per session."""
    n, steps = rounds.sessions, rounds.steps
    from playwright.sync_api import sync_playwright

    url = f"http://127.0.0.1:{port}/?quarter=2024-10-01"
    latencies: list[float] = []
    errors: list[str] = []
    with sync_playwright() as p:
        b = launch(p)
        warm = b.new_page()  # the first session loads the data: not a per-session cost
        warm.goto(url)
        warm.wait_for_selector(".quarter-now", timeout=60000)
        warm.close()
        time.sleep(2)
        base = rss_mb(pid)
        pages, frames = [], []
        for _ in range(n):
            ctx = b.new_context(viewport={"width": 640, "height": 720})
            pg = ctx.new_page()
            pg.on("pageerror", lambda e: errors.append(str(e)))
            frames.append(Frames(pg))
            pg.goto(url)
            pages.append(pg)
        for pg in pages:
            pg.wait_for_selector(".quarter-now", timeout=60000)
            pg.wait_for_function(IDLE_JS, timeout=60000)
        loaded = rss_mb(pid)
        timing_log.write_text("")
        cpu0_server, cpu0_browsers = cpu_seconds([pid]), cpu_seconds(chromium_pids())
        for s in range(steps):
            key = "ArrowLeft" if s % 8 < 4 else "ArrowRight"
            for f in frames:
                f.clear()
            for pg in pages:  # every session presses, then all answers are awaited
                pg.get_by_role("slider").first.focus()
                pg.keyboard.press(key)
            for pg, f in zip(pages, frames, strict=True):
                settled(pg, f)
            time.sleep(0.4)
            latencies += [f.step()[0] for f in frames]
        script = sorted(float(x.split()[1]) for x in timing_log.read_text().split("\n") if x)
        cpu_server = cpu_seconds([pid]) - cpu0_server
        cpu_browsers = cpu_seconds(chromium_pids()) - cpu0_browsers
        # a minute of load: half the sessions play, the others keep scrubbing
        for i, pg in enumerate(pages):
            if i % 2 == 0:
                pg.locator(".qm-play").click()
        end = time.perf_counter() + rounds.load_seconds
        k = 0
        while time.perf_counter() < end:
            for i, pg in enumerate(pages):
                if i % 2:
                    pg.get_by_role("slider").first.focus()
                    pg.keyboard.press("ArrowLeft" if k % 10 < 5 else "ArrowRight")
            k += 1
            pages[1].wait_for_timeout(700)
        peak = max(rss_mb(pid), loaded)
        for pg in pages:
            pg.context.close()
        b.close()
    time.sleep(5)
    after = rss_mb(pid)
    latencies = sorted(x for x in latencies if x == x)
    log = SERVER_LOG.read_text(errors="replace") if SERVER_LOG.exists() else ""
    return {
        "load_seconds": rounds.load_seconds,
        "load_server_log_errors": sum(w in log for w in ("Traceback", "Error", "Exception")),
        "browsers10_p95_script_ms": round(script[int(0.95 * (len(script) - 1))], 1),
        "browsers10_p95_roundtrip_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "browsers10_median_roundtrip_ms": round(statistics.median(latencies), 1),
        "rss_mb_per_session": round((max(loaded, peak) - base) / n, 2),
        "rss_mb_base": round(base, 1),
        "rss_mb_peak": round(peak, 1),
        "rss_mb_after_close": round(after, 1),
        "session_page_errors": len(errors),
        "browsers10_cpu_s_server": round(cpu_server, 1),
        "browsers10_cpu_s_browsers": round(cpu_browsers, 1),
    }


def static_numbers() -> dict:
    from geo import DATA_DIR, data, layers, metrics

    b = data.load(DATA_DIR)
    quarters = metrics.quarters(b.panel)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        files = layers.write_static(Path(tmp), b, quarters, layers.all_breaks(b.panel, b.cma_flows))
        build_ms = (time.perf_counter() - t0) * 1000
        static_gzip = sum(len(gzip.compress(f.read_bytes())) for f in Path(tmp).glob("*.json"))
    deck_ms = []
    for q in quarters:
        t0 = time.perf_counter()
        layers.deck(files, q, "npr_total", ("provinces", "events"), "en").to_json()
        deck_ms.append((time.perf_counter() - t0) * 1000)
    out = {
        "geometry_bytes": sum(
            (DATA_DIR / "boundaries" / n).stat().st_size
            for n in ("provinces.geojson", "cmas.geojson")
        ),
        "static_bytes": sum(files.sizes.values()),
        "static_gzip_bytes": static_gzip,
        "static_build_ms": round(build_ms),
        "deck_json_ms_median": round(statistics.median(deck_ms), 2),
    }
    try:
        from geo import export

        html = export.export(
            "html", b.panel, b.provinces, "2024-10-01", "npr_total", "en", b.events
        )
        out["export_html_bytes"] = len(html)
    except (ImportError, AttributeError) as e:
        out["export_html_bytes"] = None
        out["export_html_note"] = f"export not available: {e}"
    return out


def first_run(query: str) -> bytes:
    """A page's opening rerun request, as a browser sends it for `?query`."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    m = BackMsg()
    m.rerun_script.query_string = query
    return m.SerializeToString()


def sessions_per_second(url: str, clients: int = PROXY_CLIENTS, seconds: float = PROXY_SECONDS):
    """New readers served per second: `clients` at a time, each loading the page's HTML
    (which sets the cookie nginx keeps a reader on one replica by), opening Streamlit's
    WebSocket with that cookie and waiting for the first full script run; the first
    seconds (every replica's first runs) are left out."""
    import websockets

    queries = [f"quarter={q}&measure=npr_total" for q in QUARTERS_CYCLE]
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"

    host, port = url.split("//")[1].split(":")

    async def load_html(query: str) -> str:
        """GET the page (HTTP/1.0: read to the end); the cookies it sets."""
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(f"GET /?{query} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode())
        raw = await reader.read()
        writer.close()
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        if not head[0].split()[1] == "200":
            raise RuntimeError(f"page load: {head[0]}")
        cookies = [h.split(":", 1)[1].split(";")[0].strip() for h in head
                   if h.lower().startswith("set-cookie:")]  # fmt: skip
        return "; ".join(cookies)

    async def visit(query: str) -> None:
        cookie = await load_html(query)
        headers = {"Cookie": cookie} if cookie else {}
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                      additional_headers=headers) as ws:  # fmt: skip
            await ws.send(first_run(query))
            await script_finished(ws)

    async def main() -> float:
        loop = asyncio.get_running_loop()
        warm, end = loop.time() + 4, loop.time() + 4 + seconds
        done = 0

        async def client(k: int) -> None:
            nonlocal done
            i = k
            while loop.time() < end:
                await visit(queries[i % len(queries)])
                i += clients
                if warm <= loop.time() < end:
                    done += 1

        await asyncio.gather(*(client(k) for k in range(clients)))
        return done / seconds

    return round(asyncio.run(main()), 1)


def proxy_numbers(rounds: Rounds = FULL) -> dict:
    out: dict[str, float] = {}
    for n in (1, 2):
        log_dir = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
        deployment = Deployment(n, log_dir)
        try:
            cpu0, own0, t0 = cpu_seconds(deployment.pids), time.process_time(), time.perf_counter()
            out[f"proxy{n}_sessions_per_s"] = sessions_per_second(
                deployment.url, rounds.proxy_clients, rounds.proxy_seconds
            )
            wall = time.perf_counter() - t0
            out[f"proxy{n}_replicas_cpu_cores"] = round(
                (cpu_seconds(deployment.pids) - cpu0) / wall, 2
            )
            out[f"proxy{n}_client_cpu_cores"] = round((time.process_time() - own0) / wall, 2)
        finally:
            deployment.stop()
            shutil.rmtree(log_dir, ignore_errors=True)
    out["proxy_replicas_speedup"] = round(
        out["proxy2_sessions_per_s"] / out["proxy1_sessions_per_s"], 2
    )
    return out


STATIC_PAINT_JS = """
window.__paint = {};
document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(() =>
  requestAnimationFrame(() => { window.__paint.frame = performance.now(); })));
"""


def static_embed_numbers(rounds: Rounds = FULL) -> dict:
    """Size of one static-embed page, and its paint from a plain static server."""
    from playwright.sync_api import sync_playwright

    from geo import DATA_DIR, data, site

    folder = Path(tempfile.mkdtemp(prefix="bench-site-"))
    t0 = time.perf_counter()
    pages = site.build(data.load(DATA_DIR), folder, "http://127.0.0.1/")
    out = {"static_site_build_s": round(time.perf_counter() - t0, 1),
           "static_site_bytes": sum(p.bytes for p in pages)}  # fmt: skip
    page = next(p for p in pages if (p.measure, p.lang, p.cmas) == ("npr_total", "en", False))
    raw = (folder / page.file).read_bytes()
    out["static_embed_bytes"] = len(raw)
    out["static_embed_gzip_bytes"] = len(gzip.compress(raw))
    port = free_port()
    httpd = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/", timeout=10)
        paints = []
        with sync_playwright() as p:
            launch(p).close()
            for _ in range(rounds.paints):
                b = launch(p)
                ctx = b.new_context(viewport={"width": 700, "height": 900})
                pg = ctx.new_page()
                pg.add_init_script(STATIC_PAINT_JS)
                pg.goto(f"http://127.0.0.1:{port}/{page.file}")
                pg.wait_for_function("() => window.__paint.frame", polling=10)
                assert pg.locator("svg path.p").count() == 13
                paints.append(pg.evaluate("() => window.__paint.frame") / 1000)
                b.close()
        out["static_embed_paint_s"] = round(statistics.median(paints), 2)
        out["static_embed_paint_runs_s"] = [round(x, 2) for x in paints]
    finally:
        httpd.terminate()
        httpd.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    return out


def ratios(r: dict) -> dict:
    """The app against the bare pages of the same run."""
    pairs = {
        "first_paint_vs_bare": ("first_paint_s", "bare_deck_paint_s"),
        "step_browser_vs_bare": ("step_browser_ms_median", "bare_browser_ms_median"),
        "sessions10_p95_vs_bare": ("sessions10_p95_step_ms", "bare_sessions10_p95_ms"),
        "server10_p95_vs_bare": ("server10_p95_ms", "bare_server10_p95_ms"),
    }
    return {k: round(r[a] / r[b], 2) for k, (a, b) in pairs.items() if r.get(a) and r.get(b)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="each measurement once, to check the plumbing (no results.json written)",
    )
    smoke = parser.parse_args(argv).smoke
    rounds = SMOKE if smoke else FULL
    results: dict[str, object] = {}
    results.update(static_numbers())
    port, bare_port, deck_port = free_port(), free_port(), free_port()
    timing_log = Path(tempfile.mkdtemp()) / "timing.log"
    proc = server(port, env={"NPR_TIMING_LOG": str(timing_log)})
    bare = server(bare_port, "bench/bare_app.py")
    bare_deck = server(deck_port, "bench/bare_deck.py")
    try:
        results.update(browser_numbers(port, bare_port, deck_port, timing_log, rounds))
        results.update(sessions(port, proc.proc.pid, timing_log, rounds))
    finally:
        for p in (proc, bare, bare_deck):
            p.stop()
    results.update(static_embed_numbers(rounds))
    results.update(proxy_numbers(rounds))
    results.update(ratios(results))
    width = max(len(k) for k in results)
    for key, value in results.items():
        target = TARGETS.get(key)
        verdict = ""
        if target is not None and not smoke and isinstance(value, (int, float)):
            verdict = "  ok" if value <= target else f"  MISSES target {target}"
        if key == "first_paint_s" and "bare_deck_paint_s" in results:
            verdict += f" (a bare one-polygon pydeck page: {results['bare_deck_paint_s']})"
        print(f"{key:<{width}}  {value}{verdict}")
    if smoke:
        print("smoke run: every measurement ran once; its numbers mean nothing (not written)")
        return 0
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
