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
