"""Tagged PDF, part 2, and PDF/A: what is written into the PDF after ReportLab is done.

ReportLab writes pages, fonts and links; this pass (pikepdf) adds what it cannot:

- the structure tree recorded by tagging.py: StructTreeRoot with ParentTree, RoleMap
  and IDTree, /StructParents on pages and /StructParent on link annotations, Link
  elements with OBJR, /Alt, /Lang, list numbering and figure boxes;
- /MarkInfo, /DisplayDocTitle, /Tabs /S, /Contents and the Print flag on annotations;
- XMP metadata in step with the document info (dc:title, dc:language, pdfuaid:part 1,
  and with PDF/A pdfaid:part 2 + conformance B and the extension schema that declares
  pdfuaid, which PDF/A does not predefine);
- for PDF/A-2b: an sRGB output intent, and no font that is not embedded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape as html_escape
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from brochure.pdf.tagging import ROLE_MAP, Annotation, Element, MarkedContent, TagTree

PRINT_FLAG = 4


def escape(text: str) -> str:
    """`& < >` escaped for XML text (as xml.sax.saxutils does, without importing urllib)."""
    return html_escape(text, quote=False)


class FinishError(RuntimeError):
    """The PDF cannot be made what was asked (an internal bug or an unusable asset)."""


def finish(pdf: bytes, tags: TagTree | None, pdfa: bool = False) -> bytes:
    """The PDF with its structure tree (when `tags`), metadata and, if asked, PDF/A-2b."""
    doc = pikepdf.open(BytesIO(pdf))
    annotations = _annotations(doc)
    if tags is not None:
        _structure(doc, tags, annotations)
        doc.Root.MarkInfo = Dictionary(Marked=True)
    prefs = doc.Root.get("/ViewerPreferences") or Dictionary()
    prefs.DisplayDocTitle = True
    doc.Root.ViewerPreferences = prefs
    for page in doc.pages:
        page.obj.Tabs = Name.S
    if pdfa:
        _output_intent(doc)
        _drop_unembedded_fonts(doc)
    _xmp(doc, ua=tags is not None, pdfa=pdfa)
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
    the one-element array it decompresses and recompresses every page and font stream
    (2.5 of the 3.5 ms that saving takes).
    """
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream) and "/DecodeParms" not in obj:
            filters = obj.get("/Filter")
            if isinstance(filters, Array) and len(filters) == 1 and filters[0] == Name.FlateDecode:
                obj.Filter = Name.FlateDecode


# ---------------------------------------------------------------- structure tree


def _annotations(doc: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Object]:
    """Every annotation by (page number, index), given /Contents and the Print flag."""
    found = {}
    for number, page in enumerate(doc.pages, start=1):
        for index, annot in enumerate(page.obj.get("/Annots") or []):
            annot.F = PRINT_FLAG
            if "/Contents" not in annot:
                annot.Contents = String(_uri(annot) or "link")
            found[(number, index)] = annot
    return found


def _uri(annot: pikepdf.Object) -> str | None:
    action = annot.get("/A")
    if action is not None and "/URI" in action:
        return str(action.URI)
    return None


def _structure(doc: pikepdf.Pdf, tags: TagTree, annotations: dict) -> None:
    pages = list(doc.pages)
    if max(tags.pages(), default=0) > len(pages):
        raise FinishError("the tagged pages do not match the PDF (was it imposed?)")
    _wrap_untagged_pages(doc, tags)
    _adopt_stray_annotations(tags, annotations)
    _merge_links(tags.root, annotations)

    root = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    page_objs = [p.obj for p in pages]
    objects: dict[int, pikepdf.Object] = {}
    ids: list[tuple[str, pikepdf.Object]] = []
    owned: list[tuple[int, pikepdf.Object]] = []  # (ParentTree key, Link element)
    first_key = len(tags.parents)  # keys 0..n-1 are pages; annotations follow
    kinds: dict[str, Name] = {}
    struct_elem = Name.StructElem

    # Few calls into pikepdf per element (they dominate the cost): one dictionary with
    # what is known up front, then /K from a Python list.
    def build(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        role = kinds.get(element.role) or kinds.setdefault(element.role, Name("/" + element.role))
        first_page = next((k.page for k in element.kids if not isinstance(k, Element)), None)
        entries = {"/Type": struct_elem, "/S": role, "/P": parent}
        if first_page is not None:
            entries["/Pg"] = page_objs[first_page - 1]
        obj = doc.make_indirect(Dictionary(entries))
        objects[id(element)] = obj
        kids: list = []
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(build(kid, obj))
            elif isinstance(kid, MarkedContent):
                if kid.page == first_page:
                    kids.append(kid.mcid)
                else:
                    pg = page_objs[kid.page - 1]
                    kids.append(Dictionary(Type=Name.MCR, Pg=pg, MCID=kid.mcid))
            else:
                annot = annotations[(kid.page, kid.index)]
                annot.StructParent = first_key + len(owned)
                owned.append((first_key + len(owned), obj))
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page_objs[kid.page - 1]))
        obj.K = kids[0] if len(kids) == 1 else Array(kids)  # one kid: the bare value
        _describe(obj, element, annotations)
        if element.ident:
            obj.ID = String(element.ident)
            ids.append((element.ident, obj))
        return obj

    document = build(tags.root, root)
    nums: list = []
    for key, number in enumerate(sorted(tags.parents)):
        page_objs[number - 1].StructParents = key
        nums += [key, Array([objects[id(e)] for e in tags.parents[number]])]
    for key, link in owned:
        nums += [key, link]
    next_key = first_key + len(owned)
    root.K = Array([document])
    root.ParentTree = doc.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    root.RoleMap = Dictionary({"/" + k: Name("/" + v) for k, v in ROLE_MAP.items()})
    if ids:
        names = Array()
        for ident, obj in sorted(ids, key=lambda pair: pair[0]):
            names.extend([String(ident), obj])
        root.IDTree = Dictionary(Names=names)
    doc.Root.StructTreeRoot = root


def _describe(obj: pikepdf.Object, element: Element, annotations: dict) -> None:
    """Alt text, language and attributes of one element."""
    if element.alt:
        obj.Alt = String(element.alt)
    if element.lang:
        obj.Lang = String(element.lang)
    if element.list_numbering:
        obj.A = Dictionary(O=Name.List, ListNumbering=Name("/" + element.list_numbering))
    if element.bbox:
        obj.A = Dictionary(
            O=Name.Layout, Placement=Name.Block, BBox=Array([round(v, 2) for v in element.bbox])
        )
    if element.role == "TH":  # a column heading (tables.py): each TD is named by its TH
        obj.A = Dictionary(O=Name.Table, Scope=Name.Column)
    if element.role == "Link":
        refs = [k for k in element.kids if isinstance(k, Annotation)]
        uri = _uri(annotations[(refs[0].page, refs[0].index)]) if refs else None
        text = element.link_texts.get(uri or "", "") or uri
        if text:
            obj.Alt = String(text)
            for ref in refs:
                annotations[(ref.page, ref.index)].Contents = String(text)


def _wrap_untagged_pages(doc: pikepdf.Pdf, tags: TagTree) -> None:
    """Close the artifact left open at the end of each page; pages that drew nothing
    tagged are artifacts whole."""
    for number, page in enumerate(doc.pages, start=1):
        if number not in tags.parents:
            page.contents_add(doc.make_stream(b"/Artifact BMC\n"), prepend=True)
            page.contents_add(doc.make_stream(b"\nEMC\n"))
        elif number in tags.trailing_artifact:
            page.contents_add(doc.make_stream(b"\nEMC\n"))


def _adopt_stray_annotations(tags: TagTree, annotations: dict) -> None:
    """Annotations made outside any tagged flowable (a footer link) still need a Link."""
    owned = {
        (k.page, k.index) for e in tags.root.walk() for k in e.kids if isinstance(k, Annotation)
    }
    for page, index in sorted(annotations):
        if (page, index) not in owned:
            tags.root.kids.append(Element("Link", tags.root, [Annotation(page, index)]))


def _merge_links(element: Element, annotations: dict) -> None:
    """A link broken over two lines makes two annotations: one Link element holds both."""
    merged: list[Element | MarkedContent | Annotation] = []
    for kid in element.kids:
        if isinstance(kid, Element):
            _merge_links(kid, annotations)
            last = merged[-1] if merged else None
            if (
                kid.role == "Link"
                and isinstance(last, Element)
                and last.role == "Link"
                and _link_uri(last, annotations) == _link_uri(kid, annotations)
            ):
                last.kids += kid.kids
                continue
        merged.append(kid)
    element.kids = merged


def _link_uri(link: Element, annotations: dict) -> str | None:
    ref = next((k for k in link.kids if isinstance(k, Annotation)), None)
    return _uri(annotations[(ref.page, ref.index)]) if ref else None


# ---------------------------------------------------------------- PDF/A


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile (LittleCMS's built-in, through Pillow): made, not downloaded.

    LittleCMS stamps the profile with the time it was made (ICC header bytes 24-35); a
    fixed date keeps PDF/A output byte-identical across processes. The profile ID
    (bytes 84-99) is left zero, which ICC allows ("not computed").
    """
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    fixed_date = (2000, 1, 1, 0, 0, 0)
    profile[24:36] = b"".join(n.to_bytes(2, "big") for n in fixed_date)
    return bytes(profile)


def _output_intent(doc: pikepdf.Pdf) -> None:
    icc = doc.make_stream(srgb_profile())
    icc.N = 3
    icc.Alternate = Name.DeviceRGB
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"),
        RegistryName=String("http://www.color.org"),
        DestOutputProfile=icc,
    )
    doc.Root.OutputIntents = Array([intent])


def _embedded(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True
    if "/DescendantFonts" in font:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _drop_unembedded_fonts(doc: pikepdf.Pdf) -> None:
    """Remove font resources nobody uses that are not embedded (ReportLab's Helvetica);
    a used one makes PDF/A impossible. Pages share one font dictionary, so usage is
    looked for on every page."""
    stray = [
        (fonts, name)
        for page in doc.pages
        if (fonts := page.obj.get("/Resources", {}).get("/Font")) is not None
        for name, font in fonts.items()
        if not _embedded(font)
    ]
    if not stray:
        return
    content = b"\n".join(c.read_bytes() for page in doc.pages for c in _contents(page))
    for fonts, name in stray:
        if name not in fonts:
            continue  # a shared dictionary, already cleaned
        if re.search(re.escape(name.encode()) + rb"\s+[-\d.]+\s+Tf", content):
            raise FinishError(f"font {fonts[name].get('/BaseFont')} is not embedded")
        del fonts[name]


def _contents(page: pikepdf.Page) -> list[pikepdf.Stream]:
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, Array) else [contents]


# ---------------------------------------------------------------- XMP

_PDFUA_EXTENSION = """
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
      xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
      xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>"""


def xmp_date(pdf_date: str) -> str:
    """`D:20261101000000+00'00'` → `2026-11-01T00:00:00+00:00` (the same instant)."""
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([Z+-])(\d\d)?'?(\d\d)?'?)?", pdf_date)
    if not m:
        raise FinishError(f"cannot read the PDF date {pdf_date!r}")
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    zone = "Z" if sign in (None, "Z") else f"{sign}{th or '00'}:{tm or '00'}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _xmp(doc: pikepdf.Pdf, ua: bool, pdfa: bool) -> None:
    """XMP written from the document info, so the two say the same (PDF/A 6.6.3)."""
    info = {str(k)[1:]: str(v) for k, v in doc.docinfo.items()}
    lang = str(doc.Root.get("/Lang", "")) or "x-default"
    props = ["<dc:format>application/pdf</dc:format>"]

    def alt(tag: str, value: str) -> None:
        props.append(
            f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
            f"</rdf:Alt></{tag}>"
        )

    if "Title" in info:
        alt("dc:title", info["Title"])
    if "Author" in info:
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info['Author'])}</rdf:li>"
                     "</rdf:Seq></dc:creator>")
    if "Subject" in info:
        alt("dc:description", info["Subject"])
    props.append(f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>")
    simple = {
        "Keywords": "pdf:Keywords",
        "Producer": "pdf:Producer",
        "Creator": "xmp:CreatorTool",
    }
    for key, tag in simple.items():
        if key in info:
            props.append(f"<{tag}>{escape(info[key])}</{tag}>")
    if "Trapped" in info:
        props.append(f"<pdf:Trapped>{info['Trapped'].lstrip('/')}</pdf:Trapped>")
    for key, tag in (("CreationDate", "xmp:CreateDate"), ("ModDate", "xmp:ModifyDate")):
        if key in info:
            props.append(f"<{tag}>{xmp_date(info[key])}</{tag}>")
    if "ModDate" in info:
        props.append(f"<xmp:MetadataDate>{xmp_date(info['ModDate'])}</xmp:MetadataDate>")
    if ua:
        props.append("<pdfuaid:part>1</pdfuaid:part>")
    if pdfa:
        props.append("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>")
    body = "\n   ".join(props)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
      xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
      xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   {body}
  </rdf:Description>{_PDFUA_EXTENSION if ua and pdfa else ""}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = doc.make_stream(packet.encode("utf-8"))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    doc.Root.Metadata = stream
