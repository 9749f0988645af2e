"""Small helpers for reading back the PDFs we make (text per page, fonts, links)."""

from __future__ import annotations

import io
import re

import pypdf


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page, whitespace folded (line breaks and hyphenation aside)."""
    return [fold(page.extract_text() or "") for page in reader(pdf).pages]


def fold(text: str) -> str:
    text = text.replace("\u00ad", "").replace("-\n", "")
    return re.sub(r"\s+", " ", text).strip()


def font_names(pdf: bytes) -> set[str]:
    """BaseFont names used on any page; raises if one is not embedded."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert descriptor is not None, f"{font['/BaseFont']} has no descriptor"
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile2", "/FontFile3", "/FontFile")), (
                f"{font['/BaseFont']} is not embedded")
    return names


def link_uris(pdf: bytes) -> list[str]:
    uris = []
    for page in reader(pdf).pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris
