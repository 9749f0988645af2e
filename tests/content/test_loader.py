"""Loader: valid content loads; every kind of bad input gives FILE:LINE:COL messages.

Bad inputs live in tests/data/loader/<case>/ (files overlaid on `_base/`), each with
an `expected.txt` beside them. Run with UPDATE_GOLDENS=1 to rewrite those files after
a deliberate wording change, and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochure.content.loader import load_brochure, resolve_brochure
from brochure.content.model import BrochureMeta
from brochure.errors import BrochureError
from tests.conftest import DATA, ROOT, make_workspace

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


TRICKY_YAML = [
    "a: 1\r\nb: |\r\n  x **y\r\n  z\r\nc: 'q'\r\n",
    "t: >\n  one\n  two\n\n  three\nu: |-\n  a\n   b\nv: \"😀 [@x]\"\n",
    "t: this is\n  a multi line\n  plain scalar\nn: null\nd: 2026-01-02\nb: yes\n",
    "a:\n- 1\n- {b: [c, 'd']}\nk: &anchor only\n? complex\n: value\n",
]


@pytest.mark.parametrize("source", ["repo", *range(len(TRICKY_YAML))])
def test_libyaml_reads_as_the_python_loader(
    source: str | int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_yaml's fast path (libyaml) gives the same data, node values, styles and
    positions as the Python loader it falls back to."""
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from brochure.content import yamlnodes

    def nodes(node):
        yield node
        children = node.value if isinstance(node, SequenceNode) else []
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        for child in children:
            yield from nodes(child)

    def signature(doc):
        return doc.data, [
            (type(n).__name__, n.tag, n.value if isinstance(n, ScalarNode) else None,
             getattr(n, "style", None), n.start_mark.line, n.start_mark.column,
             n.end_mark.line, n.end_mark.column) for n in nodes(doc.root)]

    if source == "repo":
        paths = [p for p in ROOT.glob("**/*.yaml") if ".venv" not in p.parts
                 and "alias" not in str(p) and p.read_bytes().strip()]
    else:
        paths = [tmp_path / "case.yaml"]
        paths[0].write_bytes(TRICKY_YAML[int(source)].encode())
    assert yamlnodes._BaseLoader is not yaml.SafeLoader  # libyaml is there to be tested
    for path in paths:
        try:
            fast = signature(yamlnodes.read_yaml(path))
        except BrochureError:
            continue  # an invalid file is read by the Python loader anyway
        with monkeypatch.context() as m:
            m.setattr(yamlnodes, "_BaseLoader", yaml.SafeLoader)
            assert signature(yamlnodes.read_yaml(path)) == fast, path
