"""Garbage collection is paused while a command imports its stack, never for the run.

A command that forgot to resume it would run a long `watch`, `serve` or batch without
collecting cycles (ReportLab's documents are full of them), so every kind of command is
checked in a fresh process: collection is on when the command runs, and the objects the
imports made are frozen.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import gc, sys
from brochure.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("STATE", gc.isenabled(), gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize("argv", [
    ["build", "ms-stem-cells", "--lang", "en", "-o", "{tmp}/x.pdf"],
    ["build", "ms-stem-cells", "--lang", "en", "--format", "html", "-o", "{tmp}/x.html"],
    ["list"],
    ["schema"],
    ["check", "ms-stem-cells", "--lang", "en"],
])
def test_collection_resumes_after_imports(argv, tmp_path):
    args = [a.format(tmp=tmp_path) for a in argv]
    run = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    state = [line for line in run.stdout.splitlines() if line.startswith("STATE")]
    assert state == ["STATE True True"], run.stdout + run.stderr


def test_build_runs_with_collection_on(tmp_path):
    """The PDF is laid out with the collector on: only the imports ran without it."""
    probe = (
        "import gc, sys\n"
        "import brochure.workflow.render as render\n"
        "real = render._render\n"
        "def spy(*a, **k):\n"
        "    print('DURING', gc.isenabled(), flush=True)\n"
        "    return real(*a, **k)\n"
        "render._render = spy\n"
        "from brochure.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    )
    run = subprocess.run([sys.executable, "-c", probe, "build", "ms-stem-cells", "--lang", "en",
                          "-o", str(tmp_path / "x.pdf")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert "DURING True" in run.stdout, run.stdout + run.stderr
    assert (tmp_path / "x.pdf").stat().st_size > 10_000
