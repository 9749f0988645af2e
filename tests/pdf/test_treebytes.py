"""The structure tree's bytes are remembered between builds (pdf/treebytes.py): every
recorded field is in the key, and a warm build after an edit that changes the tree, or
one that leaves it as it was, makes the very PDF a cold build makes."""

from __future__ import annotations

import copy
from dataclasses import fields
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfdoc import PDFDocument

from brochure import memo
from brochure.content.loader import load_brochure
from brochure.pdf.tagging import Annotation, Element, MarkedContent, TagTree
from brochure.pdf.treebytes import tree_bytes, tree_key
from brochure.workflow.render import BuildOptions, render_pdf

# A different value for each field of an element: a field added to Element fails
# `test_every_field_of_an_element_is_in_the_key` until it is given one here.
OTHER = {
    "role": "Div",
    "alt": "another description",
    "lang": "es",
    "ident": "note-9",
    "group": "other-list",
    "list_numbering": "Decimal",
    "bbox": (1.0, 2.0, 3.0, 4.5),
    "link_texts": {"https://example.org/": "other words"},
    "order": 7.5,
}


def sample() -> TagTree:
    root = Element("Document")
    para = Element("P", root, [MarkedContent(1, 0)], alt="said", lang="fr", ident="p-1",
                   group="g", list_numbering="Disc", bbox=(0.0, 0.0, 10.0, 10.0),
                   link_texts={"https://example.org/": "words"}, order=1.0)
    link = Element("Link", para, [Annotation(1, 0)])
    para.kids.append(link)
    root.kids.append(para)
    return TagTree(root, {1: [para]}, {1}, "en")


def test_every_field_of_an_element_is_in_the_key() -> None:
    names = {f.name for f in fields(Element)} - {"parent", "kids"}
    assert names == set(OTHER), "give each field of Element a different value in OTHER"
    key = tree_key(sample())
    for name, value in OTHER.items():
        changed = sample()
        setattr(changed.root.kids[0], name, value)
        assert tree_key(changed) != key, name


@pytest.mark.parametrize("change", [
    lambda t: t.root.kids[0].kids.__setitem__(0, MarkedContent(1, 1)),
    lambda t: t.root.kids[0].kids.__setitem__(0, MarkedContent(2, 0)),
    lambda t: t.root.kids[0].kids[1].kids.__setitem__(0, Annotation(1, 1)),
    lambda t: t.root.kids[0].kids.reverse(),
    lambda t: t.parents.__setitem__(1, [t.root.kids[0].kids[1]]),
    lambda t: t.parents.__setitem__(2, t.parents.pop(1)),
    lambda t: t.trailing_artifact.clear(),
    lambda t: setattr(t, "lang", "de"),
])
def test_kids_and_pages_are_in_the_key(change) -> None:
    tree = sample()
    change(tree)
    assert tree_key(tree) != tree_key(sample())
    assert tree_key(copy.deepcopy(tree)) == tree_key(tree), "equal trees, equal keys"


PAGES = [b"3 0 R"]
ANNOTS = {(1, 0): b"9 0 R"}
URIS = {(1, 0): "https://example.org/"}


@pytest.mark.parametrize("pages, annots, uris, first", [
    (PAGES, ANNOTS, URIS, 20),
    ([b"4 0 R"], ANNOTS, URIS, 20),
    (PAGES, {(1, 0): b"8 0 R"}, URIS, 20),
    (PAGES, ANNOTS, {(1, 0): "https://example.com/"}, 20),
    (PAGES, ANNOTS, {(1, 0): None}, 20),
    (PAGES, ANNOTS, URIS, 21),
])
def test_what_the_tree_points_at_is_in_the_key(pages, annots, uris, first) -> None:
    memo.clear_all()
    cold = tree_bytes(sample(), pages, annots, uris, first, PDFDocument())
    memo.clear_all()
    tree_bytes(sample(), PAGES, ANNOTS, URIS, 20, PDFDocument())  # the memo holds another
    assert tree_bytes(sample(), pages, annots, uris, first, PDFDocument()) == cold


def build(workspace: Path, options: BuildOptions) -> bytes:
    loaded = load_brochure(workspace / "content" / "ms-stem-cells", cwd=workspace, only=["en"])
    return render_pdf(loaded, "en", options).pdf


def edit(workspace: Path, old: str, new: str) -> None:
    path = workspace / "content" / "ms-stem-cells" / "en.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def tree_figures() -> tuple[int, int]:
    figures = memo.stats()["pdf.tree"]
    return figures.hits, figures.misses


TRIFOLD = BuildOptions(layout="trifold", edition="trifold", fit=True)
ALT = ("A drawing that compares", "A drawing comparing")  # a figure's /Alt: a new tree
TITLE = ("title: Stem-cell", "title: New stem-cell")  # words only: the same tree


@pytest.mark.parametrize("options, old, new, same_tree", [
    (BuildOptions(), *ALT, False),
    (BuildOptions(pdfa=True), *ALT, False),
    (BuildOptions(), *TITLE, True),
    (TRIFOLD, *TITLE, True),
])
def test_warm_build_after_an_edit_equals_a_cold_build(
        ms_workspace, options, old, new, same_tree) -> None:
    memo.clear_all()
    original = build(ms_workspace, options)
    edit(ms_workspace, old, new)
    hits, misses = tree_figures()
    warm = build(ms_workspace, options)
    now_hits, now_misses = tree_figures()
    if same_tree:
        assert now_hits > hits and now_misses == misses
    else:
        assert now_misses > misses
    memo.clear_all()
    assert warm == build(ms_workspace, options) != original
