"""Mark a translation as reviewed: the last step after the translator's file is imported."""

from __future__ import annotations

from pathlib import Path

from brochure.errors import BrochureError, Problem
from brochure.files import write_atomically
from brochure.translate import yamledit
from brochure.translate.bundle import open_project


def mark_reviewed(folder: Path, tag: str, by: str, cwd: Path | None = None) -> Path:
    """Set `status: reviewed` and `reviewed_by`, refusing a translation that is not done:
    texts still the source's, or made from an older source."""
    project = open_project(folder, tag, cwd)
    states, _ = project.states()
    display = project.lang_display
    problems = []
    left = [s.unit.id for s in states if s.status in ("new", "untranslated")]
    if left:
        problems.append(Problem(display, 0, 0, f"{len(left)} text(s) not translated yet "
                                f"({', '.join(left[:5])}{', …' if len(left) > 5 else ''}); "
                                "translate them first"))
    if project.recorded_revision() != project.revision():
        problems.append(Problem(display, 0, 0, "the source changed since this translation "
                                "(see `brochure translate diff`); bring it up to date first"))
    if not by.strip():
        problems.append(Problem(display, 0, 0, "--by needs the reviewer's name"))
    if problems:
        raise BrochureError(problems)
    path = project.lang_path
    text = path.read_bytes().decode("utf-8-sig")
    text = yamledit.set_key(text, ("translation",), "status", "reviewed")
    text = yamledit.set_key(text, ("translation",), "reviewed_by", by.strip())
    write_atomically(path, text.encode("utf-8"))
    return path
