"""`brochure serve` for real: a server process on a free loopback port, files edited under
it, pages and server-sent events read over HTTP, traversal attempts, a clean stop."""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.cli import main
from brochure.serve.files import served_file, source_file

BROCHURE = "/b/ms-stem-cells/en"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 60) -> tuple[int, str]:
    """GET exactly `path` (no normalising of `..` or %2e by the client)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Events:
    """Reads one server-sent event stream in a thread; `wait` returns the first event."""

    def __init__(self, port: int, path: str):
        self.event: str | None = None
        self.done = threading.Event()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", path)
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("content-type").startswith("text/event-stream")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode().strip()
                if line.startswith("event:"):
                    self.event = line.split(":", 1)[1].strip()
                    break
        finally:
            self.done.set()

    def wait(self, timeout: float = 30) -> str | None:
        self.done.wait(timeout)
        self.conn.close()
        return self.event


def version(page: str) -> int:
    return int(re.search(r"/events/ms-stem-cells/en\?v=(\d+)", page).group(1))


@pytest.fixture
def server(ms_workspace):
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "brochure", "serve", "--port", str(port), "--interval", "0.05"],
        cwd=ms_workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(port, "/", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("serve did not start: " + proc.communicate()[1])
        time.sleep(0.2)
    yield proc, port, ms_workspace
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_previews_reloads_reports_errors_and_stops(server):
    proc, port, workspace = server
    en = workspace / "content" / "ms-stem-cells" / "en.yaml"
    status, index = get(port, "/")
    assert status == 200 and f'href="{BROCHURE}"' in index and "next review" in index

    status, page = get(port, BROCHURE)
    assert status == 200
    assert 'src="/b/ms-stem-cells/en/page/1.png' in page and "Check report" in page
    assert re.search(r'href="/source/content/ms-stem-cells/en\.yaml#L\d+">'
                     r"content/ms-stem-cells/en\.yaml:\d+:\d+</a>", page)
    v = version(page)
    status, edition = get(port, f"{BROCHURE}/edition.html?v={v}")
    assert status == 200 and "<h1>Stem-cell treatment" in edition
    status, png = get(port, f"{BROCHURE}/page/1.png?v={v}")
    assert status == 200

    # A save reloads the page, and the page shows the change.
    events = Events(port, f"/events/ms-stem-cells/en?v={v}")
    edit(en, "title: Stem-cell treatment", "title: Fresh words on stem-cell treatment")
    assert events.wait() == "reload"
    status, page = get(port, BROCHURE)
    assert version(page) != v
    v = version(page)
    edition = get(port, f"{BROCHURE}/edition.html?v={v}")[1]
    assert "<h1>Fresh words on stem-cell treatment" in edition

    # Broken content: the errors in the CLI's words, the last good preview one click away.
    events = Events(port, f"/events/ms-stem-cells/en?v={v}")
    edit(en, "\ntitle:", "\ntitel:")
    assert events.wait() == "reload"
    cli = CliRunner().invoke(main, ["check", str(en.parent), "--lang", "en"])
    expected = [line for line in cli.output.splitlines() if "en.yaml:" in line]
    assert expected
    status, page = get(port, BROCHURE)
    assert status == 200 and "does not build" in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for line in expected:
        assert line.replace(str(workspace) + "/", "") in shown
    assert "unknown key `titel`" in shown
    assert re.search(r'href="/source/content/ms-stem-cells/en\.yaml#L\d+"', page)
    assert f'href="{BROCHURE}?last=1"' in page
    v = version(page)
    last = get(port, f"{BROCHURE}?last=1")[1]
    assert "last good build" in last
    assert "Fresh words" in get(port, f"{BROCHURE}/edition.html?v={v}&last=1")[1]

    # Fixed again: the preview returns.
    events = Events(port, f"/events/ms-stem-cells/en?v={v}")
    edit(en, "\ntitel:", "\ntitle:")
    assert events.wait() == "reload"
    status, page = get(port, BROCHURE)
    assert "does not build" not in page and "Check report" in page

    # A clinic's profile is followed too.
    page = get(port, f"{BROCHURE}?clinic=lakeside")[1]
    v = version(page)
    assert "Lakeside Neurology Clinic" in get(port, f"{BROCHURE}/edition.html?clinic=lakeside")[1]
    events = Events(port, f"/events/ms-stem-cells/en?v={v}")
    edit(workspace / "clinics" / "lakeside.yaml", "name: Lakeside Neurology Clinic",
         "name: Lakeside Brain Clinic")
    assert events.wait() == "reload"
    assert "Lakeside Brain Clinic" in get(port, f"{BROCHURE}/edition.html?clinic=lakeside")[1]

    # A clean stop on SIGTERM.
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err


def test_serve_gives_nothing_outside_its_folders(server, tmp_path):
    proc, port, workspace = server
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("top secret\n")
    (workspace / "assets" / "out-link.txt").symlink_to(secret)
    (workspace / "assets" / "in-link.yaml").symlink_to(
        workspace / "content" / "ms-stem-cells" / "en.yaml")
    (workspace / "content" / "escape.yaml").symlink_to(secret)
    assert get(port, "/files/assets/logos/lakeside.svg")[0] == 200
    assert get(port, "/source/content/ms-stem-cells/en.yaml")[0] == 200
    for path in [
        "/files/output/../../../../../../etc/passwd",
        "/files/assets/../content/ms-stem-cells/en.yaml",
        "/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/files/assets/%2e%2e/%2e%2e/secret.txt",
        "/files/assets/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/files/assets/..%2f..%2fsecret.txt",
        "/files/assets/out-link.txt",
        "/files/assets/in-link.yaml",
        "/files/content/ms-stem-cells/en.yaml",
        "/files//etc/passwd",
        "/source/content/../../secret.txt",
        "/source/content/%2e%2e/%2e%2e/etc/passwd",
        "/source/content/escape.yaml",
        "/source/clinics/..%2f..%2fsecret.txt",
        "/b/..%2f..%2fetc/passwd",
        "/b/ms-stem-cells/..%2fbrochure",
        "/b/ms-stem-cells/..",
        "/b/%2e%2e/en",
        "/b/ms-stem-cells/en/page/99.png",
        "/nowhere",
    ]:
        status, body = get(port, path)
        assert status == 404, path
        assert "secret" not in body and "root:" not in body, path


def test_safe_paths_refuse_everything_outside(tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "a.html").write_text("x")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text("x")
    assert served_file(tmp_path, "output/a.html") == (tmp_path / "output" / "a.html").resolve()
    assert source_file(tmp_path, "content/a.yaml") is not None
    for bad in ["output/../content/a.yaml", "output/./a.html", "output//a.html", "/etc/passwd",
                "output/.hidden", "content/a.yaml", "output\\..\\a", "output/a.html\x00"]:
        assert served_file(tmp_path, bad) is None, bad
    assert source_file(tmp_path, "output/a.html") is None


def test_serve_warns_off_loopback_and_stops_on_ctrl_c(ms_workspace):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "brochure", "serve", "--host", "0.0.0.0", "--port", str(port)],
        cwd=ms_workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/", timeout=5)[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "warning: listening on 0.0.0.0" in err and "127.0.0.1" in err
    assert "Traceback" not in err


def test_serve_says_when_the_port_is_taken(ms_workspace, monkeypatch):
    monkeypatch.chdir(ms_workspace)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"127.0.0.1:{port}: cannot listen on port {port}" in result.output
    assert "Traceback" not in result.output
