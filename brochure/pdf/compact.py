"""ReportLab's PDF file, written compact: object streams and a cross-reference stream.

ReportLab writes every object on its own, each with a 20-byte cross-reference line. A
tagged brochure holds hundreds of small dictionaries (one per structure element), so
this packs every object that is not a stream into Flate-compressed object streams
(ISO 32000-1, 7.5.7) indexed by a cross-reference stream (7.5.8), as pikepdf's
`object_stream_mode=generate` did when the tree was written there. Streams (page
content, fonts, pictures, XMP) are written as ReportLab formats them.

`write_compact(doc)` does what `PDFDocument.format` does (format objects in number
order, objects made while formatting included) and lays the file out differently.
"""

from __future__ import annotations

import re
import struct
from itertools import chain

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import NoEncryption, PDFDocument, PDFFile, PDFObject

from brochure.pdf.streams import compressed

OBJECTS_PER_STREAM = 100  # as qpdf: a reader unpacks one stream to reach one object
_ID = re.compile(rb"\[[^\]]*\]")


class Preformatted(PDFObject):
    """An object whose bytes are written already (the structure tree, treebytes.py):
    taken as they are, not through ReportLab's `format`."""

    def __init__(self, body: bytes):
        self.body = body

    def format(self, document: PDFDocument) -> bytes:
        return self.body


def write_compact(doc: PDFDocument) -> bytes:
    """The document's PDF file (what `doc.format()` returns), with object streams."""
    if not isinstance(doc.encrypt, NoEncryption):  # encrypted objects: ReportLab's own way
        return PDFDocument.format(doc)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    out = PDFFile(doc._pdfVersion)
    rows: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}  # number → xref entry
    packed: list[tuple[int, bytes]] = []
    number = 1
    while number in doc.numberToId:  # formatting may add objects: look again each time
        name = doc.numberToId[number]
        obj = doc.idToObject[name]
        body = obj.body if type(obj) is Preformatted else pdfdoc.format(obj, doc, toplevel=1)
        if body.endswith(b"endstream\n") or body.rstrip().endswith(b"endstream"):
            offset = out.add(b"%d 0 obj\n%s%sendobj\n" % (
                number, body, b"" if body.endswith(b"\n") else b"\n"))
            rows[number] = (1, offset, 0)
            doc.idToOffset[name] = offset
        else:
            packed.append((number, body.strip()))
        number += 1
    for start in range(0, len(packed), OBJECTS_PER_STREAM):
        chunk = packed[start : start + OBJECTS_PER_STREAM]
        header, position = [], 0
        for index, (packed_number, body) in enumerate(chunk):
            header.append(b"%d %d" % (packed_number, position))
            position += len(body) + 1
            rows[packed_number] = (2, number, index)
        head = b" ".join(header) + b"\n"
        data = compressed(head + b"\n".join(body for _, body in chunk))
        entries = b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(chunk), len(head))
        rows[number] = (1, _add_stream(out, number, entries, data), 0)
        number += 1
    # The cross-reference stream, which is also the trailer; its own entry included.
    size = number + 1
    rows[number] = (1, out.offset, 0)
    free = (0, 0, 0)
    table = struct.pack(">" + "BIH" * size,
                        *chain.from_iterable([rows.get(n, free) for n in range(size)]))
    root = pdfdoc.format(doc.Reference(doc.Catalog), doc)
    info = pdfdoc.format(doc.Reference(doc.info), doc)
    ids = _ID.search(doc.ID())
    assert ids is not None, "ReportLab's document ID is an array"
    entries = (b"/Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID %s /Filter /FlateDecode"
               % (size, root, info, ids.group(0)))
    start = _add_stream(out, number, entries, compressed(table))
    out.add(b"startxref\n%d\n%%%%EOF\n" % start)
    return out.format(doc)


def _add_stream(out: PDFFile, number: int, entries: bytes, data: bytes) -> int:
    """Write stream object `number` (dictionary `entries` plus /Length); its offset."""
    return out.add(b"%d 0 obj\n<<%s /Length %d>>\nstream\n%s\nendstream\nendobj\n" % (
        number, entries, len(data), data))
