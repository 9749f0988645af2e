"""XLIFF 1.2 out and in, built and read with lxml as a tree (never by pasting strings).

Why 1.2 and not 2.x: every CAT tool a certified medical translator is likely to use
(Trados Studio, memoQ, Phrase, Wordfast, OmegaT, Weblate, Pootle and translate-toolkit)
opens and saves XLIFF 1.2, most of them for far longer and more reliably than 2.x.

Inline markup travels as 1.2 inline codes whose content is the "original data":
bold and italic as paired `<bpt ctype="bold">**</bpt>` … `<ept>**</ept>`, a link as
`<bpt ctype="link">[</bpt>` … `<ept>](https://…)</ept>` (the URL inside the code, so a
translator moves it as a tag and cannot edit it), a citation as a standalone
`<ph ctype="x-citation">[@id]</ph>`.

Reading never resolves entities, loads a DTD or touches the network; a file with a
DOCTYPE is refused before it is parsed at all (the road to "billion laughs" bombs).
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from brochure.translate.bundle import Bundle, BundleUnit
from brochure.translate.inline import Code, Piece
from brochure.translate.returned import Returned, ReturnedUnit, Where

NS = "urn:oasis:names:tc:xliff:document:1.2"
BR = "urn:x-brochure:xliff"  # our own attributes on <file>, allowed by the 1.2 schema
XML_NS = "http://www.w3.org/XML/1998/namespace"
_Q = "{" + NS + "}"
STATE = {"final": "final", "changed": "needs-review-translation",
         "unverified": "needs-review-translation"}
CTYPE = {"bold": "bold", "italic": "italic", "link": "link", "citation": "x-citation"}
KIND = {v: k for k, v in CTYPE.items()}
MAX_BYTES = 20_000_000


def write_xliff(bundle: Bundle, tool_version: str) -> bytes:
    """The bundle as an XLIFF 1.2 document (UTF-8, indented, deterministic)."""
    root = etree.Element(_Q + "xliff", nsmap={None: NS, "br": BR}, version="1.2")
    file = etree.SubElement(root, _Q + "file", {
        "original": bundle.original,
        "source-language": bundle.source_language,
        "target-language": bundle.target_language,
        "datatype": "plaintext",
        f"{{{BR}}}brochure": bundle.brochure,
        f"{{{BR}}}source-revision": bundle.revision,
    })
    header = etree.SubElement(file, _Q + "header")
    etree.SubElement(header, _Q + "tool", {"tool-id": "brochure", "tool-name": "brochure",
                                           "tool-version": tool_version})
    body = etree.SubElement(file, _Q + "body")
    groups: dict[str, etree._Element] = {}
    for unit in bundle.units:
        parent = body
        if unit.section is not None:
            if unit.section not in groups:
                groups[unit.section] = etree.SubElement(
                    body, _Q + "group", {"id": f"section:{unit.section}",
                                         "resname": unit.section, "restype": "x-section"})
            parent = groups[unit.section]
        _unit(parent, unit, bundle.target_language)
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_STRUCTURE = {_Q + name for name in ("xliff", "file", "header", "body", "group", "trans-unit")}


def _indent(element: etree._Element, level: int) -> None:
    """Line breaks between structural elements only: source, target and note text is
    content, and whitespace added inside it would be translated text (so no
    etree.indent, which also indents mixed content that starts with a code)."""
    children = list(element)
    if element.tag not in _STRUCTURE or not children:
        return
    element.text = "\n" + "  " * (level + 1)
    for k, child in enumerate(children):
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1 if k + 1 < len(children) else level)


def _unit(parent: etree._Element, unit: BundleUnit, target_language: str) -> None:
    attrs = {"id": unit.id, "resname": unit.id, f"{{{XML_NS}}}space": "preserve"}
    if unit.max_length is not None:
        attrs.update({"maxwidth": str(unit.max_length), "size-unit": "char"})
    if unit.status == "final":
        attrs["approved"] = "yes"
    element = etree.SubElement(parent, _Q + "trans-unit", attrs)
    _content(etree.SubElement(element, _Q + "source"), unit.source)
    if unit.target is not None:
        target = etree.SubElement(element, _Q + "target", {"state": STATE[unit.status]})
        _content(target, unit.target)
    note = etree.SubElement(element, _Q + "note", {"from": "brochure"})
    note.text = "\n".join(unit.notes)


def _content(element: etree._Element, pieces: list[Piece]) -> None:
    last: etree._Element | None = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        tag = {"open": "bpt", "close": "ept", "single": "ph"}[piece.role]
        attrs = {"id": str(piece.pair)}
        if piece.role != "close":
            attrs["ctype"] = CTYPE[piece.kind]
        last = etree.SubElement(element, _Q + tag, attrs)
        last.text = piece.data


# ---------------------------------------------------------------- reading


class _Locator:
    """Line and column of elements: lxml knows the line; the column is found in the text."""

    def __init__(self, text: str, root: etree._Element):
        self.lines = text.split("\n")
        self.where: dict[etree._Element, Where] = {}
        seen: Counter[tuple[int, str]] = Counter()
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            line = element.sourceline or 1
            name = etree.QName(element).localname
            k = seen[(line, name)]
            seen[(line, name)] += 1
            pattern = r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])"
            source = self.lines[line - 1] if line <= len(self.lines) else ""
            hits = [m.start() for m in re.finditer(pattern, source)]
            column = hits[k] + 1 if k < len(hits) else 1
            self.where[element] = Where(line, column)

    def __call__(self, element: etree._Element) -> Where:
        return self.where.get(element, Where(element.sourceline or 1, 1))


def _position(data: bytes, index: int) -> Where:
    before = data[:index]
    return Where(before.count(b"\n") + 1, index - (before.rfind(b"\n") + 1) + 1)


def read_xliff(data: bytes, display: str) -> Returned:
    """The units of a returned XLIFF file; malformed or unsafe input gives problems only."""
    empty = Returned(display, None, None, None, None, None, Where(1, 1), Where(1, 1))
    if len(data) > MAX_BYTES:
        empty.problems.append(empty.problem(Where(1, 1), "file is larger than 20 MB"))
        return empty
    doctype = re.search(rb"<!(DOCTYPE|ENTITY)", data)
    if doctype:
        empty.problems.append(empty.problem(
            _position(data, doctype.start()),
            "DOCTYPE and entity declarations are not allowed in XLIFF (entities can expand "
            "without limit or read local files); refused unread; export the file again"))
        return empty
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        message = re.sub(r", line \d+, column \d+$", "", exc.msg)
        empty.problems.append(empty.problem(Where(line or 1, max(column, 1)),
                                            f"malformed XML: {message}"))
        return empty
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    where = _Locator(text, root)
    return _read_tree(root, where, empty)


def _read_tree(root: etree._Element, where: _Locator, out: Returned) -> Returned:
    if root.tag != _Q + "xliff":
        out.problems.append(out.problem(where(root), "not an XLIFF 1.2 file (the root element "
                                        f"is `{etree.QName(root).localname}` in "
                                        f"`{etree.QName(root).namespace}`)"))
        return out
    files = root.findall(_Q + "file")
    if len(files) != 1:
        out.problems.append(out.problem(where(root), f"expected one <file>, found {len(files)}"))
        return out
    file = files[0]
    out.brochure = file.get(f"{{{BR}}}brochure")
    out.source_language = file.get("source-language")
    out.target_language = file.get("target-language")
    out.revision = file.get(f"{{{BR}}}source-revision")
    out.original = file.get("original")
    out.header = out.language_where = where(file)
    for element in file.iter(_Q + "trans-unit"):
        unit_id = element.get("id") or ""
        target = element.find(_Q + "target")
        pieces = None
        language = None
        target_where = where(element)
        if target is not None:
            target_where = where(target)
            language = target.get(f"{{{XML_NS}}}lang")
            pieces = _pieces(target, where, out, unit_id)
        out.units.append(ReturnedUnit(unit_id, pieces, where(element), target_where, language))
    return out


def _pieces(element: etree._Element, where: _Locator, out: Returned,
            unit_id: str) -> list[Piece] | None:
    pieces: list[Piece] = []
    kinds: dict[int, str] = {}
    ok = True

    def add_text(text: str | None) -> None:
        if text:
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] += text
            else:
                pieces.append(text)

    def walk(parent: etree._Element) -> None:
        nonlocal ok
        add_text(parent.text)
        for child in parent:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                add_text(child.tail)
                continue
            name = etree.QName(child).localname
            if name == "mrk":  # segmentation and comment marks: their text is target text
                walk(child)
            elif name in ("bpt", "ept", "ph"):
                try:
                    pair = int(child.get("id") or "")
                except ValueError:
                    out.problems.append(out.problem(where(child), f"unit `{unit_id}`: <{name}> "
                                                    "needs a numeric `id` as exported"))
                    ok = False
                    pair = 0
                data = "".join(child.itertext())
                if name == "bpt":
                    kind = KIND.get(child.get("ctype") or "", "bold")
                    kinds[pair] = kind
                    pieces.append(Code(kind, "open", pair, data))  # type: ignore[arg-type]
                elif name == "ept":
                    pieces.append(Code(kinds.get(pair, "bold"), "close", pair, data))  # type: ignore[arg-type]
                else:
                    kind = KIND.get(child.get("ctype") or "", "citation")
                    pieces.append(Code(kind, "single", pair, data))  # type: ignore[arg-type]
            else:
                out.problems.append(out.problem(where(child), f"unit `{unit_id}`: inline "
                                                f"element <{name}> is not one this file was "
                                                "exported with; keep the codes <bpt>, <ept> "
                                                "and <ph> as they came"))
                ok = False
            add_text(child.tail)

    walk(element)
    return pieces if ok else None
