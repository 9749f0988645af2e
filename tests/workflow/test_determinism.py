"""Same input, same bytes: whatever the worker count and whatever a process built before."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

MATRIX = """
[build]
languages = ["ar", "zh-Hans"]
layouts = ["handout", "trifold"]
papers = ["letter"]

[layouts.trifold]
edition = "trifold"
fit = true
"""


def _run(ws: Path, jobs: int) -> dict[str, bytes]:
    # A fresh process each time, as a user runs it: worker processes forked from this
    # test process would inherit whatever it shaped before.
    command = [sys.executable, "-m", "brochure", "build", "--all", "-j", str(jobs), "--force"]
    done = subprocess.run(command, cwd=ws, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    out = ws / "output"
    pdfs = {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}
    shutil.rmtree(out)
    return pdfs


def test_arabic_and_chinese_are_byte_identical_with_one_or_two_workers(ms_workspace: Path) -> None:
    # With one worker the tri-folds are shaped after the handouts in the same process
    # (private-use codes of unencoded Arabic glyphs were handed out in first-use order);
    # with two, each PDF may be the first its process shapes.
    (ms_workspace / "brochure.toml").write_text(MATRIX)
    serial = _run(ms_workspace, 1)
    parallel = _run(ms_workspace, 2)
    assert sorted(serial) == sorted(parallel) == sorted(
        f"ms-stem-cells-{lang}-{layout}-letter.pdf"
        for lang in ("ar", "zh-Hans") for layout in ("handout", "trifold")
    )
    for name, data in serial.items():
        assert parallel[name] == data, name
