"""Language, word and sentence boundaries, for the formulas and the findings."""

from __future__ import annotations

import re
import unicodedata

# =========================================================================== language


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 tag: 'es-419' -> 'es', 'zh_Hant' -> 'zh'."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


_CHARACTER_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu", "th", "lo", "km", "my"})
_CJK_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu"})


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2FA1F
        or 0xF900 <= cp <= 0xFAFF
        or 0x3040 <= cp <= 0x30FF  # hiragana, katakana
        or 0x31F0 <= cp <= 0x31FF
        or 0xFF66 <= cp <= 0xFF9F  # half-width katakana
        or cp == 0x3005  # 々
    )


# =========================================================================== tokens


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M" or ch in "\u200c\u200d"


_WORD_JOINERS = "-\u2010\u2011'\u2019\u02bc"  # hyphens and apostrophes inside words
_NUMBER_JOINERS = ".,\u066b\u066c"  # decimal and group separators between digits


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word spans (start, end) in text.

    A word is a run of letters, marks and digits. Hyphens and apostrophes
    join word characters, so "disease-modifying" and "patient's" are each one
    word. '.' and ',' join digits, so "2.5" and "1,000" are one word. Numbers
    count as words.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if not _is_word_char(text[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            ch = text[j]
            if _is_word_char(ch):
                j += 1
            elif (
                j + 1 < n
                and _is_word_char(text[j + 1])
                and (
                    ch in _WORD_JOINERS
                    or (ch in _NUMBER_JOINERS and text[j - 1].isdigit() and text[j + 1].isdigit())
                )
            ):
                j += 2
            else:
                break
        if any(ch.isalnum() for ch in text[i:j]):
            spans.append((i, j))
        i = j
    return spans


# =========================================================================== sentences

_OPENERS = "\"'“‘«‹([{¿¡「『（【〔〈《"
_CLOSERS = "\"'”’»›)]}」』）】〕〉》"
# Terminators that end a sentence wherever they stand (no space follows in CJK).
_HARD_TERMINATORS = "。！？｡．।॥۔။።"
_TERMINATOR_RE = re.compile(
    r"(?P<term>\.{2,}|…|[.!?‼⁇⁈⁉؟]+|[" + _HARD_TERMINATORS + r"]+)"
    r"[" + re.escape(_CLOSERS) + r"]*"
)

# Abbreviations that never end a sentence: titles before a name, and
# "for example" forms. Matched lower-cased, without the final period.
_TITLES = frozenset(
    """
    mr mrs ms dr drs prof sr sra srta sres dra st mme mlle hr fr dott sig ing lic
    rev gen capt col lt sgt gov sen rep hon pres profa dña ud uds vd vds
    """.split()
)
_IN_SENTENCE = frozenset(
    """
    e.g i.e eg vs cf approx ca z.b d.h u.a bzw vgl ggf evtl p.ex p.ej ej aprox
    c.-à-d resp incl esp
    """.split()
)
# Abbreviations that are not final when a number follows: "No. 5", "p. 12".
_BEFORE_NUMBER = frozenset(
    """
    no nos nr núm num art fig vol p pp pág págs pag s ch cap tel n nº op
    """.split()
)
_ENUMERATOR_RE = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})[.)]\s*")


def _is_abbreviation(token: str, next_char: str) -> bool:
    bare = token.rstrip(".")
    t = bare.lower()
    if "." in bare and bare.replace(".", "").isalpha() and bare.replace(".", "").isupper():
        return True  # an initialism, "U.S. Food", "EE.UU.": taken as mid-sentence
    if len(bare) == 2 and bare.isupper() and bare[0] == bare[1]:
        return True  # Spanish doubled-initial plurals: "EE. UU.", "FF. AA."
    if t in _TITLES and not (len(bare) > 1 and bare.isupper()):
        return True  # "Ms. Lee" is a title; "MS." (multiple sclerosis) ends a sentence
    if t in _IN_SENTENCE:
        return True
    if t in _BEFORE_NUMBER and next_char.isdigit():
        return True
    # A single letter is an initial: "John F. Kennedy", "z. B.".
    return len(t) == 1 and t.isalpha()


def _raw_boundaries(text: str) -> list[int]:
    """Offsets just after each sentence end inside one item."""
    ends: list[int] = []
    for m in _TERMINATOR_RE.finditer(text):
        term = m.group("term")
        end = m.end()
        if term[0] in _HARD_TERMINATORS:
            if term == "．" and 0 < m.start() and text[m.start() - 1].isdigit():
                if end < len(text) and text[end].isdigit():
                    continue  # full-width decimal point
            ends.append(end)
            continue
        rest = text[end:]
        if rest and not rest[0].isspace():
            continue  # 2.5, U.S., e.g., "word.Next"
        stripped = rest.lstrip().lstrip(_OPENERS)
        if not stripped:
            ends.append(end)
            continue
        next_char = stripped[0]
        if any(ch in term for ch in "!?‼⁇⁈⁉؟"):
            ends.append(end)
            continue
        # A period or an ellipsis: not a boundary before a lower-case letter.
        if next_char.islower():
            continue
        if term == ".":
            before = text[: m.start()]
            token = re.split(r"\s", before)[-1].lstrip(_OPENERS)
            if token and _is_abbreviation(token, next_char):
                continue
        ends.append(end)
    return ends


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans (start, end) in one item, whitespace trimmed.

    Ends: . ! ? … ‼ and Arabic ؟ (before a space or the end of the item);
    CJK 。！？ and Devanagari । ॥ (anywhere). The Arabic comma ، and semicolon ؛
    do not end a sentence, and neither do Latin commas and semicolons.
    A period does not end a sentence inside a number (2.5, 3.5%), inside
    "U.S." or "e.g.", before a lower-case word, after an upper-case
    initialism (U.S., EE. UU.), after a title (Dr., Sra.; not "MS."),
    after a single-letter initial, or after No./p./art. before a number.
    An opening ¿ or ¡ starts a sentence. An enumerator ("1.", "b)") or a
    number alone is joined to the next sentence, and stray punctuation to
    the previous one. The end of the item always ends a sentence. `lang` is
    kept for per-language rules; today the rules are the same for every
    language.
    """
    del lang  # the rules above are script-driven
    cuts = _raw_boundaries(text)
    if not cuts or cuts[-1] != len(text):
        cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    start = 0
    pending: int | None = None  # start of a letterless fragment waiting to merge
    for cut in cuts:
        s, e = _trim(text, start, cut)
        start = cut
        if s >= e:
            continue
        piece = text[s:e]
        has_letters = any(ch.isalpha() for ch in piece)
        if _ENUMERATOR_RE.fullmatch(piece) or (not has_letters and any(map(str.isdigit, piece))):
            pending = s if pending is None else pending  # "1." or "b)": joins the next one
            continue
        if not has_letters:
            if spans and pending is None:
                spans[-1] = (spans[-1][0], e)  # a stray "..." or ")": joins the last one
            elif pending is None:
                pending = s
            continue
        if pending is not None:
            s, pending = pending, None
        spans.append((s, e))
    if pending is not None:
        s, e = _trim(text, pending, len(text))
        if spans:
            spans[-1] = (spans[-1][0], e)
        elif s < e:
            spans.append((s, e))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


