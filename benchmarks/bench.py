"""Benchmark: build the MS brochure in-process (warm) and as a cold CLI; print figures.

Targets (not tests — machines are shared and noisy): warm ≤ 30 ms per English brochure,
cold CLI ≤ 0.35 s, PDF ≤ 120 KB; other scripts ≤ 2× English warm and ≤ 300 KB.

Warm: median of --runs builds (tagged, as shipped; and untagged, the cost of tagging is
the difference). Cold: median of --cold-runs `brochure build` processes, with Python's
bytecode cache on as on users' machines (PYTHONDONTWRITEBYTECODE is dropped for them).

    python benchmarks/bench.py [--runs 20] [--cold-runs 5] [--lang en --lang ar ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def warm(lang: str, runs: int, options) -> tuple[float, int, float]:
    """(median ms per build, PDF bytes, first-build ms) in this process."""
    from brochure.content.loader import load_brochure
    from brochure.workflow.render import render_pdf

    loaded = load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT, only=[lang])
    start = time.perf_counter()
    pdf = render_pdf(loaded, lang, options).pdf
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_pdf(loaded, lang, options)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(pdf), first


def cold(lang: str, cache_dir: str | None = None) -> tuple[float, float]:
    """(wall seconds, peak MB) of one `brochure build` in a fresh process."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users' Pythons keep compiled bytecode
    if cache_dir:
        env["BROCHURE_CACHE_DIR"] = cache_dir
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "brochure", "build", "ms-stem-cells", "--lang",
                        lang, "-o", f"{out}/x.pdf"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    from brochure.workflow.render import BuildOptions

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--lang", action="append")
    parser.add_argument("--cold-cache", action="store_true",
                        help="also time a first run with an empty font cache")
    args = parser.parse_args()
    langs = args.lang or sorted(p.stem for p in (ROOT / "content" / "ms-stem-cells").glob("*.yaml")
                                if p.stem != "brochure")
    print(f"{'lang':8} {'warm ms':>8} {'untagged':>8} {'1st ms':>8} {'cold s':>7} {'peak MB':>8} "
          f"{'PDF KB':>7}" + ("  cold-cache s" if args.cold_cache else ""))
    for lang in langs:
        ms, size, first = warm(lang, args.runs, BuildOptions())
        untagged = warm(lang, args.runs, BuildOptions(tagged=False))[0]
        cold(lang)  # compiles what a first run compiles, once
        runs = [cold(lang) for _ in range(max(1, args.cold_runs))]
        wall = statistics.median(w for w, _ in runs)
        peak = max(p for _, p in runs)
        line = (f"{lang:8} {ms:8.1f} {untagged:8.1f} {first:8.1f} {wall:7.2f} {peak:8.0f} "
                f"{size / 1024:7.1f}")
        if args.cold_cache:
            with tempfile.TemporaryDirectory() as cache:
                line += f"  {cold(lang, cache)[0]:12.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
