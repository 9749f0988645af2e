"""A bad environment is one clear line and exit 1, never a traceback, never half a file:
full disk, no permission, read-only disks (simulated: the tests run as root), and the
hints that only apply to some commands."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.cli import main


def run(args: list[str], cwd: Path, monkeypatch) -> object:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, args, catch_exceptions=False)


def _failing_replace(code: int):
    def replace(src, dst, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(dst))

    return replace


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full; free some space and run again"),
        (errno.EACCES, "permission denied; choose a folder you may write to"),
        (errno.EROFS, "the file system is read-only; choose a folder on a writable disk"),
    ],
)
def test_a_failed_write_is_one_line_and_leaves_nothing(
    workspace: Path, monkeypatch, code: int, words: str
) -> None:
    out = workspace / "out"
    out.mkdir()
    (out / "demo-en-handout-letter.pdf").write_bytes(b"%PDF-1.7 the good one")
    monkeypatch.setattr(os, "replace", _failing_replace(code))
    result = run(["build", "demo", "--lang", "en", "--out", "out"], workspace, monkeypatch)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-2].startswith(f"out/demo-en-handout-letter.pdf: {words}"), lines
    assert "Traceback" not in result.output
    # The good PDF is kept and no temporary file is left beside it.
    assert [p.name for p in out.iterdir()] == ["demo-en-handout-letter.pdf"]
    assert (out / "demo-en-handout-letter.pdf").read_bytes() == b"%PDF-1.7 the good one"


def test_fit_is_suggested_by_build_only(ms_workspace: Path, monkeypatch) -> None:
    args = ["ms-stem-cells", "--lang", "en", "--layout", "trifold"]
    built = run(["build", *args, "--out", "out"], ms_workspace, monkeypatch)
    assert built.exit_code == 1
    assert "Try --fit (shrinks body text" in built.stderr
    previewed = run(["preview", *args, "--out", "pv"], ms_workspace, monkeypatch)
    assert previewed.exit_code == 1
    assert "does not fit" in previewed.stderr and "--fit" not in previewed.stderr
    assert "Try a shorter edition: --edition trifold" in previewed.stderr


def test_preview_takes_sections_large_print_and_print_marks(
    ms_workspace: Path, monkeypatch
) -> None:
    from PIL import Image

    args = ["preview", "ms-stem-cells", "--lang", "en", "--sections", "what-is",
            "--large-print", "--print-marks", "--dpi", "30", "--out", "pv"]
    result = run(args, ms_workspace, monkeypatch)
    assert result.exit_code == 0, result.stderr
    pages = sorted((ms_workspace / "pv").glob("*-p*.png"))
    assert pages, list((ms_workspace / "pv").iterdir())
    # Print marks add bleed and slug around the letter page: the picture is larger.
    width, height = Image.open(pages[0]).size
    assert width > 8.5 * 30 + 10 and height > 11 * 30 + 10
