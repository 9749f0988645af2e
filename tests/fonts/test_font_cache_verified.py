"""A cached font is used only while it is the file that was written: one cut short or
with flipped bits is rebuilt, and the PDF comes out the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _build(ws: Path, cache: Path, out: str) -> bytes:
    env = {**os.environ, "BROCHURE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "brochure", "build", "ms-stem-cells", "--lang", "ar",
               "-o", out]
    done = subprocess.run(command, cwd=ws, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return (ws / out).read_bytes()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x40
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _flip], ids=["truncated", "bit-flipped"])
def test_a_damaged_cached_font_is_rebuilt(ms_workspace: Path, tmp_path: Path, damage) -> None:
    cache = tmp_path / "cache"
    first = _build(ms_workspace, cache, "first.pdf")
    fonts = sorted((cache / "fonts").rglob("*.ttf"))
    assert fonts, "the Arabic faces are generated into the cache"
    written = {p: p.read_bytes() for p in fonts}
    for path in fonts:
        damage(path)
    again = _build(ms_workspace, cache, "again.pdf")
    assert again == first
    assert {p: p.read_bytes() for p in fonts} == written  # rebuilt, not used as found
