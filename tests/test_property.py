"""Property tests: arbitrary YAML and mutated brochures give clean errors, never crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure.errors import BrochureError
from brochure.loader import load_brochure
from brochure.render import BuildOptions, render_pdf

from .conftest import DATA

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

KEYS = st.sampled_from(["id", "title", "blocks", "sections", "language", "summary", "callout",
                        "kind", "text", "bullets", "steps", "faq", "q", "a", "notes", "lines"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=5)), max_leaves=20)


def _fresh(tmp: Path) -> Path:
    folder = tmp / "content" / "demo"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA / "loader" / "_base", folder)
    return folder


def _must_not_crash(folder: Path) -> None:
    try:
        loaded = load_brochure(folder, cwd=folder.parent.parent)
        render_pdf(loaded, "en", BuildOptions())
    except BrochureError as exc:
        for problem in exc.problems:
            assert problem.file and problem.message


@SETTINGS
@given(document=values)
def test_any_yaml_document_gives_clean_errors(tmp_path: Path, document) -> None:
    folder = _fresh(tmp_path)
    (folder / "en.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    _must_not_crash(folder)


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_any_bytes_give_clean_errors(tmp_path: Path, raw: bytes) -> None:
    folder = _fresh(tmp_path)
    (folder / "en.yaml").write_bytes(raw)
    _must_not_crash(folder)


@SETTINGS
@given(data=st.data())
def test_mutated_brochure_gives_clean_errors(tmp_path: Path, data) -> None:
    folder = _fresh(tmp_path)
    content = yaml.safe_load((folder / "en.yaml").read_text())
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(content, ())
    path = data.draw(st.sampled_from(paths[1:]))
    new = data.draw(st.one_of(values, st.text(alphabet="*[]()@\\<>&;:#`", max_size=20)))
    target = content
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    (folder / "en.yaml").write_text(yaml.safe_dump(content, allow_unicode=True))
    _must_not_crash(folder)
