"""What the in-process memos (brochure/memo.py) save a long-lived process, as figures.

Builds the shipped matrix (`build --all -j 1`, every language, layout and paper) several
times in one process, as `watch`, `serve` or a batch worker would, each pass into its
own folder, and prints per pass the wall time and per memo the hits, misses and hit
rate of that pass, then the entries and weight kept. Pass 1 runs with empty memos; the
later ones with warm memos must write byte-identical files (checked here with `cmp`).

    python benchmarks/bench_memo.py [--passes 2]
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_all(out: Path) -> None:
    from brochure.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main.main(["build", "--all", "--out", str(out), "-j", "1"], standalone_mode=False)
        except SystemExit as done:
            if done.code:
                raise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    os.chdir(ROOT)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    from brochure import memo

    memo.clear_all()
    with tempfile.TemporaryDirectory() as tmp:
        outs = [Path(tmp) / f"pass-{n}" for n in range(1, args.passes + 1)]
        before = {name: (s.hits, s.misses) for name, s in memo.stats().items()}
        for n, out in enumerate(outs, start=1):
            start = time.perf_counter()
            build_all(out)
            took = time.perf_counter() - start
            print(f"pass {n}: {took:.2f} s")
            now = memo.stats()
            for name, s in now.items():
                hits = s.hits - before.get(name, (0, 0))[0]
                misses = s.misses - before.get(name, (0, 0))[1]
                if hits + misses:
                    print(f"  {name:14} {hits:7} hits {misses:7} misses "
                          f"{hits / (hits + misses):5.0%}   kept {s.entries} entries, "
                          f"weight {s.weight}")
            before = {name: (s.hits, s.misses) for name, s in now.items()}
        names = sorted(p.name for p in outs[0].iterdir() if not p.name.startswith("."))
        for out in outs[1:]:
            _, mismatch, errors = filecmp.cmpfiles(outs[0], out, names, shallow=False)
            print(f"{out.name}: {len(names) - len(mismatch) - len(errors)} of {len(names)} "
                  f"files byte-identical to pass-1" + (f"; differ: {mismatch + errors}"
                                                       if mismatch or errors else ""))


if __name__ == "__main__":
    sys.exit(main())
