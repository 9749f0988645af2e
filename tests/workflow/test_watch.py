"""`brochure watch`: rebuild on save, quickly, and survive half-saved files."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brochure.workflow.render import BuildOptions
from brochure.workflow.watch import Round, Target, watch

POLL = 0.02


@pytest.fixture
def ws(workspace: Path) -> Path:
    folder = workspace / "content" / "demo"
    es = (folder / "en.yaml").read_text().replace("language: en", "language: es\n"
                                                  "translation: {status: draft}")
    (folder / "es.yaml").write_text(es)
    return workspace


class Watching:
    """The watcher on a thread; rounds arrive on a queue."""

    def __init__(self, ws: Path):
        self.folder = ws / "content" / "demo"
        self.out = ws / "output"
        target = Target(self.folder, ws, [BuildOptions()], self.out)
        self.stop = threading.Event()
        self.rounds: queue.Queue[Round] = queue.Queue()
        self.thread = threading.Thread(target=self._run, args=(target,), daemon=True)
        self.thread.start()

    def _run(self, target: Target) -> None:
        for _, done in watch([target], self.stop, interval=POLL, settle=POLL):
            self.rounds.put(done)

    def next(self, timeout: float = 10) -> Round:
        return self.rounds.get(timeout=timeout)

    def edit(self, name: str, old: str, new: str) -> float:
        path = self.folder / name
        path.write_text(path.read_text().replace(old, new))
        return time.perf_counter()


@pytest.fixture
def watching(ws: Path) -> Iterator[Watching]:
    w = Watching(ws)
    yield w
    w.stop.set()
    w.thread.join(5)
    assert not w.thread.is_alive()


def test_builds_at_start_then_only_the_language_that_changed(watching: Watching) -> None:
    first = watching.next()
    assert first.ok and sorted(p.name for p in first.written) == [
        "demo-en-handout-letter.pdf", "demo-es-handout-letter.pdf",
    ]
    en_before = (watching.out / "demo-en-handout-letter.pdf").read_bytes()
    saved = watching.edit("es.yaml", "Demo brochure", "Folleto")
    done = watching.next()
    latency = time.perf_counter() - saved
    assert [p.name for p in done.changed] == ["es.yaml"]
    assert [p.name for p in done.written] == ["demo-es-handout-letter.pdf"]
    assert (watching.out / "demo-en-handout-letter.pdf").read_bytes() == en_before
    assert latency < 1.0, f"rebuild took {latency:.2f} s from save to PDF"


def test_shared_file_rebuilds_every_language(watching: Watching) -> None:
    watching.next()
    watching.edit("brochure.yaml", "Test team", "Test nurses")
    assert len(watching.next().written) == 2


def test_half_saved_file_reports_position_and_keeps_the_good_pdf(watching: Watching) -> None:
    watching.next()
    pdf = watching.out / "demo-en-handout-letter.pdf"
    good = pdf.read_bytes()
    en = watching.folder / "en.yaml"
    text = en.read_text()
    en.write_text(text[: text.index("sections:") + 30])  # cut off mid-file
    broken = watching.next()
    assert not broken.ok and broken.written == []
    assert any(p.file.endswith("en.yaml") and p.line > 0 for p in broken.problems)
    assert pdf.read_bytes() == good
    en.write_text("")  # an editor that truncates first
    assert not watching.next().ok
    en.write_text(text.replace("Demo brochure", "Fixed"))
    fixed = watching.next()
    assert fixed.ok and pdf.read_bytes() != good


def test_atomic_save_by_rename_is_seen(watching: Watching) -> None:
    watching.next()
    en = watching.folder / "en.yaml"
    tmp = watching.folder / ".en.yaml.swp"
    tmp.write_text(en.read_text().replace("Demo brochure", "Renamed"))
    os.replace(tmp, en)
    assert watching.next().ok


def test_a_picture_is_watched_once_the_content_uses_it(ws: Path, watching: Watching) -> None:
    from PIL import Image

    picture = ws / "assets" / "illustrations" / "fig.png"
    Image.new("RGB", (40, 30), "teal").save(picture)
    watching.next()
    watching.edit("en.yaml", "      - bullets: [One, Two]",
                  "      - bullets: [One, Two]\n      - illustration: {id: fig, description: A "
                  "picture, alt: A picture, asset: illustrations/fig.png}")
    assert watching.next().ok
    Image.new("RGB", (40, 30), "orange").save(picture)
    done = watching.next()
    assert picture in done.changed and len(done.written) == 2


def test_cli_watch_prints_errors_with_positions(ws: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "brochure", "watch", "demo", "--lang", "en", "--interval", "0.05"],
        cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}")

    try:
        wait_for("wrote 1 PDF(s)")
        en = ws / "content" / "demo" / "en.yaml"
        en.write_text(en.read_text().replace("title: Introduction", "titel: Introduction"))
        assert "content/demo/en.yaml:" in wait_for("unknown key `titel`")
        wait_for("build failed; the last good PDF is kept, still watching")
        en.write_text(en.read_text().replace("titel: Introduction", "title: Introduction"))
        wait_for("en.yaml: wrote 1 PDF(s)")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)
