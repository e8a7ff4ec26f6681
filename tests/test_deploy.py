"""deploy.replicas without browsers: the nginx configuration it writes, and its errors."""

from __future__ import annotations

import re
import subprocess

import pytest

from deploy import replicas


def test_config_names_every_replica_and_passes_websockets(tmp_path):
    text = replicas.nginx_config([8601, 8602], 8080, tmp_path)
    assert not re.search(r"@[A-Z_]+@", text)  # every placeholder filled
    assert "server 127.0.0.1:8601 max_fails=1 fail_timeout=10s;" in text
    assert "server 127.0.0.1:8602 max_fails=1 fail_timeout=10s;" in text
    assert "listen 127.0.0.1:8080;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Connection $connection_upgrade;" in text
    assert "proxy_next_upstream error timeout" in text
    assert f"pid {tmp_path}/nginx.pid;" in text


def test_nginx_accepts_the_config(tmp_path):
    binary = replicas.find_nginx()
    if binary is None:
        pytest.skip("nginx not installed (apt-get install -y nginx)")
    conf = tmp_path / "nginx.conf"
    conf.write_text(replicas.nginx_config([8601], replicas.free_port(), tmp_path))
    done = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_bad_options_say_what_is_wrong(capsys, tmp_path):
    assert replicas.main(["--n", "0"]) == 2
    assert capsys.readouterr().err.strip() == "replicas: --n must be at least 1"
    assert replicas.main(["--n", "1", "--nginx", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"replicas: no nginx program at {tmp_path / 'none'}"]


def test_an_unready_replica_is_left_out(tmp_path):
    """A replica whose data is broken says why on its readiness endpoint: the command
    reports it, stops it and, with no replica left, exits with one line."""
    if replicas.find_nginx() is None:
        pytest.skip("nginx not installed (apt-get install -y nginx)")
    import os
    import shutil
    import sys

    from geo import DATA_DIR, ROOT

    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    (d / "boundaries" / "provinces.geojson").write_text("{ not json")
    done = subprocess.run(
        [sys.executable, "-m", "deploy.replicas", "--n", "1", "--port", str(replicas.free_port()),
         "--log-dir", str(tmp_path / "logs")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NPR_DATA_DIR": str(d)},
    )  # fmt: skip
    assert done.returncode == 1, done
    out = done.stdout.strip().splitlines()
    assert len(out) == 1 and "NOT READY (not ready: " in out[0] and "provinces.geojson" in out[0]
    assert done.stderr.strip() == "replicas: no replica became ready: read the logs above"
    log = (tmp_path / "logs" / "replica-1.log").read_text()
    assert "serve.py: not ready:" in log and "Traceback" not in log
