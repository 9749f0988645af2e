"""Tagged PDF, part 2: the structure tree recorded by tagging.py, as PDF objects.

One description of what the tree holds, written by two writers: document.py puts it
into the PDF with ReportLab's objects while ReportLab saves (every layout whose pages are
final), finish.py with pikepdf after a booklet's pages are imposed on sheets. Values are
plain Python: `Name`, `Text`, int, float, bool, list, dict, `Indirect` (an object of its
own), and whatever the writer gave for pages and annotations (its own references).

The tree: StructTreeRoot with ParentTree, RoleMap and IDTree; /StructParents on pages
and /StructParent on link annotations; Link elements with OBJR; /Alt, /Lang, list
numbering, figure boxes and table header scope.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any

from brochure.pdf.tagging import ROLE_MAP, Annotation, Element, MarkedContent, TagTree
from brochure.records import record

PRINT_FLAG = 4
AnnotKey = tuple[int, int]  # (page number, index in the page's /Annots)


class Name(str):
    """A PDF name, without its slash."""


class Text(str):
    """A PDF text string."""


@record(eq=False, slots=True)
class Indirect:
    """A dictionary written as an object of its own (others point at it)."""

    entries: dict[str, Any]


class StructureError(RuntimeError):
    """The tags do not fit the PDF (an internal bug, not content)."""


@record
class Tree:
    """The structure tree ready to write, and what it adds to pages and annotations."""

    root: Indirect  # the StructTreeRoot
    objects: list[Indirect]  # every indirect object, root first, in writing order
    page_keys: dict[int, int]  # page number → /StructParents
    annotations: dict[AnnotKey, dict[str, Any]] = field(default_factory=dict)


_STRUCT_ELEM, _MCR, _OBJR = Name("StructElem"), Name("MCR"), Name("OBJR")


def annotation_entries(uri: str | None) -> dict[str, Any]:
    """What every annotation carries (PDF/UA 7.18.1, PDF/A 6.3.2): a description, which
    the structure tree replaces by the link's visible text, and the Print flag."""
    return {"F": PRINT_FLAG, "Contents": Text(uri or "link")}


def artifact_wrapping(tags: TagTree, page_count: int) -> dict[int, tuple[bytes, bytes]]:
    """(before, after) to add around each page's content: pages that drew nothing tagged
    are artifacts whole; the artifact left open at the end of a page is closed."""
    wrap = {}
    for number in range(1, page_count + 1):
        if number not in tags.parents:
            wrap[number] = (b"/Artifact BMC\n", b"\nEMC\n")
        elif number in tags.trailing_artifact:
            wrap[number] = (b"", b"\nEMC\n")
    return wrap


def prepare(
    tags: TagTree, annotations: Mapping[AnnotKey, Any], uris: Mapping[AnnotKey, str | None]
) -> None:
    """What `build_tree` changes in `tags` first: stray annotations are adopted and links
    broken over lines merged (a writer that remembers trees keys them after this)."""
    _adopt_stray_annotations(tags, annotations)
    _merge_links(tags.root, uris)


def build_tree(
    tags: TagTree,
    pages: Sequence[Any],
    annotations: Mapping[AnnotKey, Any],
    uris: Mapping[AnnotKey, str | None],
    prepared: bool = False,
) -> Tree:
    """The tree for `tags` on `pages` (the writer's page references, in order) with
    `annotations` (the writer's references, and each one's URI). Changes `tags` (see
    `prepare`, unless `prepared` says that was done)."""
    if max(tags.pages(), default=0) > len(pages):
        raise StructureError("the tagged pages do not match the PDF (was it imposed?)")
    if not prepared:
        prepare(tags, annotations, uris)

    root = Indirect({"Type": Name("StructTreeRoot")})
    objects = [root]
    by_element: dict[int, Indirect] = {}
    ids: list[tuple[str, Indirect]] = []
    owned: list[Indirect] = []  # Link elements, by ParentTree key after the pages'
    first_key = len(tags.parents)  # keys 0..n-1 are pages; annotations follow
    extra: dict[AnnotKey, dict[str, Any]] = {}
    roles: dict[str, Name] = {}

    def build(element: Element, parent: Indirect) -> Indirect:
        role = roles.get(element.role) or roles.setdefault(element.role, Name(element.role))
        first_page = None
        for kid in element.kids:
            if type(kid) is not Element:
                first_page = kid.page
                break
        entries: dict[str, Any] = {"Type": _STRUCT_ELEM, "S": role, "P": parent}
        if first_page is not None:
            entries["Pg"] = pages[first_page - 1]
        obj = Indirect(entries)
        objects.append(obj)
        by_element[id(element)] = obj
        kids: list[Any] = []
        for kid in element.kids:
            kind = type(kid)
            if kind is Element:
                kids.append(build(kid, obj))
            elif kind is MarkedContent:
                if kid.page == first_page:
                    kids.append(kid.mcid)
                else:
                    kids.append({"Type": _MCR, "Pg": pages[kid.page - 1], "MCID": kid.mcid})
            else:
                key = (kid.page, kid.index)
                extra.setdefault(key, {})["StructParent"] = first_key + len(owned)
                owned.append(obj)
                kids.append({"Type": _OBJR, "Obj": annotations[key], "Pg": pages[kid.page - 1]})
        entries["K"] = kids[0] if len(kids) == 1 else kids  # one kid: the bare value
        _describe(entries, element, uris, extra)
        if element.ident:
            entries["ID"] = Text(element.ident)
            ids.append((element.ident, obj))
        return obj

    document = build(tags.root, root)
    nums: list[Any] = []
    page_keys = {}
    for key, number in enumerate(sorted(tags.parents)):
        page_keys[number] = key
        nums += [key, [by_element[id(e)] for e in tags.parents[number]]]
    for key, link in enumerate(owned, start=first_key):
        nums += [key, link]
    parent_tree = Indirect({"Nums": nums})
    objects.append(parent_tree)
    root.entries.update(
        K=[document],
        ParentTree=parent_tree,
        ParentTreeNextKey=first_key + len(owned),
        RoleMap={k: Name(v) for k, v in ROLE_MAP.items()},
    )
    if ids:
        names: list[Any] = []
        for ident, obj in sorted(ids, key=lambda pair: pair[0]):
            names += [Text(ident), obj]
        root.entries["IDTree"] = {"Names": names}
    return Tree(root, objects, page_keys, extra)


def _describe(
    entries: dict[str, Any],
    element: Element,
    uris: Mapping[AnnotKey, str | None],
    extra: dict[AnnotKey, dict[str, Any]],
) -> None:
    """Alt text, language and attributes of one element."""
    if element.alt:
        entries["Alt"] = Text(element.alt)
    if element.lang:
        entries["Lang"] = Text(element.lang)
    if element.list_numbering:
        entries["A"] = {"O": Name("List"), "ListNumbering": Name(element.list_numbering)}
    if element.bbox:
        entries["A"] = {
            "O": Name("Layout"),
            "Placement": Name("Block"),
            "BBox": [round(v, 2) for v in element.bbox],
        }
    if element.role == "TH":  # a column heading (tables.py): each TD is named by its TH
        entries["A"] = {"O": Name("Table"), "Scope": Name("Column")}
    if element.role == "Link":
        refs = [(k.page, k.index) for k in element.kids if isinstance(k, Annotation)]
        uri = uris[refs[0]] if refs else None
        text = element.link_texts.get(uri or "", "") or uri
        if text:
            entries["Alt"] = Text(text)
            for ref in refs:
                extra.setdefault(ref, {})["Contents"] = Text(text)


def _adopt_stray_annotations(tags: TagTree, annotations: Mapping[AnnotKey, Any]) -> None:
    """Annotations made outside any tagged flowable (a footer link) still need a Link."""
    if not annotations:
        return
    owned = set()
    stack = [tags.root]
    while stack:
        for kid in stack.pop().kids:
            if type(kid) is Element:
                stack.append(kid)
            elif type(kid) is Annotation:
                owned.add((kid.page, kid.index))
    for page, index in sorted(annotations):
        if (page, index) not in owned:
            tags.root.kids.append(Element("Link", tags.root, [Annotation(page, index)]))


def _merge_links(element: Element, uris: Mapping[AnnotKey, str | None]) -> None:
    """A link broken over two lines makes two annotations: one Link element holds both."""
    merged: list[Element | MarkedContent | Annotation] = []
    for kid in element.kids:
        if isinstance(kid, Element):
            _merge_links(kid, uris)
            last = merged[-1] if merged else None
            if (
                kid.role == "Link"
                and isinstance(last, Element)
                and last.role == "Link"
                and _link_uri(last, uris) == _link_uri(kid, uris)
            ):
                last.kids += kid.kids
                continue
        merged.append(kid)
    element.kids = merged


def _link_uri(link: Element, uris: Mapping[AnnotKey, str | None]) -> str | None:
    ref = next((k for k in link.kids if isinstance(k, Annotation)), None)
    return uris[(ref.page, ref.index)] if ref else None
