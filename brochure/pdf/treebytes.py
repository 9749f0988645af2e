"""The structure tree as PDF bytes, remembered between builds.

Building the tree (structure.py) and formatting its few hundred small dictionaries was
a third of saving a tagged brochure. A rebuild in a long-lived process (watch, serve,
batch workers) mostly records the very same tree: an edit that changes words but not
which paragraphs sit on which page leaves every element, MCID and link as it was. So
the formatted objects are kept in a `Memo` keyed by everything they are made of: the
whole recorded tree (every field of every element, its kids, the elements of each
page's MCIDs), the pages' and annotations' `N 0 R`, the annotations' URIs and the
number of the tree's first object. Values are written as structure.py describes them:
`Name`, `Text`, int, float, bool, list, dict, `Indirect`, and bytes (a reference).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFString

from brochure.memo import MISSING, Memo
from brochure.pdf.structure import AnnotKey, Indirect, Name, Text, build_tree, prepare
from brochure.pdf.tagging import Element, MarkedContent, TagTree
from brochure.records import record


@record(frozen=True)
class TreeBytes:
    """The tree's objects, formatted, and what it adds to pages and annotations."""

    bodies: tuple[bytes, ...]  # object `first + i` is bodies[i]; the StructTreeRoot first
    page_keys: dict[int, int]  # page number → /StructParents
    annotations: dict[AnnotKey, dict[str, Any]]  # entries added to each annotation


_TREES: Memo[tuple, TreeBytes] = Memo(
    "pdf.tree", 64, max_weight=16 << 20, weigh=lambda t: sum(map(len, t.bodies)))


def tree_bytes(
    tags: TagTree,
    pages: Sequence[bytes],
    annotations: Mapping[AnnotKey, bytes],
    uris: Mapping[AnnotKey, str | None],
    first: int,
    document: Any,
) -> TreeBytes:
    """The tree of `tags` as objects numbered from `first`, pointing at `pages` and
    `annotations` (their `N 0 R`); `document` is not encrypted."""
    prepare(tags, annotations, uris)
    key = (tree_key(tags), tuple(pages), tuple(annotations.items()), tuple(uris.items()),
           first)
    found = _TREES.get(key)
    if found is MISSING:
        found = _TREES.put(key, _written(tags, pages, annotations, uris, first, document))
    return TreeBytes(found.bodies, dict(found.page_keys),
                     {k: dict(v) for k, v in found.annotations.items()})


def _written(tags, pages, annotations, uris, first: int, document: Any) -> TreeBytes:
    tree = build_tree(tags, pages, annotations, uris, prepared=True)
    numbers = {id(obj): b"%d 0 R" % number for number, obj in enumerate(tree.objects, first)}
    bodies = tuple(pdf_bytes(obj.entries, document, numbers) for obj in tree.objects)
    return TreeBytes(bodies, tree.page_keys, tree.annotations)


# ---------------------------------------------------------------- the key

# Every field of an element but its place in the tree (kids are walked, the parent is
# where the walk came from): a field added to Element is in the key without a word here.
_KEYED = [f for f in fields(Element) if f.name not in ("parent", "kids")]
_DICTS = tuple(f.name for f in _KEYED if str(f.type).startswith("dict"))  # keyed as items
_plain = attrgetter(*(f.name for f in _KEYED if f.name not in _DICTS))


def tree_key(tags: TagTree) -> tuple:
    """Everything recorded in `tags`, as nested tuples (elements by their walk order)."""
    index: dict[int, int] = {}

    def walk(element: Element) -> tuple:
        index[id(element)] = len(index)
        key = [_plain(element)]
        for name in _DICTS:
            key.append(tuple(getattr(element, name).items()))
        for kid in element.kids:
            kind = type(kid)
            if kind is Element:
                key.append(walk(kid))
            elif kind is MarkedContent:
                key.append((kid.page, kid.mcid))
            else:
                key.append((kind, kid.page, kid.index))
        return tuple(key)

    root = walk(tags.root)
    parents = tuple((number, tuple([index[id(e)] for e in elements]))
                    for number, elements in tags.parents.items())
    return root, parents, tuple(sorted(tags.trailing_artifact)), tags.lang


# ---------------------------------------------------------------- writing values


@lru_cache(maxsize=256)
def _name(name: str) -> bytes:
    return pdfdoc.PDFName(name).encode("ascii")


@lru_cache(maxsize=256)
def _key(name: str) -> bytes:
    """A dictionary key and the space after it."""
    return _name(name) + b" "


def pdf_bytes(value: Any, document: Any, numbers: dict[int, bytes]) -> bytes:
    """A structure.py value in PDF syntax; `numbers` maps each `Indirect` (by id) to
    its `N 0 R`. Names here are fixed ASCII words, written as they are: thousands of
    entries through ReportLab's PDFDictionary and PDFName cost more than the tree."""
    kind = type(value)
    if kind is Indirect:
        return numbers[id(value)]
    if kind is Name:
        return _name(value)
    if kind is dict:
        return b"<<" + b" ".join([
            _key(k) + pdf_bytes(v, document, numbers) for k, v in value.items()]) + b">>"
    if kind is bytes:  # a reference, already written
        return value
    if kind is int:
        return b"%d" % value
    if kind is list:
        return b"[" + b" ".join([pdf_bytes(v, document, numbers) for v in value]) + b"]"
    if kind is Text:
        return PDFString(str(value)).format(document)
    if kind is bool:
        return b"true" if value else b"false"
    if kind is float:
        return fp_str(value).encode("ascii")
    return pdfdoc.format(value, document)  # a ReportLab object
