"""Tagged PDF on imposed sheets: the structure tree written with pikepdf.

Every other PDF gets its tree while ReportLab saves it (document.py). A booklet's pages
are placed on print sheets afterwards by impose.py, which already needs pikepdf, and
the tree must point at the sheets; so here the tree that structure.py describes is
written with pikepdf objects, with /Tabs /S on the sheets and the annotations' link
text. Metadata, /MarkInfo and the PDF/A pieces were written with the booklet's pages
and pass through.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from brochure.pdf.structure import Indirect, Text, artifact_wrapping, build_tree
from brochure.pdf.structure import Name as PdfName
from brochure.pdf.tagging import TagTree


def rewrites(tags: TagTree | None, pdfa: bool) -> bool:
    """Whether imposed sheets are written again by `finish`: a tree to add, or PDF/A."""
    return tags is not None or pdfa


def finish(pdf: bytes, tags: TagTree | None) -> bytes:
    """The sheets with their structure tree (when `tags`) and /Tabs /S."""
    doc = pikepdf.open(BytesIO(pdf))
    if tags is not None:
        _structure(doc, tags)
    for page in doc.pages:
        page.obj.Tabs = Name.S
    _flate_filter_names(doc)
    out = BytesIO()
    doc.save(
        out,
        deterministic_id=True,
        fix_metadata_version=False,
        min_version="1.7",
        object_stream_mode=pikepdf.ObjectStreamMode.generate,  # the tree: -25 KB, no slower
        stream_decode_level=pikepdf.StreamDecodeLevel.none,  # pages and fonts pass through
    )
    return out.getvalue()


def _flate_filter_names(doc: pikepdf.Pdf) -> None:
    """`/Filter [/FlateDecode]` (as ReportLab writes it) becomes `/Filter /FlateDecode`.

    qpdf copies a compressed stream as it is only when its filter is that bare name; with
    the one-element array it decompresses and recompresses every page and font stream.
    """
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream) and "/DecodeParms" not in obj:
            filters = obj.get("/Filter")
            if isinstance(filters, Array) and len(filters) == 1 and filters[0] == Name.FlateDecode:
                obj.Filter = Name.FlateDecode


def _structure(doc: pikepdf.Pdf, tags: TagTree) -> None:
    pages = [p.obj for p in doc.pages]
    annotations = {
        (number, index): annot
        for number, page in enumerate(pages, start=1)
        for index, annot in enumerate(page.get("/Annots") or [])
    }
    uris = {key: _uri(annot) for key, annot in annotations.items()}
    for number, (before, after) in artifact_wrapping(tags, len(pages)).items():
        page = doc.pages[number - 1]
        if before:
            page.contents_add(doc.make_stream(before), prepend=True)
        page.contents_add(doc.make_stream(after))
    tree = build_tree(tags, pages, annotations, uris)
    made = {id(obj): doc.make_indirect(Dictionary()) for obj in tree.objects}
    names: dict[str, Name] = {}  # a few roles and types, each made once

    def value(v: Any) -> Any:
        kind = type(v)
        if kind is Indirect:
            return made[id(v)]
        if kind is PdfName:
            found = names.get(v)
            if found is None:
                found = names[v] = Name("/" + v)
            return found
        if kind is dict:
            return Dictionary({"/" + k: value(x) for k, x in v.items()})
        if kind is list:
            return Array([value(x) for x in v])
        if kind is Text:
            return String(str(v))
        return v  # a number, or a pikepdf object (a page, an annotation)

    for obj in tree.objects:
        made[id(obj)].update({"/" + k: value(v) for k, v in obj.entries.items()})
    for number, key in tree.page_keys.items():
        pages[number - 1].StructParents = key
    for key, entries in tree.annotations.items():
        annotations[key].update({"/" + k: value(v) for k, v in entries.items()})
    doc.Root.StructTreeRoot = made[id(tree.root)]


def _uri(annot: pikepdf.Object) -> str | None:
    action = annot.get("/A")
    if action is not None and "/URI" in action:
        return str(action.URI)
    return None
