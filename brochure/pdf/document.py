"""What ReportLab cannot write on its own, added to its document just before it is saved:
no second pass over the PDF, and no pikepdf.

`complete(canvas, ...)` runs when every page is drawn and shown but before ReportLab
formats a single object (page dictionaries, annotations and the catalog are still Python
objects, see reportlab.pdfbase.pdfdoc). It writes:

- the structure tree (structure.py) with /StructParents on pages, /StructParent on link
  annotations, and the untagged parts of pages wrapped as artifacts;
- /MarkInfo, /DisplayDocTitle, /Tabs /S, /Contents and the Print flag on annotations;
- XMP metadata from the document info (xmp.py);
- for PDF/A-2b, the sRGB output intent and no font that is not embedded (pdfa.py);
- and has the file written with object streams (compact.py).

A booklet's pages are imposed on sheets afterwards (impose.py, pikepdf): for it
(`final=False`) the tree, the page entries and the artifact wrapping wait for the sheets
(finish.py); the rest is written here.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFDictionary,
    PDFDocument,
    PDFObject,
    PDFPage,
    PDFStream,
    PDFString,
)

from brochure.pdf import pdfa as archive
from brochure.pdf.compact import Preformatted, write_compact
from brochure.pdf.structure import AnnotKey, annotation_entries, artifact_wrapping
from brochure.pdf.tagging import Recorder
from brochure.pdf.treebytes import pdf_bytes, tree_bytes
from brochure.pdf.xmp import xmp_packet

PDF_VERSION = (1, 7)  # PDF/UA-1 is built on ISO 32000-1
_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
_CATALOG_KEYS = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]


def complete(canvas: Any, recorder: Recorder | None, pdfa: bool, final: bool = True) -> None:
    """Add the tree (when `recorder`), metadata and PDF/A pieces to the canvas's document.

    `final`: the pages are the ones printed (False: a booklet, imposed afterwards). An
    untagged PDF that is not PDF/A is left as ReportLab writes it."""
    if recorder is None and not pdfa:
        return
    doc: PDFDocument = canvas._doc
    doc._pdfVersion = max(doc._pdfVersion, PDF_VERSION)
    pages: list[PDFPage] = list(doc.Pages.pages)
    refs, objects = _annotations(doc, pages)
    uris = {key: _uri(obj) for key, obj in objects.items()}
    entries = {key: annotation_entries(uris[key]) for key in objects}
    catalog = doc.Catalog
    if recorder is not None:
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        if final:
            _write_tree(doc, pages, recorder, refs, uris, entries)
    for key, values in entries.items():
        _annotate(objects[key], values)
    if final:
        for page in pages:
            page.__NoDefault__ = _PAGE_KEYS
            page.Tabs = "/S"
    catalog.Metadata = _metadata(doc, ua=recorder is not None, pdfa=pdfa)
    if pdfa:
        catalog.__NoDefault__ = _CATALOG_KEYS
        catalog.OutputIntents = archive.output_intents(doc)
        archive.drop_unembedded_fonts(doc, [page.stream for page in pages])
    doc.format = partial(write_compact, doc)  # the tree in object streams (compact.py)


def _annotations(doc: PDFDocument, pages: list[PDFPage]) -> tuple[dict, dict]:
    """Each annotation's reference and object, by (page number, index in /Annots)."""
    refs: dict[AnnotKey, Any] = {}
    for number, page in enumerate(pages, start=1):
        for index, ref in enumerate(page.Annots or ()):
            refs[(number, index)] = ref
    return refs, {key: doc.idToObject[ref.name] for key, ref in refs.items()}


def _uri(annotation: Any) -> str | None:
    """The URI a link annotation opens (canvas.linkURL), None for other annotations."""
    action = annotation.dict.get("A") if isinstance(annotation, PDFDictionary) else None
    uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
    return uri.s if isinstance(uri, PDFString) else None


def _annotate(annotation: Any, values: dict[str, Any]) -> None:
    """Entries added to an annotation: a dictionary (canvas.linkURL) or a pdfdoc
    Annotation (canvas.linkRect), whose /Contents ReportLab writes already."""
    if isinstance(annotation, PDFDictionary):
        for key, value in values.items():
            annotation[key] = _Raw(value, {})
        return
    added = {k: _Raw(v, {}) for k, v in values.items() if k != "Contents"}
    annotation.otherkw.update(added)
    annotation.permitted = (*annotation.permitted, *added)
    annotation.Contents = annotation.Contents or str(values["Contents"])


def _write_tree(
    doc: PDFDocument,
    pages: list[PDFPage],
    recorder: Recorder,
    refs: dict[AnnotKey, Any],
    uris: dict[AnnotKey, str | None],
    entries: dict[AnnotKey, dict[str, Any]],
) -> None:
    """The tree as indirect objects of the document, formatted (treebytes.py) and then
    numbered, in the order their bytes expect; page and annotation entries to match."""
    if not isinstance(doc.encrypt, NoEncryption):
        raise NotImplementedError("a tagged PDF is never encrypted: its tree is preformatted")
    tags = recorder.tree()
    # Pages and annotations are numbered already: their `N 0 R` written once, here.
    page_refs = [_reference(doc, page) for page in pages]
    annot_refs = {key: _reference(doc, ref) for key, ref in refs.items()}
    first = doc.objectcounter + 1
    tree = tree_bytes(tags, page_refs, annot_refs, uris, first, doc)
    written = [Preformatted(body) for body in tree.bodies]
    _register(doc, written)
    if _reference(doc, written[0]) != b"%d 0 R" % first:
        raise RuntimeError("the structure tree was numbered otherwise than formatted")
    doc.Catalog.StructTreeRoot = doc.Reference(written[0])
    for number, key in tree.page_keys.items():
        pages[number - 1].StructParents = key
    for key, values in tree.annotations.items():
        entries[key].update(values)
    for number, (before, after) in artifact_wrapping(tags, len(pages)).items():
        page = pages[number - 1]
        page.stream = before.decode() + page.stream + after.decode()


def _metadata(doc: PDFDocument, ua: bool, pdfa: bool) -> PDFStream:
    """The XMP packet (uncompressed, as PDF/A asks) saying what the Info dictionary says."""
    info = doc.info
    date = pdfdoc.PDFDate(ts=doc._timeStamp, dateFormatter=info._dateFormatter)
    when = date.format(doc).decode("latin-1")[1:-1]
    values = {
        "Title": info.title,
        "Author": info.author,
        "Subject": info.subject,
        "Keywords": info.keywords,
        "Producer": info.producer,
        "Creator": info.creator,
        "Trapped": info.trapped,
        "CreationDate": when,
        "ModDate": when,
    }
    lang = doc.Catalog.Lang.s if getattr(doc.Catalog, "Lang", None) is not None else ""
    return PDFStream(
        PDFDictionary({"Type": "/Metadata", "Subtype": "/XML"}),
        xmp_packet(values, lang, ua, pdfa),
        filters=None,  # the document's default: none
    )


# ---------------------------------------------------------------- writing values


class _Raw(PDFObject):
    """A structure.py value (treebytes.py) as an object ReportLab writes (an entry of an
    annotation). `numbers` maps each `Indirect` (by id) to its `N 0 R`."""

    def __init__(self, value: Any, numbers: dict[int, bytes]):
        self.value = value
        self.numbers = numbers

    def format(self, document: PDFDocument) -> bytes:
        return pdf_bytes(self.value, document, self.numbers)


def _register(doc: PDFDocument, objects: list[PDFObject]) -> None:
    """Number new `objects` in turn, as `doc.Reference(obj)` does for each (its
    bookkeeping, without its checks for names and objects seen before: a few hundred
    calls are a tenth of a millisecond)."""
    counter = doc.objectcounter
    for obj in objects:
        counter += 1
        name = f"R{counter}"  # as ReportLab names them
        if name in doc.idToObject or hasattr(obj, "__InternalName__"):
            raise RuntimeError(f"object {name} is numbered already")
        obj.__InternalName__ = name
        doc.idToObjectNumberAndVersion[name] = (counter, 0)
        doc.numberToId[counter] = name
        doc.idToObject[name] = obj
    doc.objectcounter = counter


def _reference(doc: PDFDocument, obj: Any) -> bytes:
    """`N 0 R` for `obj` (numbered now if it is not yet), or for a reference."""
    return b"%d %d R" % doc.idToObjectNumberAndVersion[doc.Reference(obj).name]
