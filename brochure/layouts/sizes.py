"""Paper sizes, known without ReportLab.

The command line offers them as choices (`--paper`) and `--help` must not pay for
ReportLab to list them. Sizes are in points, computed as ReportLab's pagesizes
computes them (tests/cli/test_cli_imports.py checks they are equal).
"""

from __future__ import annotations

_INCH = 72.0
_MM = _INCH / 2.54 * 0.1  # ReportLab: cm = inch / 2.54, mm = cm * 0.1

PAPERS: dict[str, tuple[float, float]] = {
    "letter": (8.5 * _INCH, 11 * _INCH),
    "a4": (210 * _MM, 297 * _MM),
}
