"""Loader: valid content loads; every kind of bad input gives FILE:LINE:COL messages.

Bad inputs live in tests/data/loader/<case>/ (files overlaid on `_base/`), each with
an `expected.txt` beside them. Run with UPDATE_GOLDENS=1 to rewrite those files after
a deliberate wording change, and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochure.errors import BrochureError
from brochure.loader import load_brochure, resolve_brochure
from brochure.model import BrochureMeta

from .conftest import DATA, ROOT, make_workspace

CASES = sorted(p for p in (DATA / "loader").iterdir() if p.is_dir() and p.name != "_base")
GOLDEN_DIR = DATA / "loader_expected"


def _problems(tmp_path: Path, case: Path) -> str:
    ws = make_workspace(tmp_path, case)
    try:
        loaded = load_brochure(ws / "content" / "demo", cwd=ws)
    except BrochureError as exc:
        return "\n".join(str(p) for p in exc.problems) + "\n"
    return "\n".join(str(p) for p in loaded.warnings) + ("\n" if loaded.warnings else "")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_input_messages(tmp_path: Path, case: Path) -> None:
    got = _problems(tmp_path, case)
    golden = GOLDEN_DIR / f"{case.name}.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
    for line in got.splitlines():
        file, line_no, col, _ = line.split(":", 3)
        assert file.startswith("content/demo/") and int(line_no) >= 1 and int(col) >= 1


def test_base_loads_cleanly(workspace: Path) -> None:
    loaded = load_brochure(workspace / "content" / "demo", cwd=workspace)
    assert loaded.id == "demo"
    assert list(loaded.languages) == ["en"]
    assert loaded.warnings == []


def test_ms_brochure_loads_without_problems() -> None:
    loaded = load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)
    assert loaded.source.tag == "en"
    assert len(loaded.meta.sources) == 7
    assert all(s.doi for s in loaded.meta.sources if s.id not in ("nmss-ahsct", "nmss-msc"))
    assert "trifold" in loaded.meta.editions
    assert [p for p in loaded.warnings if p.is_error] == []


def test_resolve_by_id_or_path(workspace: Path) -> None:
    assert resolve_brochure("demo", workspace) == workspace / "content" / "demo"
    assert resolve_brochure("content/demo", workspace) == workspace / "content" / "demo"
    with pytest.raises(BrochureError, match="no brochure found at `nope`.*demo"):
        resolve_brochure("nope", workspace)


def test_next_review_adds_months() -> None:
    meta = BrochureMeta.model_validate(
        {"id": "x", "source_language": "en", "reviewed": "2026-08-31",
         "review_every_months": 6, "sources": []})
    assert str(meta.next_review()) == "2027-02-28"


def test_outdated_translation_is_reported(workspace: Path) -> None:
    folder = workspace / "content" / "demo"
    es = (folder / "en.yaml").read_text().replace("language: en", "language: es")
    (folder / "es.yaml").write_text(
        es + "translation:\n  status: draft\n  source_revision: \"000000000000\"\n")
    loaded = load_brochure(folder, cwd=workspace)
    current = loaded.source.fingerprint()
    [warning] = loaded.warnings
    assert warning.severity == "warning"
    assert f"older en.yaml (revision 000000000000, now {current})" in warning.message
    (folder / "es.yaml").write_text(
        es + f"translation:\n  status: draft\n  source_revision: \"{current}\"\n")
    assert load_brochure(folder, cwd=workspace).warnings == []
