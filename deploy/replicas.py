"""N replicas of the app behind nginx, in the foreground:

    python -m deploy.replicas --n 2 --port 8080

starts N `serve.py` processes on free local ports, waits until each one is ready (its
readiness endpoint, serve.py --ready-port; one that is not is left out), writes
nginx's configuration (deploy/nginx.conf, filled in) to a temporary folder and runs nginx
in the foreground on --port. It prints one line per replica (pid, port, log) and the
address to open. Ctrl-C or SIGTERM stops nginx and the replicas. A replica that dies is
reported and left out by nginx (passive checks); the others serve its readers, whose view
is in their URL.

nginx: Debian's package (`apt-get install -y nginx`); --nginx names another binary.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
START_TIMEOUT = 120  # seconds for a replica to become ready (data load on a busy machine)
FAIL_TIMEOUT = 10  # seconds nginx skips a replica that refused a connection


class DeployError(RuntimeError):
    """Something the command cannot work around; the message says what and how to fix it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_nginx(name: str | None = None) -> str | None:
    """The nginx binary: `name` if given, else nginx on PATH or Debian's /usr/sbin/nginx."""
    for candidate in (name,) if name else (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def nginx_config(backends: list[int], listen: int, run_dir: Path) -> str:
    """deploy/nginx.conf for replicas on 127.0.0.1:`backends`, nginx on `listen`."""
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;"
        for port in backends
    )
    # nginx started as root hands its workers to `nobody`, who cannot write the
    # temporary folder: keep them as the user who started it
    user = "user root;" if os.geteuid() == 0 else ""
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in (
        ("@SERVERS@", servers),
        ("@LISTEN@", f"127.0.0.1:{listen}"),
        ("@RUN_DIR@", str(run_dir)),
        ("@USER@", user),
    ):
        text = text.replace(key, value)
    return text


def start_replica(port: int, ready_port: int, log_path: Path) -> subprocess.Popen:
    """serve.py on 127.0.0.1:`port`, readiness on `ready_port`, output to `log_path`."""
    log = open(log_path, "w")  # noqa: SIM115 - the child writes to it for its lifetime
    return subprocess.Popen(
        [sys.executable, "serve.py", "--ready-port", str(ready_port), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def wait_ready(
    proc: subprocess.Popen, ready_port: int, timeout: float = START_TIMEOUT
) -> str | None:
    """None once the replica's readiness endpoint (serve.py --ready-port) says ready, or
    why it will not be: its own reason (e.g. a broken data file), an exit, a timeout."""
    url = f"http://127.0.0.1:{ready_port}/ready"
    deadline = time.time() + timeout
    last = "no answer from its readiness endpoint"
    while time.time() < deadline:
        if proc.poll() is not None:
            return f"exited with code {proc.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return None
        except urllib.error.HTTPError as e:  # 503 and the reason
            last = e.read().decode("utf-8", "replace").strip()
            if not last.startswith("not ready: starting"):
                return last  # it will not become ready by waiting
        except OSError:
            pass
        time.sleep(0.2)
    return f"{last} after {timeout:.0f} s"


def listening(port: int, proc: subprocess.Popen, timeout: float = 10) -> bool:
    """True once 127.0.0.1:`port` accepts connections (False if `proc` exits first)."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def run(n: int, port: int, nginx: str | None, log_dir: Path | None) -> int:
    binary = find_nginx(nginx)
    if binary is None and nginx:
        raise DeployError(f"no nginx program at {nginx}")
    if binary is None:
        raise DeployError("nginx not found: install it with `apt-get install -y nginx`")
    run_dir = Path(tempfile.mkdtemp(prefix="npr-nginx-"))
    log_dir = log_dir or run_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    replicas: list[tuple[subprocess.Popen, int, int, Path]] = []
    procs: list[subprocess.Popen] = []

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for i in range(1, n + 1):
            backend, ready_port = free_port(), free_port()
            log_path = log_dir / f"replica-{i}.log"
            proc = start_replica(backend, ready_port, log_path)
            procs.append(proc)
            replicas.append((proc, backend, ready_port, log_path))
        ready = []
        for i, (proc, backend, ready_port, log_path) in enumerate(replicas, 1):
            problem = wait_ready(proc, ready_port)
            state = "ready" if problem is None else f"NOT READY ({problem}): left out, stopped"
            print(f"replica {i}: pid {proc.pid}, port {backend}, readiness "
                  f"http://127.0.0.1:{ready_port}/ready, log {log_path}: {state}", flush=True)  # fmt: skip
            if problem is None:
                ready.append(backend)
            else:
                stop([proc])
        if not ready:
            raise DeployError("no replica became ready: read the logs above")
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(ready, port, run_dir), encoding="utf-8")
        check = subprocess.run(
            [binary, "-t", "-q", "-p", str(run_dir), "-e", str(run_dir / "error.log"),
             "-c", str(conf)],
            capture_output=True, text=True,
        )  # fmt: skip
        if check.returncode != 0:
            raise DeployError(f"nginx rejected {conf}: {check.stderr.strip()}")
        proxy = subprocess.Popen(
            [binary, "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf),
             "-g", "daemon off;"]
        )  # fmt: skip
        procs.insert(0, proxy)
        if not listening(port, proxy):
            raise DeployError(f"nginx did not listen on {port}: see {run_dir}/error.log")
        print(f"nginx: pid {proxy.pid}, config {conf}", flush=True)
        print(f"open http://127.0.0.1:{port}/", flush=True)
        alive = {p.pid for p, _, _, _ in replicas if p.poll() is None}
        while proxy.poll() is None:
            for i, (proc, _, _, _) in enumerate(replicas, 1):
                if proc.pid in alive and proc.poll() is not None:
                    alive.discard(proc.pid)
                    print(f"replica {i} exited (code {proc.returncode}); the others serve its "
                          "readers", flush=True)  # fmt: skip
            time.sleep(0.5)
        raise DeployError(f"nginx exited with code {proxy.returncode}: see {run_dir}/error.log")
    except KeyboardInterrupt:
        return 0
    finally:
        stop(procs)
        if log_dir != run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--n", type=int, default=2, help="number of app processes (default 2)")
    p.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    p.add_argument("--nginx", help="the nginx binary (default: nginx on PATH or /usr/sbin)")
    p.add_argument("--log-dir", type=Path, help="replica logs (default: the temporary folder)")
    a = p.parse_args(argv)
    if a.n < 1:
        print("replicas: --n must be at least 1", file=sys.stderr)
        return 2
    try:
        return run(a.n, a.port, a.nginx, a.log_dir)
    except DeployError as e:
        print(f"replicas: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
