"""Figures for `brochure build --all` and `brochure watch`, printed as a small table.

Each `--all` run is a fresh `python -m brochure` process on a copy of the project's
workspace (content, assets, clinics, brochure.toml), so nothing is warm that a user's
run would not have warm: the on-disk font cache is, after a first warm-up run.

    python benchmarks/bench_batch.py [--repeat N]

- `--all`, 1 worker / 2 workers: wall time for the whole matrix, CPU seconds per PDF
  (user + system of every process involved, divided by the PDFs built), speed-up;
- second `--all` with nothing changed: wall time (every PDF skipped by input hash);
- watch: from saving a language file to its PDF being rewritten (median of N edits).
"""

from __future__ import annotations

import argparse
import os
import queue
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def workspace_copy(into: Path) -> Path:
    for name in ("content", "assets", "clinics"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, into / name)
    shutil.copy(ROOT / "brochure.toml", into / "brochure.toml")
    return into


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_all(ws: Path, *args: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process tree, last line of output)."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "brochure", "build", "--all", *args],
        cwd=ws, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build --all failed:\n{done.stdout}\n{done.stderr}")
    return wall, children_cpu() - cpu, done.stdout.strip().splitlines()[-1]


def count_pdfs(line: str) -> int:
    return int(line.split(" PDFs:")[0])


def watch_latency(ws: Path, edits: int) -> list[float]:
    """Seconds from saving en.yaml to the rebuilt PDF, for `edits` saves."""
    from brochure.workflow.render import BuildOptions
    from brochure.workflow.watch import Target, watch

    folder = next(p for p in sorted((ws / "content").iterdir()) if p.is_dir())
    source = folder / "en.yaml"
    target = Target(folder, ws, [BuildOptions()], ws / "watch-out", ["en"])
    stop = threading.Event()
    rounds: queue.Queue = queue.Queue()

    def run() -> None:
        for _, done in watch([target], stop, interval=0.1, settle=0.05):
            rounds.put((time.perf_counter(), done))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    rounds.get(timeout=60)  # the first build
    text = source.read_text()
    latencies = []
    try:
        for k in range(edits):
            saved = time.perf_counter()
            source.write_text(text.replace("sections:", f"# edit {k}\nsections:", 1))
            finished, done = rounds.get(timeout=30)
            assert done.ok and done.written, done.problems
            latencies.append(finished - saved)
    finally:
        stop.set()
        thread.join(5)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="watch edits to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace_copy(Path(tmp))
        run_all(ws, "--jobs", "1", "--force")  # warm-up: the font cache on disk
        one_wall, one_cpu, line = run_all(ws, "--jobs", "1", "--force")
        pdfs = count_pdfs(line)
        two_wall, two_cpu, _ = run_all(ws, "--jobs", "2", "--force")
        again_wall, _, again_line = run_all(ws)
        latencies = watch_latency(ws, args.repeat)
    print(f"matrix: {pdfs} PDFs from brochure.toml; {os.cpu_count()} CPU(s)")
    print(f"{'figure':<44} {'value':>10}")
    print(f"{'--all, 1 worker: wall':<44} {one_wall:>9.2f}s")
    print(f"{'--all, 1 worker: CPU per PDF':<44} {one_cpu / pdfs:>9.3f}s")
    print(f"{'--all, 2 workers: wall':<44} {two_wall:>9.2f}s")
    print(f"{'--all, 2 workers: CPU per PDF':<44} {two_cpu / pdfs:>9.3f}s")
    print(f"{'speed-up with 2 workers':<44} {one_wall / two_wall:>9.2f}x")
    print(f"{'second --all, nothing changed: wall':<44} {again_wall:>9.2f}s")
    print(f"{'  ' + again_line.split(' in ')[0].split(': ', 1)[1]:<44}")
    print(f"{'watch: save → PDF rewritten (median)':<44} {statistics.median(latencies):>9.3f}s")
    print(f"{'watch: save → PDF rewritten (max)':<44} {max(latencies):>9.3f}s")


if __name__ == "__main__":
    main()
