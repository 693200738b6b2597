"""`searchlib serve` as a user runs it: a real server process on a loopback port."""

from __future__ import annotations

import json
import re
import signal
import socket
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_server import running_server

from searchlib.cli import cli
from searchlib.web.server import is_loopback, page_url


def test_serve_prints_its_address_answers_and_stops_on_ctrl_c(seed_index_path: Path) -> None:
    with running_server(seed_index_path) as server:
        url = server.url
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with urllib.request.urlopen(url + "api/search?q=pertemuan+Jenewa", timeout=30) as answer:
            assert answer.status == 200
            assert json.load(answer)["hits"][0]["outlet"] == "Beritabaru.co"
        with urllib.request.urlopen(url + "?q=Lavrov", timeout=30) as answer:
            assert b"<mark>Lavrov</mark>" in answer.read()
        code, stderr = server.stop(signal.SIGINT)
    assert code == 0
    assert "stopped" in stderr
    assert '"GET /api/search?q=pertemuan+Jenewa HTTP/1.1" 200' in stderr
    assert "Traceback" not in stderr


def test_serve_over_a_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "-i", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"searchlib: error: no index at {tmp_path / 'none'}; build one with: "
        f"searchlib index PATH --index {tmp_path / 'none'}"
    )


def test_a_port_in_use_is_one_clear_line(seed_index_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "-i", str(seed_index_path), "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"searchlib: error: cannot listen on 127.0.0.1:{port}: address already in use"
    )


def test_bad_ports_and_hosts_are_refused(seed_index_path: Path) -> None:
    bad_port = CliRunner().invoke(cli, ["serve", "-i", str(seed_index_path), "--port", "70000"])
    assert bad_port.exit_code == 2 and "70000 is not in the range 0<=x<=65535" in bad_port.stderr
    bad_host = CliRunner().invoke(
        cli, ["serve", "-i", str(seed_index_path), "--host", "no such host!"])
    assert bad_host.exit_code == 1
    assert bad_host.stderr.splitlines()[-1].startswith("searchlib: error: cannot listen on no such")


@pytest.mark.parametrize(
    ("host", "url", "loopback"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/", True),
        ("localhost", "http://localhost:8000/", True),
        ("::1", "http://[::1]:8000/", True),
        ("0.0.0.0", "http://127.0.0.1:8000/", False),
        ("::", "http://[::1]:8000/", False),
        ("192.168.1.5", "http://192.168.1.5:8000/", False),
    ],
)
def test_the_printed_address_is_one_a_local_browser_opens(
    host: str, url: str, loopback: bool
) -> None:
    assert page_url(host, 8000) == url
    assert is_loopback(host) is loopback



def test_sigterm_stops_the_server_as_cleanly_as_ctrl_c(seed_index_path: Path) -> None:
    with running_server(seed_index_path) as server:
        with urllib.request.urlopen(server.url, timeout=30) as answer:
            assert b"5 articles in this index" in answer.read()
        code, stderr = server.stop(signal.SIGTERM)
    assert code == 0
    assert stderr.rstrip().endswith("stopped")


def test_open_shows_the_page_in_the_users_browser(
    seed_index_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    monkeypatch.setenv("BROWSER", f"{sys.executable} {recorder} %s")
    with running_server(seed_index_path, "--open") as server:
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == server.url
