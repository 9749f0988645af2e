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
import os
import sys
from pathlib import Path

import platformdirs
import pyphen

from .font_cache import CACHE_ENV, atomic_write

FORMAT = 1  # bump when what is saved changes


def cache_folder() -> Path:
    base = os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("brochure")
    return Path(base) / "hyphenation"


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
    saved = cache_folder() / f"{name}-{key[:20]}.marshal"
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
        atomic_write(saved, data)
    except OSError:
        pass  # a read-only cache folder costs time, not correctness
    return hd
