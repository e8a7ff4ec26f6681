"""Start the app with its data already loaded: `python serve.py [--ready-port PORT]
[streamlit run options]`.

`streamlit run app.py` loads the data and writes the map's static files during the first
visit after a start (about a second on a 2-core machine). Here that happens before the
server listens, so no visitor waits for it; `make run`, the tests and `make bench` all
start the app this way.

Health and readiness: Streamlit answers GET /_stcore/health as soon as it listens (the
process is alive). With --ready-port PORT, GET http://127.0.0.1:PORT/ready answers 200
"ready" only once the data is loaded, the static files are written and Streamlit answers
its health check; until then 503 "not ready: starting: ...", and 503 "not ready: REASON"
for good when a data file is broken (the reason is logged too; the app still starts, so
its pages can explain it to a visitor who reaches it directly). `python -m
deploy.replicas` waits on it before it lets nginx send readers to a replica.
"""

from __future__ import annotations

import gc
import http.server
import sys
import threading
import urllib.request

STARTING = "starting: loading the data and writing the static files"


class Readiness:
    """Whether this process should get readers, and if not why (one line)."""

    def __init__(self) -> None:
        self.problem: str | None = STARTING

    def status(self) -> tuple[int, str]:
        """(HTTP status, text) for GET /ready."""
        if self.problem:
            return 503, f"not ready: {self.problem}"
        url = _health_url()
        if url is None:
            return 503, "not ready: starting: the web server is not listening yet"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return 200, "ready"
        except OSError:
            pass
        return 503, "not ready: starting: the web server does not answer its health check yet"


def _health_url() -> str | None:
    """Streamlit's own health check, once its server runs in this process."""
    from streamlit import config
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    address = config.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::"):
        address = "127.0.0.1"
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    path = f"/{base}/_stcore/health" if base else "/_stcore/health"
    return f"http://{address}:{config.get_option('server.port')}{path}"


def serve_readiness(port: int, readiness: Readiness) -> http.server.ThreadingHTTPServer:
    """Answer GET /ready on 127.0.0.1:`port` from a daemon thread."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            code, text = readiness.status() if self.path == "/ready" else (404, "not found")
            body = (text + "\n").encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # polled often: not worth a log line
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, name="readiness", daemon=True).start()
    return httpd


def pop_option(args: list[str], name: str) -> tuple[str | None, list[str]]:
    """The value of `name VALUE` or `name=VALUE` in args, and args without it."""
    rest, value, i = [], None, 0
    while i < len(args):
        if args[i] == name and i + 1 < len(args):
            value, i = args[i + 1], i + 2
            continue
        if args[i].startswith(name + "="):
            value = args[i].split("=", 1)[1]
        else:
            rest.append(args[i])
        i += 1
    return value, rest


def main() -> int:
    ready_port, args = pop_option(sys.argv[1:], "--ready-port")
    readiness = Readiness()
    if ready_port is not None:
        try:
            serve_readiness(int(ready_port), readiness)
        except (ValueError, OSError) as e:
            print(f"serve.py: cannot answer readiness on port {ready_port!r}: {e}",
                  file=sys.stderr)  # fmt: skip
            return 1
    from ui import cache

    try:
        problem = cache.warm()
        if not problem:  # the map's parts of the views most readers scrub
            from views import _map_parts

            _map_parts.warm()
    except Exception as e:  # noqa: BLE001 - start anyway: the first page shows the problem
        problem = f"data not preloaded ({type(e).__name__}: {e})"
    if problem:
        print(f"serve.py: not ready: {problem}", file=sys.stderr, flush=True)
    readiness.problem = problem
    # what warm() built lives as long as the process: moved out of the garbage collector's
    # way, so a collection walks only what the sessions allocate (`make bench`: the tail of
    # ten sessions scrubbing at once was full collections of the whole loaded heap)
    gc.freeze()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *args]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
