"""`python -m deploy.replicas` in the background, as the README runs it, for the replica test
and `make bench`: started on a free port, its output read until nginx is open."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tools.browser import ROOT, free_port


class DeploymentError(RuntimeError):
    """deploy.replicas did not start: its output is in the message."""


class Deployment:
    """N replicas behind nginx until stop(): .url (nginx), .replicas ({pid: port}, each
    said ready), .output (every line it printed so far)."""

    def __init__(self, n: int, log_dir: Path, timeout: float = 120):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deploy.replicas", "--n", str(n), "--port", str(self.port),
             "--log-dir", str(log_dir)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        self.output: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.replicas: dict[int, int] = {}
        deadline = time.time() + timeout
        while True:
            try:
                line = self._lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None and self._lines.empty():
                    said = self._said(f"exited (code {self.proc.returncode})")
                    raise DeploymentError(said) from None
                if time.time() > deadline:
                    self.stop()
                    raise DeploymentError(self._said("did not start in time")) from None
                continue
            if line.startswith("replica ") and ": pid " in line:
                if not line.rstrip().endswith(": ready"):
                    self.stop()
                    raise DeploymentError(self._said("has a replica that is not ready"))
                pid = int(line.split("pid ")[1].split(",")[0])
                self.replicas[pid] = int(line.split("port ")[1].split(",")[0])
            if line.startswith("open http://"):
                self.url = line.split()[1].rstrip("/")
                return

    @property
    def pids(self) -> list[int]:
        return list(self.replicas)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)
            self._lines.put(line)

    def _said(self, what: str) -> str:
        return f"deploy.replicas {what}:\n" + "".join(self.output)

    def stop(self) -> None:
        """Stop nginx and the replicas (deploy.replicas stops them on SIGTERM)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
