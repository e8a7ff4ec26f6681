"""28 hostile URL values on each of the 5 pages, in real Chromium: shown as text, never as
a link, an image, markup or script; nothing requested outside the app's server; no page
error, no dialog, no traceback in the page or in the server's log.

Lean on purpose: one browser page for every load, each load puts a different payload in
each parameter (4 loads a page cover all 28), and it waits by polling, never by sleeping."""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode, urlsplit

from tools.browser import ARTIFACTS, shot

OUT = "127.0.0.2"  # every link or image in a payload points here: nothing may reach it
PAYLOADS = [
    f":red[**OFFICIAL NOTICE**] [log in here](http://{OUT}:9/phish) ![x](http://{OUT}:9/t.png)",
    "<script>alert(1)</script>",
    f"<img src=http://{OUT}:9/i.png onerror=alert(1)>",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    f'<a href="http://{OUT}:9/a">link</a>',
    "<svg onload=alert(1)>",
    '"><script>alert(document.domain)</script>',
    f'<iframe src="http://{OUT}:9/f"></iframe>',
    f"http://{OUT}:9/autolink",
    "www.evil.example/x",
    f"<http://{OUT}:9/angle>",
    f"![img](http://{OUT}:9/md.png)",
    f"[ref]\n\n[ref]: http://{OUT}:9/r",
    f"$\\href{{http://{OUT}:9/k}}{{x}}$",
    ":material/warning: :smile: :red-background[x]",
    "# Heading\n\n- item\n\n> quote",
    "x" * 5000,
    "é" * 3000,
    "\u202eevil\u0007\u001b[31m\u200b",
    "\x00nul",
    "<style>body{display:none}</style>",
    "{{7*7}}${7*7}<%= 7*7 %>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    f'<base href="http://{OUT}:9/">',
    f"<link rel=stylesheet href=http://{OUT}:9/s.css>",
    f'<meta http-equiv="refresh" content="0;url=http://{OUT}:9/m">',
]
PARAMS = ["quarter", "measure", "province", "layers", "chapter", "type", "q", "lang"]
PAGES = {  # path: an element only a fully rendered page has
    "map": "h1.app-title",
    "story": "h2.story-title",
    "province": '[data-testid="stMain"] h1',
    "events": '[data-testid="stMain"] h1',
    "sources": '[data-testid="stMain"] h1',
}
SETTLED = """([selector]) => {
  if (!document.querySelector(selector)) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const n = document.body.innerHTML.length;  // unchanged for three polls in a row
  if (window.__npr_n !== n) { window.__npr_n = n; window.__npr_same = 0; return false; }
  return ++window.__npr_same >= 3;
}"""
RENDERED = f"""() => [...document.querySelectorAll(
  '[href*="{OUT}"],[src*="{OUT}"],[href*="evil.example"],[src*="evil.example"],' +
  '[href^="javascript:" i],[onerror],[onload],[ontoggle],meta[http-equiv="refresh"],base')]
  .concat([...document.querySelectorAll('strong,em,h1,h2,h3,li,blockquote,code,a')]
    .filter(e => /OFFICIAL NOTICE|^Heading$|^item$|^quote$|^log in here$|^click$/.test(e.textContent)))
  .map(e => e.outerHTML.slice(0, 200))"""


def loads() -> list[tuple[str, dict[str, str]]]:
    """(page, params): every payload once in some parameter on every page."""
    per_page = math.ceil(len(PAYLOADS) / len(PARAMS))
    out = []
    for page in PAGES:
        for i in range(per_page):
            picks = [(i * len(PARAMS) + j) % len(PAYLOADS) for j in range(len(PARAMS))]
            out.append((page, {p: PAYLOADS[k] for p, k in zip(PARAMS, picks, strict=True)}))
    return out


def test_hostile_url_values_stay_text_on_every_page(server, page):
    log = ARTIFACTS / "server.log"
    log_start = log.stat().st_size if log.exists() else 0
    outside: list[str] = []

    def watch(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            outside.append(request.url)

    page.on("request", watch)
    for name, params in loads():
        url = f"{server}/{name}?{urlencode(params, quote_via=quote)}"
        page.goto(url)
        page.wait_for_function(SETTLED, arg=[PAGES[name]], polling=150, timeout=45000)
        where = f"{name} with {sorted(params)}"
        assert page.evaluate(RENDERED) == [], where
        assert page.locator('[data-testid="stException"]').count() == 0, where
        assert "Traceback" not in page.inner_text("body"), where
        assert not outside, (where, outside)
        assert not page.problems, (where, page.problems)
    shot(page, "hostile-urls-last")
    text = log.read_text(errors="replace")[log_start:] if log.exists() else ""
    assert "Traceback" not in text and "Error" not in text, text[-2000:]
