"""One cold Typst compile in a fresh process: `python typst_once.py CONTENT.json OUT.pdf FONTS`.

The peer of `python -m brochure build ms-stem-cells --lang en -o OUT.pdf` in
benchmarks/bench_peers.py (the content JSON is made beforehand, outside the timing).
"""

import sys
from pathlib import Path

import typst

content, out, fonts = sys.argv[1:4]
compiler = typst.Compiler(
    str(Path(__file__).with_name("brochure.typ")), font_paths=[fonts], ignore_system_fonts=True,
    sys_inputs={"content": Path(content).read_text(encoding="utf-8")},
)
Path(out).write_bytes(compiler.compile())
