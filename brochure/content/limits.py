"""Resource limits on inputs (content/limits.yaml): one place that says how big is too big."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from brochure.records import record
from brochure.safeyaml import safe_load


@record(frozen=True)
class Limits:
    """Every limit of limits.yaml; see that file for what each one bounds and why."""

    yaml_file_bytes: int
    yaml_depth: int
    number_digits: int
    text_chars: int
    markup_problems_per_text: int
    picture_file_bytes: int
    picture_pixels: int
    svg_elements: int
    svg_depth: int
    qr_url_chars: int


@cache
def limits() -> Limits:
    data = safe_load((Path(__file__).parent / "limits.yaml").read_text(encoding="utf-8"))
    return Limits(**data)


def megabytes(size: int) -> str:
    """A byte count as a user reads it: `2 MB`, `3.2 GB`, `2,000,001 bytes` near a limit."""
    if size >= 1_000_000_000:
        return f"{size / 1_000_000_000:.1f} GB"
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000} MB"
    return f"{size:,} bytes"
