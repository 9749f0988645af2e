"""ReportLab's object formatting, the same bytes in fewer steps.

Saving a brochure formats some 1,600 values through `pdfdoc.format` (names, numbers,
dictionaries, arrays, references): a name goes through `PDFName`'s character loop and
the `extpdfdoc` codec every time, a number through four type tests. These are drop-in
replacements with fast paths for the common types and ReportLab's own code for the
rest; `layouts.patches` installs them. Each returns exactly what the original returns
(tests/pdf/test_formatting.py compares them value by value).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

from brochure.memo import MISSING, Memo

_rl_format = pdfdoc.format
# ReportLab's own functions, which these replace (tests compare the two).
REPORTLAB = {
    (pdfdoc, "format"): pdfdoc.format,
    (pdfdoc.PDFDictionary, "format"): pdfdoc.PDFDictionary.format,
    (pdfdoc.PDFArray, "format"): pdfdoc.PDFArray.format,
    (pdfdoc.PDFObjectReference, "format"): pdfdoc.PDFObjectReference.format,
    (pdfdoc.PDFString, "format"): pdfdoc.PDFString.format,
}
_rl_string = pdfdoc.PDFString.format
_NUMBERS = {int, float}
_TEN_SEPARATOR = b" \n  "  # between the 10th item and the 11th: " " + "\n " + " "
_LONG = 32  # number arrays this long (a font's /Widths) are remembered: fp_str is slow
_NUMBER_ARRAYS: Memo[tuple, bytes] = Memo("pdf.numbers", 256)
_SHORT = 64  # strings this long or shorter (names, mostly) are remembered encoded


@lru_cache(maxsize=2048)
def _encoded(text: str) -> bytes:
    return pdfdoc.pdfdocEnc(text)


@lru_cache(maxsize=1024)
def _key(name: str) -> bytes:
    """A dictionary key as PDFDictionary writes it: `/Name`, escaped, encoded."""
    return pdfdoc.pdfdocEnc(pdfdoc.PDFName(name))


def format_value(element: Any, document: Any, toplevel: int = 0) -> bytes:
    """`pdfdoc.format`: a str, number or bytes directly, anything else as ReportLab does."""
    kind = type(element)
    if kind is str:
        return _encoded(element) if len(element) <= _SHORT else pdfdoc.pdfdocEnc(element)
    if kind is int or kind is float:
        return fp_str(element).encode("ascii")
    if kind is bytes:
        return element
    return _rl_format(element, document, toplevel)


def format_dictionary(self: pdfdoc.PDFDictionary, document: Any, IND: bytes = b"\n ") -> bytes:
    """`PDFDictionary.format` with its keys' encoded names remembered."""
    entries = self.dict
    keys = list(entries.keys())
    if not isinstance(entries, OrderedDict):
        keys.sort()
    fmt = pdfdoc.format
    lines = [_key(k) + b" " + fmt(entries[k], document) for k in keys]
    return b"<<\n" + _laid_out(lines, _multiline(self), IND, every=6) + b"\n>>"


def format_array(self: pdfdoc.PDFArray, document: Any, IND: bytes = b"\n ") -> bytes:
    """`PDFArray.format`, its items through `format_value`; an array of numbers only (a
    font's /Widths) written ten at a time by `fp_str`."""
    sequence = self.sequence
    multiline = _multiline(self)
    if not multiline and set(map(type, sequence)) <= _NUMBERS:
        if len(sequence) < _LONG:
            return _numbers(sequence)
        key = tuple(sequence)  # equal numbers are written alike: 1 == 1.0 → "1"
        found = _NUMBER_ARRAYS.get(key)
        if found is MISSING:
            found = _NUMBER_ARRAYS.put(key, _numbers(sequence))
        return found
    fmt = pdfdoc.format
    items = [fmt(e, document) for e in sequence]
    return b"[ " + _laid_out(items, multiline, IND, every=10) + b" ]"


def _multiline(obj: pdfdoc.PDFDictionary | pdfdoc.PDFArray) -> bool:
    return bool((obj.multiline and rl_config.pdfMultiLine) or obj.multiline == "forced")


def _laid_out(items: list[bytes], multiline: bool, indent: bytes, every: int) -> bytes:
    """A dictionary's entries or an array's items as ReportLab lays them out: one per
    line, or side by side with a line break after every `every` of them."""
    if multiline:
        return indent.join(items)
    for i in reversed(range(every, len(items), every)):
        items.insert(i, b"\n ")
    return b" ".join(items)


def _numbers(sequence: list) -> bytes:
    return b"[ " + _TEN_SEPARATOR.join([
        fp_str(*sequence[i : i + 10]).encode("ascii")
        for i in range(0, len(sequence), 10)]) + b" ]"


def format_reference(self: pdfdoc.PDFObjectReference, document: Any) -> bytes:
    """`PDFObjectReference.format`: `N 0 R`."""
    try:
        return b"%d %d R" % document.idToObjectNumberAndVersion[self.name]
    except KeyError:
        raise KeyError(
            f"forward reference to {self.name!r} not resolved upon final formatting") from None


class _Unencrypted:
    """All of a document that `PDFString.format` reads: its (absent) encryption."""

    encrypt = pdfdoc.NoEncryption()


_UNENCRYPTED = _Unencrypted()


@lru_cache(maxsize=1024)
def _string(text: str | bytes, enc: str, escape: int, unicode_enc_valid: bool) -> bytes:
    string = pdfdoc.PDFString(text, escape, enc)
    string.unicodeEncValid = unicode_enc_valid
    return _rl_string(string, _UNENCRYPTED)


def format_string(self: pdfdoc.PDFString, document: Any) -> bytes:
    """`PDFString.format` (titles, link addresses, dates: the same few each build),
    remembered by everything it reads when the document is not encrypted."""
    if type(document.encrypt) is not pdfdoc.NoEncryption:
        return _rl_string(self, document)
    text = self.s
    if type(text) is not str and type(text) is not bytes:
        return _rl_string(self, document)  # an error, or a str subclass: as ReportLab says
    return _string(text, getattr(self, "enc", "auto"), getattr(self, "escape", 1),
                   self.unicodeEncValid)
