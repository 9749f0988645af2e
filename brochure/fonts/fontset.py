"""Fonts: which embedded TrueType font draws which character, per language.

The stacks are data (`fonts.yaml`): per language a body family and fallbacks. Only
fonts from PyPI packages are used and always embedded, never system or base-14 fonts.
Faces that ReportLab cannot use as shipped (variable fonts, CFF-flavoured CJK) are
built once with fontTools and cached on disk (see `fonts.cache`), lazily: a language only
pays for the families its text needs.

CJK: Noto Sans CJK has CFF outlines, which ReportLab refuses, and converting a whole
font takes ~40 s. So each document gets a subset of the characters it uses (plus
ASCII and CJK punctuation), converted to TrueType outlines in ~0.5 s and cached by
character set: `FontSet.prepare(text)` with the whole document text before layout.
The family's ReportLab names carry a hash of the character set, so `FontSet.body` (and
the family objects `runs` returns) change after `prepare`. Bold is real (the Japanese
Bold's outlines through the regional character map, see fonts.yaml); italic is upright.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from brochure.files import CACHE_ENV
from brochure.fonts.cache import CACHE_FORMAT, Store, cache_root, digest
from brochure.fonts.config import (
    FACES,
    FamilySpec,
    FontError,
    FontTable,
    Ranges,
    load_table,
    merge_ranges,
    ranges_of,
    stack_for,
)
from brochure.fonts.coverage import Coverage, clusters_of, ignorable, needed, neutral
from brochure.memo import MISSING, Memo
from brochure.records import record

__all__ = [
    "CACHE_ENV", "FontError", "FontFamily", "FontSet", "Progress", "clear_process_cache",
    "fontset_for", "stack_for",
]

Progress = Callable[[str], None]

# Per-document CJK font files kept per family (two per document: regular and bold),
# oldest deleted first; 50-400 KB each.
PER_TEXT_KEEP = 100

_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}


@record(frozen=True)
class FontFamily:
    """One typeface in four faces, each registered with ReportLab under its own name.

    `registerFontFamily(name, ...)` has been called, so `<b>`/`<i>` inside a
    `<font name=...>` tag in a Paragraph pick the right face. A family without a real
    italic (Arabic, Devanagari, CJK) names its upright faces for the italic ones. The
    names of a per-document CJK subset end in a hash of its characters
    ("NotoSansCJKsc-1a2b3c4d5e"): compare families, not names.
    """

    name: str                 # family name = ReportLab name of the regular face
    regular: str              # ReportLab font names of the four faces
    bold: str
    italic: str
    bold_italic: str
    paths: dict[str, Path] = field(hash=False)  # face -> TTF file
    rtl: bool = False         # the script is written right to left (Arabic, Hebrew, ...)

    @property
    def has_italic(self) -> bool:
        return self.italic != self.regular

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The ReportLab font name for a face. Emphasis exists in every script: where a
        family has no italic (Arabic, CJK, Devanagari), italic text is set in bold."""
        if italic and not self.has_italic:
            return self.bold
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


# -- the font set ------------------------------------------------------------------------


# A text's runs as (text, family index), and the code points each per-text family needs.
_RunsPlan = tuple[tuple[tuple[str, int], ...], tuple[tuple[int, frozenset[int]], ...]]


class FontSet:
    """The fonts one language's brochure uses: a body family and per-script fallbacks.

    Families are built and registered on first use. Methods are thread-safe.
    """

    def __init__(self, lang: str, stack: tuple[str, ...], table: FontTable, store: Store,
                 progress: Progress | None = None) -> None:
        self.lang = lang
        self.progress = progress
        self._specs = [table.families[k] for k in stack]
        self._store = store
        self._lock = threading.RLock()
        self._coverage: dict[str, Coverage] = {}
        self._families: dict[str, FontFamily] = {}
        # Counts changes of the families: a font's faces renamed (a CJK subset grown) or
        # a fallback family made. What was worked out from `runs` holds until it moves.
        self.generation = 0
        self._charsets: dict[str, Ranges] = {}     # per-text families: current subset
        # What depends only on the families' coverage, memoised per font set: every build
        # of a brochure assigns the same words and texts again (CJK: character by character).
        self._word_memo: Memo[str, int | None] = Memo("fonts.word", 100_000)
        # (Weights: clusters and runs kept, ~0.1 KB each.)
        self._assign_memo: Memo[str, tuple[tuple[str, int], ...]] = Memo(
            "fonts.assign", 20_000, max_weight=100_000, weigh=len)
        self._runs_memo: Memo[str, _RunsPlan] = Memo(
            "fonts.runs", 20_000, max_weight=100_000, weigh=lambda plan: len(plan[0]))
        self._has_all_memo: Memo[str, bool] = Memo("fonts.has_all", 8_192)  # texts ~0.2 KB
        # Per-text families: (current subset, its coverage, code point sets known to be in it)
        self._in_charset: dict[str, tuple[Ranges, Coverage, set[frozenset[int]]]] = {}
        self._body_chars: set[str] = set()          # characters the body family draws
        if not self._specs[0].per_text:
            self.body  # noqa: B018 - build and register now, not mid-layout

    @property
    def body(self) -> FontFamily:
        """The family for the language's own text (it has all of its letters).

        For CJK, `prepare` the document text first: before that, the body font is only
        a subset of ASCII and punctuation, built on first access.
        """
        with self._lock:
            return self._family(self._specs[0])

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self._specs[0].rtl

    def prepare(self, text: str) -> None:
        """Make sure every character of `text` can be drawn (may build cached subsets).

        Call with the whole document text before layout: it builds the fallback
        families the text needs, and the CJK subset for exactly this text's characters
        (so the same text always gives the same font).
        """
        with self._lock:
            if not self._specs[0].per_text and self._body_has_all(text):
                self._family(self._specs[0])
                return
            chars: dict[int, set[int]] = {}
            if self._body_has_all(text):
                # The body family has every character: `_assign` would give each cluster
                # to it (its words first, then the neutral characters beside them), and
                # assigning a whole document cluster by cluster is a third of a warm
                # Chinese build, done again for every edit of its text.
                chars[0] = set(needed(text))
            else:
                for cluster, idx in self._assign(text):
                    chars.setdefault(idx, set()).update(needed(cluster))
            chars.setdefault(0, set())
            for idx in sorted(chars):
                spec = self._specs[idx]
                if spec.per_text:
                    self._set_charset(spec, chars[idx], extend=False)
                else:
                    self._family(spec)

    def runs(self, text: str) -> list[tuple[str, FontFamily]]:
        """Split text into maximal runs, each drawn by the first family that has all its
        characters: the body family first, then the fallbacks.

        A word (letters and marks between spaces/punctuation) is kept in one family when
        one has all of it. Spaces, punctuation and digits stay with the run before them
        (else the one after) when its font has them. Characters no font has stay in the
        surrounding run. Characters that were not `prepare`d are added to the CJK subset
        here, as a safety net: this builds a new subset (about 0.5 s).
        """
        with self._lock:
            if not self._specs[0].per_text and self._body_has_all(text):
                return [(text, self._family(self._specs[0]))] if text else []
            parts, needs = self._runs_plan(text)
            for idx, need in needs:
                self._set_charset(self._specs[idx], need, extend=True)
            return [(part, self._family(self._specs[idx])) for part, idx in parts]

    def _runs_plan(self, text: str) -> _RunsPlan:
        """The runs of `text` as (text, family index), and the code points each per-text
        family must have for them; memoised like `_assign`."""
        plan = self._runs_memo.get(text)
        if plan is not MISSING:
            return plan
        merged: list[tuple[list[str], int]] = []
        for cluster, idx in self._assign(text):
            if merged and merged[-1][1] == idx:
                merged[-1][0].append(cluster)
            else:
                merged.append(([cluster], idx))
        parts = tuple(("".join(clusters), idx) for clusters, idx in merged)
        needs = tuple(
            (idx, frozenset(c for part, i in parts if i == idx for c in needed(part)))
            for idx in sorted({idx for _, idx in parts})
            if self._specs[idx].per_text
        )
        return self._runs_memo.put(text, (parts, needs))

    def missing(self, text: str) -> list[str]:
        """Characters of text that no configured font can draw, in order, no repeats."""
        with self._lock:
            if self._body_has_all(text):
                return []
            out: dict[str, None] = {}
            for ch in text:
                if ch in out or ignorable(ch):
                    continue
                cp = ord(ch)
                if not any(cp in self._cov(spec) for spec in self._specs):
                    out[ch] = None
            return list(out)

    # -- assignment ------------------------------------------------------------------------

    def _body_has_all(self, text: str) -> bool:
        """Whether the body family draws every character of `text`.

        This is nearly always true (a brochure is mostly in its own language), and then
        the text is one run in the body font: a set lookup instead of a per-word search.
        Remembered per text: the body family's coverage never changes.
        """
        found = self._has_all_memo.get(text)
        if found is MISSING:
            found = self._has_all_memo.put(text, self._body_draws(text))
        return found

    def _body_draws(self, text: str) -> bool:
        chars = set(text)
        if chars <= self._body_chars:
            return True
        cov = self._cov(self._specs[0])
        for ch in chars - self._body_chars:
            if ignorable(ch) or ord(ch) in cov:
                self._body_chars.add(ch)
            else:
                return False
        return True

    def _first(self, chars: str) -> int | None:
        """Index of the first family that has all of `chars`, memoised."""
        found = self._word_memo.get(chars)
        if found is not MISSING:
            return found
        need = needed(chars)
        found = None
        for i, spec in enumerate(self._specs):
            cov = self._cov(spec)
            if all(cp in cov for cp in need):
                found = i
                break
        return self._word_memo.put(chars, found)

    def _covers(self, idx: int, cluster: str) -> bool:
        cov = self._cov(self._specs[idx])
        return all(cp in cov for cp in needed(cluster))

    def _assign(self, text: str) -> tuple[tuple[str, int], ...]:
        """Each cluster of `text` with the index of the family that draws it.

        Memoised: it depends only on the families' coverage, and every build of a
        brochure assigns the same texts again (CJK: all of them, character by character).
        """
        found = self._assign_memo.get(text)
        if found is MISSING:
            found = self._assign_memo.put(text, tuple(self._assign_clusters(text)))
        return found

    def _assign_clusters(self, text: str) -> list[tuple[str, int]]:
        clusters = clusters_of(text)
        n = len(clusters)
        idx: list[int | None] = [None] * n
        # Words first: a word goes to the first family that has all of it.
        i = 0
        while i < n:
            if neutral(clusters[i][0]):
                i += 1
                continue
            j = i
            while j < n and not neutral(clusters[j][0]):
                j += 1
            whole = self._first("".join(clusters[i:j]))
            for k in range(i, j):
                idx[k] = whole if whole is not None else self._first(clusters[k])
            i = j
        # Then the rest (neutral and unknown): the family of the word before, else of the
        # word after, else the first that has it (a lone space the body font lacks, such
        # as U+202F in French, must not drag the next punctuation into another font).
        after: list[int | None] = [None] * n      # the next word's family
        for k in range(n - 2, -1, -1):
            after[k] = idx[k + 1] if idx[k + 1] is not None else after[k + 1]
        out: list[tuple[str, int]] = []
        prev: int | None = None                    # the previous word's family
        for k in range(n):
            choice = idx[k]
            if choice is not None:
                prev = choice
            else:
                nxt = after[k]
                choice = next((c for c in (prev, nxt) if c is not None
                               and self._covers(c, clusters[k])), None)
                if choice is None:
                    own = self._first(clusters[k])
                    choice = own if own is not None else prev if prev is not None else nxt
            out.append((clusters[k], choice or 0))
        return out

    # -- coverage --------------------------------------------------------------------------

    def _cov(self, spec: FamilySpec) -> Coverage:
        cov = self._coverage.get(spec.key)
        if cov is None:
            cov = self._coverage[spec.key] = Coverage(self._load_coverage(spec))
        return cov

    def _cmap_sources(self, spec: FamilySpec) -> list[tuple[Path, str | None]]:
        """The distinct (file, subfont) whose character maps the faces use."""
        out: dict[tuple[Path, str | None], None] = {}
        for face in spec.faces.values():
            src = spec.faces[face.cmap_from] if face.cmap_from else face
            out[(src.path(), src.subfont)] = None
        return list(out)

    def _load_coverage(self, spec: FamilySpec) -> Ranges:
        """What every face of the family can draw: from the cache, else the fonts."""
        sources = self._cmap_sources(spec)
        key = digest({
            "format": CACHE_FORMAT,
            "sources": [[self._store.source_hash(p), sub] for p, sub in sources],
            "keep": spec.keep,
        })
        cached = self._store.load_ranges(spec.name, key)
        if cached is not None:
            return cached
        from brochure.fonts import build as font_build  # fontTools: ~0.1 s, only when needed

        common: set[int] | None = None
        for path, sub in sources:
            cps = font_build.codepoints(path, sub)
            common = cps if common is None else common & cps
        ranges = ranges_of(common or ())
        if spec.keep is not None:
            keep = Coverage(spec.keep)
            ranges = ranges_of(c for lo, hi in ranges for c in range(lo, hi + 1) if c in keep)
        self._store.save_ranges(spec.name, key, ranges)
        return ranges

    # -- building and registering --------------------------------------------------------

    def _set_charset(self, spec: FamilySpec, cps: Iterable[int], extend: bool) -> None:
        current = self._charsets.get(spec.key)
        known = self._in_charset.get(spec.key)
        if (extend and current is not None and known is not None and known[0] is current
                and isinstance(cps, frozenset) and cps in known[2]):
            return  # these code points were found in this very subset before
        cov = self._cov(spec)
        wanted = {c for c in cps if c in cov}
        if extend and current is not None:
            if known is None or known[0] is not current:
                known = self._in_charset[spec.key] = (current, Coverage(current), set())
            if all(c in known[1] for c in wanted):
                if isinstance(cps, frozenset):
                    known[2].add(cps)
                return
            wanted.update(c for lo, hi in current for c in range(lo, hi + 1))
        charset = merge_ranges([*spec.base, *((c, c) for c in wanted)])
        if charset != current:
            self._charsets[spec.key] = charset
            self._families[spec.key] = self._materialize(spec)
            self.generation += 1

    def _family(self, spec: FamilySpec) -> FontFamily:
        family = self._families.get(spec.key)
        if family is None:
            family = self._families[spec.key] = self._materialize(spec)
            self.generation += 1
        return family

    def _materialize(self, spec: FamilySpec) -> FontFamily:
        """Build (or find in the cache) and register the family's faces."""
        keep = spec.keep
        base_name = spec.name
        if spec.per_text:
            keep = self._charsets.setdefault(spec.key, spec.base)
            base_name = f"{spec.name}-{digest(keep)[:10]}"
        names = {face: base_name + _SUFFIX[face] for face in spec.faces}
        if not spec.generated:
            paths = {face: f.path() for face, f in spec.faces.items()}
        else:
            paths = {face: self._store.font_path(name, self._key(spec, face, name, keep))
                     for face, name in names.items()}
            if not all(self._store.verified(p) for p in paths.values()):
                self._build_faces(spec, names, paths, keep, announce=True)
        for face, name in names.items():
            try:
                _register(name, paths[face])
            except Exception:
                if not spec.generated:
                    raise
                # A cached file that does not load (cut short by a crash, deleted by a
                # concurrent prune): build it again, once.
                paths[face].unlink(missing_ok=True)
                self._build_faces(spec, names, paths, keep, announce=False)
                _register(name, paths[face])
        faces = {face: names[spec.face_of[face]] for face in FACES}
        _register_family(faces)
        return FontFamily(
            name=faces["regular"], regular=faces["regular"], bold=faces["bold"],
            italic=faces["italic"], bold_italic=faces["bold_italic"],
            paths={face: paths[spec.face_of[face]] for face in FACES}, rtl=spec.rtl)

    def _key(self, spec: FamilySpec, face: str, name: str, keep: Ranges | None) -> str:
        """The cache key of a generated face: sources' content, parameters, format."""
        face_spec = spec.faces[face]
        cmap_src = spec.faces[face_spec.cmap_from] if face_spec.cmap_from else None
        return digest({
            "format": CACHE_FORMAT,
            "ps_name": name,
            "source": self._store.source_hash(face_spec.path()),
            "subfont": face_spec.subfont,
            "axes": face_spec.axes,
            "keep": keep,
            "cmap": None if cmap_src is None else [
                self._store.source_hash(cmap_src.path()), cmap_src.subfont],
        })

    def _build_faces(self, spec: FamilySpec, names: dict[str, str], paths: dict[str, Path],
                     keep: Ranges | None, announce: bool) -> None:
        """Build the faces whose files are missing, one process at a time per family."""
        with self._store.lock(spec.name):
            todo = [face for face in spec.faces if not self._store.verified(paths[face])]
            if todo and announce and self.progress is not None:
                self.progress(self._message(spec, keep))
            for face in todo:       # another process may have built them meanwhile
                self._build(spec, face, names[face], keep, paths[face])

    def _build(self, spec: FamilySpec, face: str, name: str, keep: Ranges | None,
               out: Path) -> None:
        from brochure.fonts import build as font_build  # fontTools: ~0.1 s, only here

        face_spec = spec.faces[face]
        cmap_src = spec.faces[face_spec.cmap_from] if face_spec.cmap_from else None
        data = font_build.build_face(
            face_spec.path(), ps_name=name, subfont=face_spec.subfont,
            axes=dict(face_spec.axes), keep=keep,
            cmap_path=None if cmap_src is None else cmap_src.path(),
            cmap_subfont=None if cmap_src is None else cmap_src.subfont)
        self._store.save_font(out, data)
        if spec.per_text:
            self._store.prune(f"{spec.name}-", keep=PER_TEXT_KEEP)

    @staticmethod
    def _message(spec: FamilySpec, keep: Ranges | None) -> str:
        if spec.per_text:
            count = sum(hi - lo + 1 for lo, hi in keep or ())
            return f"Preparing {spec.label} font for this text ({count} characters)…"
        return f"Preparing fonts for {spec.label} (first run only)…"


_REGISTER_LOCK = threading.Lock()


def _register(name: str, path: Path) -> None:
    """Register a TTF with ReportLab once per process."""
    with _REGISTER_LOCK:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))


def _register_family(faces: dict[str, str]) -> None:
    """registerFontFamily, then make each face name map back to its own style.

    With a face standing in for another (no italic: italic = regular), ReportLab's
    reverse map would otherwise say the regular face is italic.
    """
    regular = faces["regular"]
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=faces["bold"],
                                  italic=faces["italic"], boldItalic=faces["bold_italic"])
    addMapping(regular, 1, 0, faces["bold"])
    addMapping(regular, 0, 0, regular)


_SETS: dict[tuple[str, str], FontSet] = {}
_SETS_LOCK = threading.Lock()


def fontset_for(lang: str, progress: Progress | None = None) -> FontSet:
    """The (per-process cached) font set for a BCP 47 language tag.

    `progress` is called with a short message before slow first-run work (building
    fonts); the library itself never prints.
    """
    root = cache_root()
    key = (lang.strip().lower(), str(root))
    with _SETS_LOCK:
        fs = _SETS.get(key)
        if fs is None:
            table = load_table()
            fs = FontSet(lang, stack_for(lang, table), table, Store(root), progress)
            _SETS[key] = fs
        elif progress is not None:
            fs.progress = progress
        return fs


def clear_process_cache() -> None:
    """Forget the font sets built in this process (tests; ReportLab keeps its fonts)."""
    with _SETS_LOCK:
        _SETS.clear()
