"""Readability engine for the health-literacy gate: counts, published formulas, findings.

Input is plain text (markup already removed) as `TextItem`s. Each item is a
paragraph, bullet, step or FAQ entry and carries its source location. Output
is a `ReadabilityReport` for one scope: a section, or the whole document.
Scopes are aggregated by concatenation: counts are summed before any formula
runs, and grades are never averaged.

Formulas, per primary language subtag, only where a published formula exists.
Each was checked against a published source (see `FORMULAS`):

  en  Flesch Reading Ease   206.835 - 1.015 W/S - 84.6 Y/W      Flesch 1948
      Flesch-Kincaid grade  0.39 W/S + 11.8 Y/W - 15.59          Kincaid et al. 1975
      SMOG grade            1.0430 sqrt(P * 30 / S) + 3.1291     McLaughlin 1969
  es  Fernandez-Huerta      206.84 - 60 Y/W - 1.02 W/S           Fernandez Huerta 1959,
                                                                 as corrected by Law 2011
      Szigriszt-Pazos       206.835 - 62.3 Y/W - W/S             Szigriszt 1993; labels from
                                                                 the INFLESZ scale, Barrio 2008
  fr  Kandel-Moles          207 - 1.015 W/S - 73.6 Y/W           Kandel & Moles 1958
  de  Amstad                180 - W/S - 58.5 Y/W                 Amstad 1978
  it  Gulpease              89 + (300 S - 10 L) / W              Lucisano & Piemontese 1988
  pt  Flesch (Martins)      248.835 - 1.015 W/S - 84.6 Y/W       Martins et al. 1996

  (W words, S sentences, Y syllables, P words of 3+ syllables, L letters)

Fernandez-Huerta: it is often printed as 206.84 - 0.60 P - 1.02 F, with P the
syllables per 100 words and F the *sentences* per 100 words. In that form more
sentences would make a text harder. Law (2011, LINGUIST List 22.2332) showed
that F must be the mean sentence length in words, and legible.es and koRpus
use that form. This module uses it.

Every other language gets counts and `formula=None` with a reason, never a
grade. This includes zh, ja, ko, vi, ar, fa, ru, hi, tl, ht and pl. zh and
ja have no spaces between words, so their lengths are counted in characters.

English syllable counter: on the 30,000 most frequent English words that are
in the CMU Pronouncing Dictionary, it matches CMUdict's first pronunciation
for 95.6% of word types and 98.8% of running-text tokens (frequency
weighted). Its mean syllables per word is 1.475 against CMUdict's 1.481, a
bias of -0.07 Flesch-Kincaid grades. Measured with wordfreq 3.1.1 and cmudict
1.1.3 at development time; neither is a runtime dependency.

Hard-word rule: see `TermFinding` and `Glossary`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from brochure.readability_syllables import count_syllables, supports_syllables

__all__ = [
    "FORMULAS",
    "DocumentReadability",
    "Formula",
    "Glossary",
    "ReadabilityConfig",
    "ReadabilityReport",
    "SentenceFinding",
    "Status",
    "TermFinding",
    "TextItem",
    "count_syllables",
    "load_glossary",
    "primary_language",
    "score",
    "score_document",
    "score_sections",
    "split_sentences",
    "tokenize",
]


# =========================================================================== data types


@dataclass(frozen=True)
class TextItem:
    """One piece of plain text and where it came from.

    Each item is its own unit. A sentence never runs from one item into the
    next, so a bullet without a final full stop still ends its sentence.
    `line` and `column` are 1-based and point to the first character of
    `text`.
    """

    text: str
    file: str = "<text>"
    line: int = 1
    column: int = 1
    section: str | None = None


@dataclass(frozen=True)
class ReadabilityConfig:
    """Thresholds for the gate and the findings.

    grade_target and grade_error are US school grades. Flesch-Kincaid (or SMOG,
    via `grade_formula`) is compared with them directly. The ease formulas of
    other languages are compared through the published tables that tie their
    score bands to school years (`Formula.target_ease` / `error_ease`). These
    only exist for the defaults 6 and 8.
    hard_word_syllables=None uses the per-language default: 4 for en/fr, 5 for
    es/pt/it/de. Words in those languages are about a syllable longer on
    average, so 4 would flag everyday words such as "importante".
    """

    grade_target: float = 6.0
    grade_error: float = 8.0
    max_sentence_words: int = 25
    max_sentence_chars: int = 40  # zh/ja: a convention for plain language, not validated
    hard_word_syllables: int | None = None
    grade_formula: Literal["flesch_kincaid_grade", "smog"] = "flesch_kincaid_grade"
    glossary_dir: Path | None = None  # None: the glossaries shipped in brochure/glossary


@dataclass(frozen=True)
class SentenceFinding:
    """A sentence longer than the configured maximum."""

    text: str
    length: int  # in words, or in characters for zh/ja
    unit: Literal["words", "characters"]
    file: str
    line: int
    column: int
    section: str | None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class TermFinding:
    """A hard word with no plain explanation near its first use in the scope.

    Hard words are glossary terms (kind "glossary") and words with at least
    `hard_word_syllables` syllables (kind "long_word"). Words on the
    glossary's commonly-known list are never hard, and neither are Romance
    adverbs in -mente, numbers, words with digits (COVID-19) or all-capital
    acronyms. List an acronym in the glossary to have it checked.
    A term counts as explained when, at its first use in the scope:
      1. one of its glossary plain phrases appears in the same item or the
         next item, or
      2. it is followed directly by a parenthesis or a dash: "lumbar puncture
         (spinal tap)", "myelin - the coating on nerves".
    Only the first use counts, as in the plain-language rule "explain at
    first use". `occurrences` counts every use in the scope.
    """

    term: str  # as written at its first use
    key: str  # glossary entry or lower-cased word
    kind: Literal["glossary", "long_word"]
    syllables: int | None
    plain: tuple[str, ...]  # suggested plain words, from the glossary
    occurrences: int
    file: str
    line: int
    column: int
    section: str | None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


Status = Literal["ok", "above_target", "above_error", "unscored"]


@dataclass(frozen=True)
class ReadabilityReport:
    """Readability of one scope: a section or the whole document.

    scores maps formula name to its value, rounded to 1 decimal. It is empty
    when the language has no formula (`formula` is None and `reason` says
    why). `gate_formula` names the score that `status` uses, and `grade` is
    its value when that score is a grade (English). average/longest sentence
    lengths are in `unit`: words, or characters for zh/ja.
    """

    language: str
    scope: str | None
    formula: str | None
    reason: str | None
    unit: Literal["words", "characters"]
    sentences: int
    words: int
    characters: int  # letters and digits in words; for zh/ja, the length unit
    syllables: int | None
    polysyllables: int | None  # words of 3+ syllables (SMOG)
    average_sentence_length: float
    longest_sentence_length: int
    scores: dict[str, float]
    levels: dict[str, str]  # published interpretation of each ease score
    gate_formula: str | None
    grade: float | None
    long_sentences: list[SentenceFinding] = field(default_factory=list)
    unexplained_terms: list[TermFinding] = field(default_factory=list)

    def status(self, config: ReadabilityConfig | None = None) -> Status:
        """Compare the gate score with the target and error thresholds.

        "unscored" means the language has no formula or there is no text.
        The gate decides what each status means (e.g. error only at --strict).
        """
        cfg = config or ReadabilityConfig()
        if self.gate_formula is None or self.gate_formula not in self.scores:
            return "unscored"
        value = self.scores[self.gate_formula]
        formula = FORMULAS[self.gate_formula]
        if formula.kind == "grade":
            if value > cfg.grade_error:
                return "above_error"
            return "above_target" if value > cfg.grade_target else "ok"
        if formula.target_ease is None or formula.error_ease is None:
            return "unscored"
        if (cfg.grade_target, cfg.grade_error) != (6.0, 8.0):
            return "unscored"  # the published bands only match grades 6 and 8
        if value < formula.error_ease:
            return "above_error"
        return "above_target" if value < formula.target_ease else "ok"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return asdict(self)


@dataclass(frozen=True)
class DocumentReadability:
    """The whole document plus one report per section, in document order."""

    document: ReadabilityReport
    sections: dict[str | None, ReadabilityReport]


# =========================================================================== formulas


@dataclass(frozen=True)
class Formula:
    """A published readability formula and how to read its value.

    For ease scores (higher is easier), target_ease and error_ease are the
    published band limits for grade 6 and grade 8. Below target_ease the text
    is above grade 6; below error_ease it is above grade 8.
    """

    name: str
    language: str
    kind: Literal["grade", "ease"]
    source: str
    bands: tuple[tuple[float, str], ...] = ()  # (lower bound, label), highest first
    target_ease: float | None = None
    error_ease: float | None = None

    def level(self, value: float) -> str | None:
        for lower, label in self.bands:
            if value >= lower:
                return label
        return self.bands[-1][1] if self.bands else None


_FLESCH_BANDS = (
    (90, "very easy"),
    (80, "easy"),
    (70, "fairly easy"),
    (60, "standard"),
    (50, "fairly difficult"),
    (30, "difficult"),
    (-math.inf, "very confusing"),
)

FORMULAS: dict[str, Formula] = {
    "flesch_reading_ease": Formula(
        "flesch_reading_ease",
        "en",
        "ease",
        "Flesch R. A new readability yardstick. J Appl Psychol 1948;32:221-33; "
        "bands and school grades from Flesch, The Art of Readable Writing, 1949",
        _FLESCH_BANDS,
        target_ease=80,
        error_ease=60,
    ),
    "flesch_kincaid_grade": Formula(
        "flesch_kincaid_grade",
        "en",
        "grade",
        "Kincaid JP et al. Derivation of new readability formulas for Navy enlisted "
        "personnel. Research Branch Report 8-75, 1975",
    ),
    "smog": Formula(
        "smog",
        "en",
        "grade",
        "McLaughlin GH. SMOG grading: a new readability formula. J Reading 1969;12:639-46 "
        "(regression form, polysyllables normalised to 30 sentences)",
    ),
    "fernandez_huerta": Formula(
        "fernandez_huerta",
        "es",
        "ease",
        "Fernandez Huerta J. Medidas sencillas de lecturabilidad. Consigna 1959;214:29-32; "
        "corrected by Law G. Error in the Fernandez Huerta readability formula, "
        "LINGUIST List 22.2332, 2011; school grades from legible.es",
        (
            (90, "muy fácil"),
            (80, "fácil"),
            (70, "algo fácil"),
            (60, "normal"),
            (50, "algo difícil"),
            (30, "difícil"),
            (-math.inf, "muy difícil"),
        ),
        target_ease=70,  # 70-80 = 6.º grado
        error_ease=60,  # 60-70 = 7.º u 8.º grado
    ),
    "szigriszt_pazos": Formula(
        "szigriszt_pazos",
        "es",
        "ease",
        "Szigriszt Pazos F. Sistemas predictivos de legibilidad del mensaje escrito: "
        "fórmula de perspicuidad. Tesis doctoral, 1993; labels: Barrio-Cantalejo IM et al. "
        "Validación de la Escala INFLESZ. An Sist Sanit Navar 2008;31(2):135-52",
        (
            (80, "muy fácil"),
            (65, "bastante fácil"),
            (55, "normal"),
            (40, "algo difícil"),
            (-math.inf, "muy difícil"),
        ),
    ),
    "kandel_moles": Formula(
        "kandel_moles",
        "fr",
        "ease",
        "Kandel L, Moles A. Application de l'indice de Flesch à la langue française. "
        "Cahiers Études de Radio-Télévision 1958;19:253-74 (Flesch's scale and bands)",
        (
            (90, "très facile"),
            (80, "facile"),
            (70, "assez facile"),
            (60, "standard"),
            (50, "assez difficile"),
            (30, "difficile"),
            (-math.inf, "très difficile"),
        ),
        target_ease=80,
        error_ease=60,
    ),
    "amstad": Formula(
        "amstad",
        "de",
        "ease",
        "Amstad T. Wie verständlich sind unsere Zeitungen? Dissertation, Zürich 1978 "
        "(Flesch's bands)",
        (
            (90, "sehr leicht"),
            (80, "leicht"),
            (70, "mittelleicht"),
            (60, "mittel"),
            (50, "mittelschwer"),
            (30, "schwer"),
            (-math.inf, "sehr schwer"),
        ),
        target_ease=80,
        error_ease=60,
    ),
    "gulpease": Formula(
        "gulpease",
        "it",
        "ease",
        "Lucisano P, Piemontese ME. GULPEASE: una formula per la predizione della "
        "difficoltà dei testi in lingua italiana. Scuola e Città 1988;3:110-24",
        (
            (80, "facile con licenza elementare"),
            (60, "facile con licenza media"),
            (40, "facile con diploma superiore"),
            (-math.inf, "difficile"),
        ),
        target_ease=80,  # below 80: hard with 5 years of school
        error_ease=60,  # below 60: hard with 8 years of school
    ),
    "flesch_martins": Formula(
        "flesch_martins",
        "pt",
        "ease",
        "Martins TBF, Ghiraldelo CM, Nunes MGV, Oliveira ON. Readability formulas applied "
        "to textbooks in Brazilian Portuguese. Notas do ICMSC 28, USP São Carlos, 1996",
        ((75, "muito fácil"), (50, "fácil"), (25, "difícil"), (-math.inf, "muito difícil")),
        target_ease=75,  # 75-100 = 1st-4th grade
        error_ease=50,  # 50-75 = 5th-8th grade
    ),
}

_LANGUAGE_FORMULAS: dict[str, tuple[str, ...]] = {
    "en": ("flesch_reading_ease", "flesch_kincaid_grade", "smog"),
    "es": ("fernandez_huerta", "szigriszt_pazos"),
    "fr": ("kandel_moles",),
    "de": ("amstad",),
    "it": ("gulpease",),
    "pt": ("flesch_martins",),
}
_GATE_FORMULA = {
    "es": "fernandez_huerta",
    "fr": "kandel_moles",
    "de": "amstad",
    "it": "gulpease",
    "pt": "flesch_martins",
}

_NO_FORMULA_REASONS = {
    "zh": "no validated readability formula; Chinese has no word spaces, lengths are characters",
    "ja": "no validated readability formula; Japanese has no word spaces, lengths are characters",
    "ko": "no validated readability formula for Korean",
    "vi": "Vietnamese is written one syllable per word; Flesch-type formulas do not apply",
    "ar": "Arabic script omits short vowels, so syllables cannot be counted from text; "
    "no validated formula for patient materials",
    "fa": "Persian script omits short vowels; no validated readability formula",
    "ur": "Urdu script omits short vowels; no validated readability formula",
    "he": "Hebrew script omits vowels; no validated readability formula",
}


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def smog_grade(polysyllables: int, sentences: int) -> float:
    return 1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float:
    # 206.84 - 0.60 P - 1.02 F with P = syllables per 100 words, F = words per sentence.
    return 206.84 - 0.60 * (100 * syllables / words) - 1.02 * (words / sentences)


def szigriszt_pazos(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 62.3 * (syllables / words) - words / sentences


def kandel_moles(words: int, sentences: int, syllables: int) -> float:
    return 207 - 1.015 * (words / sentences) - 73.6 * (syllables / words)


def amstad(words: int, sentences: int, syllables: int) -> float:
    return 180 - words / sentences - 58.5 * (syllables / words)


def gulpease(words: int, sentences: int, letters: int) -> float:
    return 89 + (300 * sentences - 10 * letters) / words


def flesch_martins(words: int, sentences: int, syllables: int) -> float:
    return 248.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


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


# =========================================================================== glossary


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    forms: tuple[str, ...]  # the term and its other written forms
    plain: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    """Per-language word lists from brochure/glossary/<lang>.yaml.

    terms: hard terms, each with plain words that explain it.
    commonly_known: words and phrases readers know; never flagged.
    YAML layout:
        terms:
          chemotherapy: [cancer medicine, strong medicine]   # plain words
          stem cell:
            forms: [stem cells]                             # optional
            plain: [young cells, cells that can grow into]
        commonly_known: [information, medication]
    """

    language: str
    terms: tuple[GlossaryTerm, ...] = ()
    commonly_known: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(cls, language: str, data: dict[str, Any] | None) -> Glossary:
        data = data or {}
        terms: list[GlossaryTerm] = []
        for term, value in (data.get("terms") or {}).items():
            if isinstance(value, dict):
                plain = value.get("plain") or []
                forms = value.get("forms") or []
            else:
                plain, forms = value or [], []
            if isinstance(plain, str):
                plain = [plain]
            terms.append(
                GlossaryTerm(
                    str(term),
                    tuple(dict.fromkeys([str(term), *map(str, forms)])),
                    tuple(map(str, plain)),
                )
            )
        known = frozenset(_fold(str(w)) for w in data.get("commonly_known") or [])
        return cls(language, tuple(terms), known)


@lru_cache(maxsize=64)
def _load_glossary_cached(lang: str, directory: str | None) -> Glossary:
    if directory is not None:
        path = Path(directory) / f"{lang}.yaml"
        if not path.is_file():
            return Glossary(lang)
        text = path.read_text(encoding="utf-8")
    else:
        resource = resources.files("brochure").joinpath("glossary", f"{lang}.yaml")
        if not resource.is_file():
            return Glossary(lang)
        text = resource.read_text(encoding="utf-8")
    return Glossary.from_mapping(lang, yaml.safe_load(text))


def load_glossary(lang: str, directory: Path | None = None) -> Glossary:
    """The glossary for a language tag; empty when there is none."""
    return _load_glossary_cached(primary_language(lang), str(directory) if directory else None)


def _fold(text: str) -> str:
    """Lower-case and strip accents one character at a time, so offsets still match."""
    out = []
    for ch in text:
        low = ch.lower()
        if len(low) != 1:
            low = ch
        base = unicodedata.normalize("NFD", low)[0]
        out.append(base if unicodedata.category(base)[0] == "L" else low)
    return "".join(out)


_PLURAL = {
    "en": "(?:s|es|'s|’s)?",
    "es": "(?:s|es)?",
    "pt": "(?:s|es)?",
    "fr": "(?:s|x)?",
    "de": "(?:e|en|n|s|es|er)?",
    "it": "",
}


def _phrase_pattern(phrase: str, lang: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-‐‑]+", _fold(phrase).strip()) if w]
    body = r"[\s\u00a0\-‐‑]+".join(words)
    return re.compile(r"(?<!\w)" + body + _PLURAL.get(lang, "") + r"(?!\w)")


@lru_cache(maxsize=4096)
def _cached_pattern(phrase: str, lang: str) -> re.Pattern[str]:
    return _phrase_pattern(phrase, lang)


_EXPLANATION_AFTER = re.compile(r"\s*(?:\(|（|—|–|\s-\s)")


# =========================================================================== analysis


@dataclass
class _Sentence:
    item_index: int
    start: int
    end: int
    length: int  # words, or characters for zh/ja
    words: int
    syllables: int
    polysyllables: int
    letters: int


@dataclass
class _Analysis:
    sentences: list[_Sentence]
    words: int = 0
    letters: int = 0
    syllables: int = 0
    polysyllables: int = 0


def _analyse(items: Sequence[TextItem], lang: str) -> _Analysis:
    unit_chars = lang in _CHARACTER_LANGUAGES
    has_syllables = supports_syllables(lang)
    out = _Analysis([])
    for index, item in enumerate(items):
        for s, e in split_sentences(item.text, lang):
            piece = item.text[s:e]
            spans = tokenize(piece)
            words = len(spans)
            letters = sum(sum(ch.isalnum() for ch in piece[a:b]) for a, b in spans)
            syl = poly = 0
            if has_syllables:
                for a, b in spans:
                    n = count_syllables(piece[a:b], lang)
                    syl += n
                    poly += n >= 3
            if unit_chars:
                length = _character_length(piece, lang)
            else:
                length = words
            if length == 0:
                continue
            out.sentences.append(_Sentence(index, s, e, length, words, syl, poly, letters))
            out.words += words
            out.letters += letters
            out.syllables += syl
            out.polysyllables += poly
    return out


def _character_length(piece: str, lang: str) -> int:
    """Length of a zh/ja (or Thai-like) sentence in characters.

    CJK: each ideograph or kana is one unit and each embedded Latin word or
    number is one more. Other scripts without spaces: the letters.
    """
    if lang in _CJK_LANGUAGES:
        cjk = sum(_is_cjk(ch) for ch in piece)
        rest = "".join(" " if _is_cjk(ch) else ch for ch in piece)
        return cjk + len(tokenize(rest))
    return sum(unicodedata.category(ch)[0] == "L" for ch in piece)


def _locate(item: TextItem, offset: int) -> tuple[int, int]:
    """Line and column of an offset inside an item's text."""
    before = item.text[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return item.line, item.column + offset
    return item.line + newlines, offset - before.rfind("\n")


_HARD_WORD_SYLLABLES = {"en": 4, "fr": 4, "es": 5, "pt": 5, "it": 5, "de": 5}


def _find_terms(
    items: Sequence[TextItem], lang: str, config: ReadabilityConfig
) -> list[TermFinding]:
    glossary = load_glossary(lang, config.glossary_dir)
    threshold = config.hard_word_syllables or _HARD_WORD_SYLLABLES.get(lang)
    if not supports_syllables(lang):
        threshold = None
    folded = [_fold(item.text) for item in items]

    # key -> (finding at the first use, whether that use is explained)
    first: dict[str, tuple[TermFinding, bool]] = {}
    counts: dict[str, int] = {}

    def record(
        key: str,
        kind: Literal["glossary", "long_word"],
        index: int,
        start: int,
        end: int,
        syllables: int | None,
        plain: tuple[str, ...],
        explained: bool,
    ) -> None:
        counts[key] = counts.get(key, 0) + 1
        if key in first:
            return
        item = items[index]
        line, column = _locate(item, start)
        finding = TermFinding(
            item.text[start:end],
            key,
            kind,
            syllables,
            plain,
            0,
            item.file,
            line,
            column,
            item.section,
        )
        first[key] = (finding, explained)

    for index, item in enumerate(items):
        text = folded[index]
        taken: list[tuple[int, int]] = []
        matches: list[tuple[int, int, GlossaryTerm]] = []
        for term in glossary.terms:
            if _fold(term.term) in glossary.commonly_known:
                continue
            for form in term.forms:
                for m in _cached_pattern(form, lang).finditer(text):
                    matches.append((m.start(), m.end(), term))
        # Longest match first at each place; no overlaps.
        for start, end, term in sorted(matches, key=lambda t: (t[0], -(t[1] - t[0]))):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            explained = _followed_by_explanation(text, end) or _plain_nearby(
                term, folded, index, (start, end), lang
            )
            syl = None
            if supports_syllables(lang):
                phrase = item.text[start:end]
                syl = sum(count_syllables(phrase[a:b], lang) for a, b in tokenize(phrase))
            record(_fold(term.term), "glossary", index, start, end, syl, term.plain, explained)

        if threshold is None:
            continue
        for start, end in tokenize(item.text):
            if any(start < e and s < end for s, e in taken):
                continue
            word = item.text[start:end]
            key = _fold(word)
            if any(ch.isdigit() for ch in word) or word.isupper() or _is_known(key, glossary, lang):
                continue  # numbers, COVID-19 and acronyms are not long words
            syl = count_syllables(word, lang)
            if syl < threshold:
                continue
            explained = _followed_by_explanation(text, end)
            record(key, "long_word", index, start, end, syl, (), explained)

    return [
        replace(finding, occurrences=counts[key])
        for key, (finding, explained) in first.items()
        if not explained
    ]


def _is_known(key: str, glossary: Glossary, lang: str) -> bool:
    if key in glossary.commonly_known:
        return True
    if lang in ("es", "pt", "it") and key.endswith("mente"):
        return True  # adverbs: rápidamente is as easy as rápido
    if lang == "fr" and key.endswith("ment") and len(key) > 6:
        return True
    for suffix in ("s", "es", "'s", "’s"):
        if key.endswith(suffix) and key[: -len(suffix)] in glossary.commonly_known:
            return True
    return False


def _followed_by_explanation(folded_text: str, end: int) -> bool:
    return _EXPLANATION_AFTER.match(folded_text, end) is not None


def _plain_nearby(
    term: GlossaryTerm, folded: Sequence[str], index: int, span: tuple[int, int], lang: str
) -> bool:
    for j in (index, index + 1):
        if j >= len(folded):
            break
        for phrase in term.plain:
            for m in _cached_pattern(phrase, lang).finditer(folded[j]):
                if j == index and m.start() < span[1] and span[0] < m.end():
                    continue  # the term itself, not an explanation
                return True
    return False


# =========================================================================== scoring


def score(
    items: Iterable[TextItem],
    lang: str,
    config: ReadabilityConfig | None = None,
    *,
    scope: str | None = None,
) -> ReadabilityReport:
    """Readability of the items taken as one text.

    Use it for one section or for the whole document. The counts are summed
    over all sentences first, then the formulas run on the totals.
    """
    cfg = config or ReadabilityConfig()
    items = list(items)
    code = primary_language(lang)
    analysis = _analyse(items, code)
    unit: Literal["words", "characters"] = "characters" if code in _CHARACTER_LANGUAGES else "words"
    n_sent = len(analysis.sentences)
    lengths = [s.length for s in analysis.sentences]
    total_length = sum(lengths)

    formula_names = _LANGUAGE_FORMULAS.get(code, ())
    scores: dict[str, float] = {}
    levels: dict[str, str] = {}
    reason: str | None = None
    if not formula_names:
        reason = _NO_FORMULA_REASONS.get(
            code, f"no validated readability formula for language {code!r}"
        )
    elif n_sent == 0 or analysis.words == 0:
        reason = "no text to score"
    else:
        raw = _compute(code, analysis, n_sent)
        for name in formula_names:
            value = round(raw[name], 1)
            scores[name] = value
            level = FORMULAS[name].level(value)
            if FORMULAS[name].kind == "ease" and level:
                levels[name] = level

    gate = cfg.grade_formula if code == "en" else _GATE_FORMULA.get(code)
    grade = scores.get(gate) if gate and FORMULAS[gate].kind == "grade" else None

    long_limit = cfg.max_sentence_chars if code in _CJK_LANGUAGES else cfg.max_sentence_words
    long_sentences: list[SentenceFinding] = []
    if code not in _CHARACTER_LANGUAGES or code in _CJK_LANGUAGES:
        for s in analysis.sentences:
            if s.length > long_limit:
                item = items[s.item_index]
                line, column = _locate(item, s.start)
                long_sentences.append(
                    SentenceFinding(
                        item.text[s.start : s.end],
                        s.length,
                        unit,
                        item.file,
                        line,
                        column,
                        item.section,
                    )
                )

    return ReadabilityReport(
        language=lang,
        scope=scope,
        formula=formula_names[0] if formula_names else None,
        reason=reason,
        unit=unit,
        sentences=n_sent,
        words=analysis.words,
        characters=total_length if unit == "characters" else analysis.letters,
        syllables=analysis.syllables if supports_syllables(code) else None,
        polysyllables=analysis.polysyllables if supports_syllables(code) else None,
        average_sentence_length=round(total_length / n_sent, 1) if n_sent else 0.0,
        longest_sentence_length=max(lengths, default=0),
        scores=scores,
        levels=levels,
        gate_formula=gate if scores else None,
        grade=grade,
        long_sentences=long_sentences,
        unexplained_terms=_find_terms(items, code, cfg),
    )


def _compute(code: str, a: _Analysis, sentences: int) -> dict[str, float]:
    w, y = a.words, a.syllables
    if code == "en":
        return {
            "flesch_reading_ease": flesch_reading_ease(w, sentences, y),
            "flesch_kincaid_grade": flesch_kincaid_grade(w, sentences, y),
            "smog": smog_grade(a.polysyllables, sentences),
        }
    if code == "es":
        return {
            "fernandez_huerta": fernandez_huerta(w, sentences, y),
            "szigriszt_pazos": szigriszt_pazos(w, sentences, y),
        }
    if code == "fr":
        return {"kandel_moles": kandel_moles(w, sentences, y)}
    if code == "de":
        return {"amstad": amstad(w, sentences, y)}
    if code == "it":
        return {"gulpease": gulpease(w, sentences, a.letters)}
    if code == "pt":
        return {"flesch_martins": flesch_martins(w, sentences, y)}
    raise AssertionError(code)


def score_sections(
    items: Iterable[TextItem], lang: str, config: ReadabilityConfig | None = None
) -> dict[str | None, ReadabilityReport]:
    """One report per `TextItem.section`, in order of first appearance."""
    groups: dict[str | None, list[TextItem]] = {}
    for item in items:
        groups.setdefault(item.section, []).append(item)
    return {name: score(group, lang, config, scope=name) for name, group in groups.items()}


def score_document(
    items: Iterable[TextItem], lang: str, config: ReadabilityConfig | None = None
) -> DocumentReadability:
    """The whole document (all items concatenated) and each section."""
    items = list(items)
    return DocumentReadability(
        document=score(items, lang, config, scope=None),
        sections=score_sections(items, lang, config),
    )
