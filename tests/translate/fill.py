"""Fill a translator's file by script, as a CAT tool would: every target is the source
with its text reversed (codes kept where they are)."""

from __future__ import annotations

import polib
from lxml import etree

NS = "{urn:oasis:names:tc:xliff:document:1.2}"


def reverse_xliff(data: bytes, keep=lambda unit_id: False) -> bytes:
    root = etree.fromstring(data)
    for unit in root.iter(NS + "trans-unit"):
        if keep(unit.get("id")):
            continue
        source = unit.find(NS + "source")
        target = unit.find(NS + "target")
        if target is not None:
            unit.remove(target)
        target = etree.Element(NS + "target", state="translated")
        source.addnext(target)
        target.text = (source.text or "")[::-1]
        for child in source:
            copy = etree.SubElement(target, child.tag, dict(child.attrib))
            copy.text = child.text
            copy.tail = (child.tail or "")[::-1]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def reverse_po(data: bytes) -> bytes:
    """Reverse the words of each message outside markup: PO carries the markup itself."""
    po = polib.pofile(data.decode("utf-8"), wrapwidth=0)
    for entry in po:
        entry.msgstr = " ".join(w if any(c in w for c in "*[]()@") else w[::-1]
                                for w in entry.msgid.split(" "))
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return str(po).encode("utf-8")
