"""Run the `brochure` command in a fresh interpreter and report what it imported.

Import tests assert behaviour, not time: which top-level packages a command loads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, runpy, sys
sys.argv = ["brochure", *sys.argv[1:]]
code = None
try:
    runpy.run_module("brochure", run_name="__main__")
except SystemExit as exc:
    code = exc.code
waiting = sys.modules["brochure.cli.deferred"].waiting()  # lazy, never run: not loaded
names = [m for m in sys.modules if m not in waiting]
ran = {m.split(".")[0] for m in names}
print(json.dumps({"code": code, "modules": sorted(ran), "names": sorted(names),
                  "waiting": sorted(waiting)}), file=sys.stderr)
"""


@dataclass(frozen=True)
class Probe:
    code: int | str | None  # the exit status (None: the command returned)
    modules: set[str]  # top-level packages imported (whose code ran)
    names: set[str]  # every module imported (whose code ran), by its dotted name
    waiting: set[str]  # lazy modules (brochure.cli.deferred) nothing used
    stdout: str
    stderr: str


def run_command(*args: str) -> Probe:
    """`brochure ARGS` run from the repository root in a new interpreter."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return Probe(report["code"], set(report["modules"]), set(report["names"]),
                 set(report["waiting"]), done.stdout, done.stderr)
