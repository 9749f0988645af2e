"""PDF/A-2b pieces written with ReportLab's objects: the sRGB output intent, and no font
that is not embedded (ReportLab's base-14 fonts, e.g. Helvetica, never are)."""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFStream,
    PDFString,
    PDFType1Font,
)


class ArchiveError(RuntimeError):
    """The PDF cannot be made PDF/A (an internal bug or an unusable asset)."""


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


def output_intents(doc: PDFDocument) -> PDFArray:
    """The catalog's /OutputIntents: sRGB, which every colour we draw is in."""
    profile = PDFStream(
        PDFDictionary({"N": 3, "Alternate": "/DeviceRGB"}),
        srgb_profile(),
        filters=None,
    )
    condition = PDFString("sRGB IEC61966-2.1")
    intent = PDFDictionary({
        "Type": "/OutputIntent",
        "S": "/GTS_PDFA1",
        "OutputConditionIdentifier": condition,
        "Info": condition,
        "RegistryName": PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(profile),
    })
    return PDFArray([intent])


def drop_unembedded_fonts(doc: PDFDocument, streams: list[str]) -> None:
    """Take fonts nobody draws with and that are not embedded out of the font resources
    (pages share ReportLab's one font dictionary); one that is used makes PDF/A
    impossible. TrueType fonts, added later as ReportLab saves, are always embedded."""
    fonts = doc.idToObject["BasicFonts"].dict
    stray = [
        name for name, font in fonts.items()
        if isinstance(font, PDFType1Font) and getattr(font, "FontDescriptor", None) is None
    ]
    if not stray:
        return
    content = "\n".join(streams)
    for name in stray:
        if re.search(r"/" + re.escape(name) + r"\s+[-\d.]+\s+Tf", content):
            raise ArchiveError(f"font {fonts[name].BaseFont} is not embedded")
        del fonts[name]
