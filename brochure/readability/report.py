"""Report types: what a readability score returns, and its settings."""

from __future__ import annotations

from dataclasses import asdict, field
from pathlib import Path
from typing import Any, Literal

from brochure.readability.formulas import FORMULAS
from brochure.records import record

# =========================================================================== data types


@record(frozen=True)
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


@record(frozen=True)
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


@record(frozen=True)
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


@record(frozen=True)
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


@record(frozen=True)
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


@record(frozen=True)
class DocumentReadability:
    """The whole document plus one report per section, in document order."""

    document: ReadabilityReport
    sections: dict[str | None, ReadabilityReport]


