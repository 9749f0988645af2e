"""Numbers and strings as PDF content-stream values, and the tolerance for comparing
point values (shared by shaping, line breaking, the writer and the flowable)."""

from __future__ import annotations

_EPS = 1e-6


def actual_text_hex(text: str) -> str:
    """A PDF hex string `<FEFF...>` (UTF-16BE with BOM), safe for any text in /ActualText."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
