"""A bad environment is one clear line and exit 1, never a traceback, never half a file:
full disk, no permission, read-only disks (simulated: the tests run as root), and the
hints that only apply to some commands."""

from __future__ import annotations

import errno
import os
import stat
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


def test_outputs_never_replace_a_source_or_a_device(workspace: Path, monkeypatch) -> None:
    en = workspace / "content" / "demo" / "en.yaml"
    before = en.read_bytes()
    fifo = workspace / "pipe.pdf"
    os.mkfifo(fifo)  # a stand-in for /dev/stdout or /dev/full: not a regular file
    cases = {
        "content/demo/en.yaml": "this is a source file (in content/), not an output",
        "notes.yaml": None,  # does not exist yet: a new file may be written
        "pipe.pdf": "this is not a regular file (a device, pipe or socket)",
    }
    (workspace / "brochure.toml").write_text("[build]\n")
    cases["brochure.toml"] = "this is a source file (a .toml file), not an output"
    for target, words in cases.items():
        result = run(["build", "demo", "--lang", "en", "-o", target], workspace, monkeypatch)
        if words is None:
            assert result.exit_code == 0, result.stderr
            continue
        assert result.exit_code == 1, target
        assert result.stderr.splitlines()[0].startswith(f"{target}: {words}"), result.stderr
    assert en.read_bytes() == before
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    into = run(["build", "demo", "--lang", "en", "--out", "content"], workspace, monkeypatch)
    assert into.exit_code == 1 and "is inside content/, where sources live" in into.stderr
    eml = run(["email", "demo", "--to", "p@example.org", "--from", "c@example.org",
               "--eml", "content/demo/en.yaml"], workspace, monkeypatch)
    assert eml.exit_code == 1 and "this is a source file" in eml.stderr
    assert en.read_bytes() == before


def test_temporary_files_of_a_killed_write_are_removed_by_the_next(
    workspace: Path, monkeypatch
) -> None:
    import subprocess
    import sys

    out = workspace / "out"
    out.mkdir()
    name = "demo-en-handout-letter.pdf"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = out / f".{name}.{gone.stdout.strip()}.k3y7.tmp"  # its writer was killed
    old_style = out / f".{name}.x8_q2z.tmp"  # written before process ids were recorded
    live = out / f".{name}.{os.getpid()}.busy.tmp"  # a write still going on
    other = out / ".another.pdf.1.a.tmp"  # another target's: left to its own next write
    for path in (dead, old_style, live, other):
        path.write_bytes(b"x" * 1000)
    result = run(["build", "demo", "--lang", "en", "--out", "out"], workspace, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([name, live.name, other.name])


def test_a_full_disk_in_build_all_fails_each_pdf_in_words(workspace: Path, monkeypatch) -> None:
    (workspace / "brochure.toml").write_text('[build]\npapers = ["letter", "a4"]\n')
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if str(dst).endswith(".pdf"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = run(["build", "--all", "-j", "1"], workspace, monkeypatch)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = [line for line in result.stderr.splitlines() if "the disk is full" in line]
    assert len(lines) == 2 and all(line.endswith("free some space and run again")
                                   for line in lines)
    assert "2 PDFs: 0 built, 2 failed" in result.stdout
