"""Peer benchmark: the MS brochure (English, US Letter handout, tagged) built by brochure
and by Typst (the `typst` package from PyPI, benchmarks/peers/brochure.typ, Atkinson
Hyperlegible from fontpkg-atkinson-hyperlegible), side by side in one run.

Prints ratios brochure / Typst (below 1.0: brochure is faster):

- warm: N different variants (the title numbered) built in this process, interleaved
  one brochure `render_pdf`, one `typst.Compiler.compile` (the compiler reused, as Typst's
  own watch mode does), median ms of each;
- cold: paired whole-process runs, `python -m brochure build ms-stem-cells --lang en -o
  x.pdf` against `python benchmarks/peers/typst_once.py` (one compile), median wall and
  peak RSS;
- batch: 100 variants on 2 worker processes (fork: the workers keep what the parent
  imported and loaded), each PDF written to disk, PDFs per second.

    pip install -e ".[bench]"      # the typst package
    python benchmarks/bench_peers.py [--warm 40] [--cold 5] [--batch 100] [--workers 2]

(0 skips that part.)
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib.util
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "benchmarks" / "peers"
FOLDER = ROOT / "content" / "ms-stem-cells"
sys.path.insert(0, str(PEERS))

from content import typst_content  # noqa: E402  (benchmarks/peers/content.py)


def font_folder() -> str:
    """Atkinson Hyperlegible as our PyPI font package ships it (never system fonts)."""
    spec = importlib.util.find_spec("fontpkg_atkinson_hyperlegible")
    return str(Path(spec.origin).parent / "files")


def typst_compiler(content: str):
    import typst

    return typst.Compiler(str(PEERS / "brochure.typ"), font_paths=[font_folder()],
                          ignore_system_fonts=True, sys_inputs={"content": content})


def variant_json(n: int) -> str:
    return typst_content(FOLDER, "en", f" ({n})")


def brochure_variant(loaded, n: int):
    """The loaded brochure with its English title numbered: a different PDF each time."""
    doc = loaded.languages["en"]
    content = doc.content.model_copy(update={"title": f"{doc.content.title} ({n})"})
    languages = {**loaded.languages, "en": dataclasses.replace(doc, content=content)}
    return dataclasses.replace(loaded, languages=languages)


def load():
    from brochure.content.loader import load_brochure

    return load_brochure(FOLDER, cwd=ROOT, only=["en"])


def warm(runs: int) -> tuple[float, float, int, int]:
    """(brochure ms, Typst ms, brochure PDF bytes, Typst PDF bytes), interleaved."""
    from brochure.workflow.render import BuildOptions, render_pdf

    loaded = load()
    options = BuildOptions()
    render_pdf(loaded, "en", options)  # first build: imports, font sets
    compiler = typst_compiler(variant_json(0))
    compiler.compile()
    ours, theirs, sizes = [], [], [0, 0]
    for n in range(1, runs + 1):
        variant, content = brochure_variant(loaded, n), variant_json(n)
        for side in ((0, 1) if n % 2 else (1, 0)):
            start = time.perf_counter()
            if side == 0:
                sizes[0] = len(render_pdf(variant, "en", options).pdf)
                ours.append(time.perf_counter() - start)
            else:
                sizes[1] = len(compiler.compile(sys_inputs={"content": content}))
                theirs.append(time.perf_counter() - start)
    return statistics.median(ours) * 1000, statistics.median(theirs) * 1000, *sizes


def _run(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one process."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users' Pythons keep compiled bytecode
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"failed: {' '.join(argv)}")
    return wall, usage.ru_maxrss / 1024


def cold(runs: int) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """Median (wall s, peak MiB) of brochure build, Typst, and `brochure --help`."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content.json"
        content.write_text(variant_json(0), encoding="utf-8")
        ours = [sys.executable, "-m", "brochure", "build", "ms-stem-cells", "--lang", "en",
                "-o", f"{tmp}/b.pdf"]
        theirs = [sys.executable, str(PEERS / "typst_once.py"), str(content), f"{tmp}/t.pdf",
                  font_folder()]
        helps = [sys.executable, "-m", "brochure", "--help"]
        for argv in (ours, theirs, helps):
            _run(argv)  # bytecode compiled, font cache filled
        pairs = [(_run(ours), _run(theirs), _run(helps)) for _ in range(runs)]
    return tuple(
        (statistics.median(p[i][0] for p in pairs), max(p[i][1] for p in pairs))
        for i in range(3)
    )


# ---------------------------------------------------------------- batch (fork workers)

_STATE: dict = {}


def _brochure_job(n: int) -> int:
    from brochure.files import write_atomically
    from brochure.workflow.render import render_pdf

    pdf = render_pdf(brochure_variant(_STATE["loaded"], n), "en", _STATE["options"]).pdf
    write_atomically(Path(_STATE["out"]) / f"b{n}.pdf", pdf)
    return len(pdf)


def _typst_init(out: str) -> None:
    _STATE.update(compiler=typst_compiler(variant_json(0)), out=out)


def _typst_job(n: int) -> int:
    pdf = _STATE["compiler"].compile(sys_inputs={"content": variant_json(n)})
    (Path(_STATE["out"]) / f"t{n}.pdf").write_bytes(pdf)
    return len(pdf)


def batch(count: int, workers: int) -> tuple[float, float]:
    """PDFs per second: (brochure, Typst), each with `workers` processes.

    brochure's workers fork from this process after a first build (imports, font sets,
    memos and the loaded brochure inherited, frozen out of the collector's view); Typst's
    are spawned fresh (forking a process whose Typst thread pool has run can deadlock),
    each making one reused Compiler.
    """
    from brochure.workflow.render import BuildOptions, render_pdf

    rates = []
    with tempfile.TemporaryDirectory() as out:
        _STATE.update(loaded=load(), options=BuildOptions(), out=out)
        render_pdf(_STATE["loaded"], "en", _STATE["options"])  # parent warm: workers inherit
        gc.freeze()  # as `build --all` does before it forks (workflow/batch.py)
        sides = (("fork", _brochure_job, None, ()), ("spawn", _typst_job, _typst_init, (out,)))
        for method, job, init, initargs in sides:
            ctx = multiprocessing.get_context(method)
            start = time.perf_counter()
            with ctx.Pool(workers, initializer=init, initargs=initargs) as pool:
                sizes = pool.map(job, range(count), chunksize=max(1, count // (workers * 8)))
            rates.append(len(sizes) / (time.perf_counter() - start))
    return rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", type=int, default=40)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    # Cold first, while this process is small: a child's peak RSS counts what it
    # inherited at fork, before exec.
    if args.cold:
        (bw, bm), (tw, tm), (hw, hm) = cold(args.cold)
        print(f"cold, {args.cold} paired processes: brochure build {bw:.3f} s {bm:.0f} MiB, "
              f"Typst {tw:.3f} s {tm:.0f} MiB -> {bw / tw:.2f}x time, {bm / tm:.2f}x memory; "
              f"brochure --help {hw:.3f} s {hm:.0f} MiB", flush=True)
    if args.warm:
        ours, theirs, our_size, their_size = warm(args.warm)
        print(f"warm, {args.warm} variants interleaved: brochure {ours:.1f} ms, Typst "
              f"{theirs:.1f} ms per PDF -> {ours / theirs:.2f}x  (PDF {our_size // 1024} KB "
              f"vs {their_size // 1024} KB)", flush=True)
    if args.batch:
        ours_rate, theirs_rate = batch(args.batch, args.workers)
        print(f"batch, {args.batch} variants on {args.workers} workers: brochure "
              f"{ours_rate:.1f} PDFs/s, Typst {theirs_rate:.1f} PDFs/s -> "
              f"{ours_rate / theirs_rate:.2f}x throughput", flush=True)


if __name__ == "__main__":
    main()
