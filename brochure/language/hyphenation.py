"""Hyphenation patterns read once per machine, not once per process.

ReportLab hyphenates with pyphen, which parses a language's pattern file in pure Python
the first time a process needs it: ~50 ms for English, in every cold `brochure build`
and in every `--all` worker. `prepare(lang)` puts pyphen's parsed patterns in its own
per-process cache (`pyphen.hdcache`) from a copy saved in the user cache folder, which
loads in ~3 ms. Hyphenation itself is pyphen's, unchanged; the saved copy is keyed by the
pattern file's content and the Python version, and anything wrong with it only means
parsing the file again.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pyphen

from brochure.files import cache_folder, write_atomically

FORMAT = 1  # bump when what is saved changes


def patterns_folder() -> Path:
    return cache_folder("hyphenation")


def prepare(lang: str | None) -> None:
    """Make pyphen's patterns for `lang` (a pyphen dictionary name) ready in this process."""
    if not lang:
        return
    name = pyphen.language_fallback(lang)
    path = pyphen.LANGUAGES.get(name) if name else None
    if path is None or path in pyphen.hdcache:
        return
    pyphen.hdcache[path] = _load(Path(path), name)


def _load(path: Path, name: str) -> pyphen.HyphDict:
    raw = path.read_bytes()
    key = hashlib.sha256(
        raw + f"|{FORMAT}|{marshal.version}|{sys.version_info[:2]}".encode()
    ).hexdigest()
    saved = patterns_folder() / f"{name}-{key[:20]}.marshal"
    try:
        patterns, maxlen = marshal.loads(saved.read_bytes())
        if isinstance(patterns, dict) and isinstance(maxlen, int):
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns, hd.maxlen, hd.cache = patterns, maxlen, {}
            return hd
    except (OSError, EOFError, ValueError, TypeError):
        pass
    hd = pyphen.HyphDict(path)
    try:
        data = marshal.dumps((hd.patterns, hd.maxlen))
    except ValueError:  # nonstandard patterns carry pyphen.DataInt: not saved, parsed each time
        return hd
    try:
        write_atomically(saved, data, durable=True)
    except OSError:
        pass  # a read-only cache folder costs time, not correctness
    return hd


def hyphenation_language(lang: str) -> str | None:
    """The pyphen dictionary for a language, or None where pyphen has none (e.g. vi, tl).

    ReportLab raises KeyError at wrap time for an unknown code, so it is checked here.
    """
    return pyphen.language_fallback(lang.replace("-", "_"))


@cache
def hyphenator(name: str) -> Callable[[str], Iterable[tuple[str, str]]]:
    """ReportLab's hyphenation callback for a pyphen dictionary: two letters at least
    before a break and three after it (never 'врача-' / 'ми.' alone on a line), and
    never inside a word with a capital after its first letter (aHSCT, iPSCs): a
    patient must not meet 'aH-' / 'SCT'."""
    prepare(name)
    dictionary = pyphen.Pyphen(lang=name, left=2, right=3)

    def pairs(word: str) -> Iterable[tuple[str, str]]:
        if any(ch.isupper() for ch in word[1:]):
            return ()
        # In a compound ('remitente-recurrente', 'какое-то') the limits hold for the part
        # the break falls in; a break right after the compound's own hyphen is fine.
        return [
            (head, tail) for head, tail in dictionary.iterate(word)
            if head.endswith("-")
            or (len(head.rsplit("-", 1)[-1]) >= 2 and len(tail.split("-", 1)[0]) >= 3)
        ]

    return pairs
