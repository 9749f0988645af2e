"""Benchmark: how fast hostile inputs are parsed or refused; print figures.

Speed is shown here, never asserted in tests (machines are shared and noisy). Each line
is one input from issue #15 and the time until its answer: the markup parser is linear
(it was quadratic: 50,000 `[` took 59 s), and oversized inputs are refused from their
size, header or structure before the work they would cost.

    python benchmarks/hostile.py
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path


def timed(label: str, work: Callable[[], object]) -> None:
    start = time.perf_counter()
    answer = work()
    ms = (time.perf_counter() - start) * 1000
    text = str(answer).splitlines()[0] if answer is not None else "ok"
    print(f"{label:<44} {ms:9.1f} ms   {text[:90]}")


def main() -> None:
    from brochure.content.assets import picture_problem
    from brochure.content.markup import parse
    from brochure.content.yamlnodes import read_yaml
    from brochure.errors import BrochureError

    def markup(text: str):
        parse.cache_clear()
        return f"{len(parse(text).errors)} problems listed"

    for n in (10_000, 50_000, 200_000):
        timed(f"markup: {n:,} `[`", lambda n=n: markup("[" * n))
        timed(f"markup: {n:,} `[` then one `](x`", lambda n=n: markup("[" * n + "](" + "x" * n))
    timed("markup: 380,000 words of plain text", lambda: markup("word " * 380_000))

    def refused(path: Path):
        try:
            read_yaml(path)
        except BrochureError as exc:
            return exc.problems[0]
        return None

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = root / "big.yaml"
        big.write_text("a: 1\n")
        os.truncate(big, 3 * 1024**3)
        timed("yaml: 3 GB file (sparse)", lambda: refused(big))
        words = root / "words.yaml"
        words.write_text("p: " + "word " * 380_000 + "\n")
        timed("yaml: 380k-word paragraph (1.9 MB)", lambda: refused(words))
        deep = root / "deep.yaml"
        deep.write_text("a: " + "[" * 1000 + "]" * 1000 + "\n")
        timed("yaml: nested 1,000 deep", lambda: refused(deep))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return (struct.pack(">I", len(data)) + kind + data
                    + struct.pack(">I", zlib.crc32(kind + data)))
        png = root / "huge.png"
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
            ">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)) + chunk(b"IEND", b""))
        timed("picture: 20000×20000 PNG header", lambda: picture_problem(png))
        svg = root / "use.svg"
        parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
                 'xlink" width="40" height="30"><defs><rect id="u0" width="4" height="3"/>']
        for level in range(1, 9):
            uses = "".join(f'<use xlink:href="#u{level - 1}"/>' for _ in range(10))
            parts.append(f'<g id="u{level}">{uses}</g>')
        svg.write_text("".join(parts) + '</defs><use xlink:href="#u8"/></svg>')
        timed("picture: SVG <use> nested 8 deep (10^8 copies)", lambda: picture_problem(svg))


if __name__ == "__main__":
    main()
