"""Build static TrueType faces that ReportLab can embed, with fontTools.

ReportLab only draws the default instance of a variable font and refuses CFF outlines,
so every face that is not a plain static TTF is built here: subset to the characters
needed, instanced at a fixed axis location, converted from cubic (CFF) to quadratic
(glyf) outlines, and given its own PostScript name (ReportLab identifies fonts by it).

The output is deterministic: the source's head.created/modified are kept (no "now"
timestamps) and every step is a pure function of its input, so the same parameters give
byte-identical fonts. This module imports fontTools (~0.1 s), so `fonts/fontset.py` only imports
it when something has to be built.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from fontTools import subset as ft_subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.varLib.instancer import instantiateVariableFont

from brochure.fonts.config import FontError, Ranges

# Max distance (font units, 1000/em for CJK) of the quadratic from the cubic outline:
# invisible at print sizes and the value fontTools' own otf2ttf uses.
CU2QU_MAX_ERR = 1.0


@cache
def subfont_index(path: Path, ps_name: str | None) -> int:
    """Index of the font named `ps_name` inside a collection (0 for a single font)."""
    if ps_name is None:
        return 0
    collection = TTCollection(str(path), lazy=True)
    for i, font in enumerate(collection.fonts):
        if font["name"].getDebugName(6) == ps_name:
            return i
    raise FontError(f"no subfont {ps_name!r} in {path.name}")


def open_font(path: Path, subfont: str | None = None, lazy: bool | None = None) -> TTFont:
    """Open a font (or one font of a collection) without touching its timestamps."""
    number = subfont_index(path, subfont) if path.suffix.lower() in (".ttc", ".otc") else -1
    return TTFont(str(path), fontNumber=number, lazy=lazy, recalcTimestamp=False)


def codepoints(path: Path, subfont: str | None = None) -> set[int]:
    """The characters a font maps to glyphs."""
    return set(open_font(path, subfont, lazy=True).getBestCmap())


def _remap_cmap(font: TTFont, mapping: dict[int, str]) -> None:
    """Replace the font's Unicode cmap, keeping only subtables that can hold it."""
    cmap = font["cmap"]
    tables = []
    for table in cmap.tables:
        if not table.isUnicode() or table.format == 14:
            continue
        table.cmap = {cp: g for cp, g in mapping.items() if table.format != 4 or cp <= 0xFFFF}
        tables.append(table)
    cmap.tables = tables


def _same_glyph_set(a: TTFont, b: TTFont) -> bool:
    """Whether two fonts number their glyphs alike (same family version and count).

    All weights of one Noto Sans CJK release share one glyph set, which is what lets
    the Japanese Bold draw Chinese or Korean through the regional character map.
    """
    return bool(a["maxp"].numGlyphs == b["maxp"].numGlyphs
                and a["name"].getDebugName(5) == b["name"].getDebugName(5))


def _subset(font: TTFont, unicodes: Iterable[int], cff: bool) -> None:
    options = ft_subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = not cff          # CFF hints are lost in the conversion anyway
    options.desubroutinize = cff
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)


def _cff_to_glyf(font: TTFont) -> None:
    """Convert CFF (cubic) outlines to glyf (quadratic) ones, in place."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0               # no glyph names: ReportLab does not need them
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0


def _rename(font: TTFont, ps_name: str) -> None:
    """Give the font its own PostScript name (ReportLab de-duplicates fonts by it)."""
    name = font["name"]
    for record in list(name.names):
        if record.nameID == 6:
            name.removeNames(nameID=6, platformID=record.platformID)
    name.setName(ps_name, 6, 3, 1, 0x409)
    name.setName(ps_name, 6, 1, 0, 0)


def _is_default_location(font: TTFont, axes: dict[str, float]) -> bool:
    """Whether `axes` asks for the font's default instance (and nothing is avar-mapped)."""
    if "fvar" not in font:
        return False
    defaults = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
    return set(axes) <= set(defaults) and all(defaults[t] == v for t, v in axes.items())


def _drop_variations(font: TTFont) -> None:
    """Make the default instance static by removing the variation tables.

    The default master's outlines and metrics are stored as is (tested: identical to
    the instancer's output), so this takes milliseconds where instancing takes seconds.
    Device variation indices left in GPOS read as zero without fvar.
    """
    for tag in ("fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR", "STAT"):
        if tag in font:
            del font[tag]


@lru_cache(maxsize=4)
def _prepared_source(
    path: Path, subfont: str | None, keep: Ranges | None,
    cmap_path: Path | None, cmap_subfont: str | None,
) -> bytes:
    """The source font with its cmap replaced and subset, as bytes.

    Memoised: the Regular and Bold instances of a variable font share this step, which
    is a third of the work.
    """
    font = open_font(path, subfont)
    if cmap_path is not None:
        mapper = open_font(cmap_path, cmap_subfont)
        if not _same_glyph_set(font, mapper):
            font = mapper
        else:
            _remap_cmap(font, mapper.getBestCmap())
    if keep is not None:
        _subset(font, (c for lo, hi in keep for c in range(lo, hi + 1)), "CFF " in font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def build_face(
    path: Path,
    *,
    ps_name: str,
    subfont: str | None = None,
    axes: dict[str, float] | None = None,
    keep: Ranges | None = None,
    cmap_path: Path | None = None,
    cmap_subfont: str | None = None,
) -> bytes:
    """Make one static TrueType face and return the file's bytes.

    `keep`: subset to these characters first (None: keep all). `axes`: instance of a
    variable font. `cmap_path`/`cmap_subfont`: take the character map from that font
    (same glyph set) instead of this one's, falling back to that font's own outlines if
    the glyph sets differ (then "bold" is drawn regular rather than wrong).
    """
    data = _prepared_source(path, subfont, keep, cmap_path, cmap_subfont)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    if axes and _is_default_location(font, axes):
        _drop_variations(font)
    elif axes:
        try:
            instantiateVariableFont(font, axes, inplace=True, updateFontNames=True)
        except ValueError:
            # No STAT table to derive names from: the unique PostScript name set below
            # is what matters to ReportLab.
            instantiateVariableFont(font, axes, inplace=True)
    if "CFF " in font:
        _cff_to_glyf(font)
    _rename(font, ps_name)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
