"""Every change we make to ReportLab, in one place, installed once on purpose.

ReportLab offers no hooks for these, so a few of its functions are replaced (each
replacement lives beside the code it concerns, with a docstring that says why) and two
settings changed. `install()` runs before a layout's first use (`brochure.layouts` calls
it from every layout record); it is idempotent, and `installed()` lets a test check.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab import rl_config
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.frames import Frame

from brochure.layouts.bounds import checked_add
from brochure.layouts.framecopy import copy_frame
from brochure.layouts.measuring import measured_draw_on
from brochure.pdf.formatting import (
    format_array,
    format_dictionary,
    format_reference,
    format_string,
    format_value,
)
from brochure.pdf.gstate import pop_state_stack, push_state_stack, translate
from brochure.pdf.streams import deflate, make_subset, to_unicode_cmap
from brochure.story.linebreaks import (
    hy_gen_frags_pair,
    hy_gen_pair,
    same_frag,
    shy_unsplit,
    uri_split_pairs,
)
from brochure.story.styles import CJK_CANNOT_START

# (owner, attribute, our replacement, why)
FUNCTIONS: list[tuple[object, str, Callable, str]] = [
    (rl_paragraph, "sameFrag", same_frag, "the same test as the C one, 4x faster"),
    (rl_paragraph, "_uri_split_pairs", uri_split_pairs, "addresses break after / . - _ ? & ="),
    (rl_paragraph, "_hyGenPair", hy_gen_pair, "no short piece after a compound's hyphen"),
    (rl_paragraph, "_hyGenFragsPair", hy_gen_frags_pair, "the same, across fonts"),
    (rl_paragraph, "_shyUnsplit", shy_unsplit, "a word's own hyphen survives a page split"),
    (Flowable, "drawOn", measured_draw_on,
     "marked content around tagged flowables; nothing drawn in measuring builds"),
    (Frame, "add", checked_add, "every drawn flowable measured against its frame"),
    (Frame, "_add", checked_add, "the same, under the name platypus also calls"),
    (Frame, "__deepcopy__", copy_frame, "KeepTogether's frame copies, 5x faster"),
    (Canvas, "push_state_stack", push_state_stack, "a flowable's saved state in one step"),
    (Canvas, "pop_state_stack", pop_state_stack, "the same state back in one step"),
    (Canvas, "translate", translate, "a flowable's move without the general transform"),
    (PDFStreamFilterZCompress, "encode", deflate, "a stream compressed once per process"),
    (TTFontFile, "makeSubset", make_subset, "a font subset made once per process"),
    (ttfonts, "makeToUnicodeCMap", to_unicode_cmap, "a subset's ToUnicode map made once"),
    (pdfdoc, "format", format_value, "names and numbers formatted without detours"),
    (pdfdoc.PDFDictionary, "format", format_dictionary, "its keys' names made once"),
    (pdfdoc.PDFArray, "format", format_array, "the same, for arrays"),
    (pdfdoc.PDFObjectReference, "format", format_reference, "`N 0 R` in one step"),
    (pdfdoc.PDFString, "format", format_string, "the same strings escaped once"),
]


def _kinsoku(have: str) -> str:
    """ReportLab's no-line-start list plus the CJK punctuation it lacks."""
    return have + "".join(c for c in CJK_CANNOT_START if c not in have)


_DONE = False


def install() -> None:
    """Put every replacement in place, once per process."""
    global _DONE
    if _DONE:
        return
    _DONE = True
    for owner, name, replacement, _why in FUNCTIONS:
        setattr(owner, name, replacement)
    for module in (textsplit, rl_paragraph):
        module.ALL_CANNOT_START = _kinsoku(module.ALL_CANNOT_START)
    # Streams Flate-compressed only, not also ASCII85-encoded (a quarter bigger, and the
    # PDF finish then had to decode and re-encode them).
    rl_config.useA85 = 0


def installed() -> bool:
    """Whether every replacement and setting is in place."""
    functions = all(getattr(owner, name) is fn for owner, name, fn, _ in FUNCTIONS)
    kinsoku = all(set(CJK_CANNOT_START) <= set(m.ALL_CANNOT_START)
                  for m in (textsplit, rl_paragraph))
    return functions and kinsoku and rl_config.useA85 == 0
