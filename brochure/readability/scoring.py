"""Counting and scoring: text items in, a `ReadabilityReport` out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Literal

from brochure.readability.formulas import (
    _LANGUAGE_FORMULAS,
    _NO_FORMULA_REASONS,
    FORMULAS,
    GATE_FORMULA,
    amstad,
    fernandez_huerta,
    flesch_kincaid_grade,
    flesch_martins,
    flesch_reading_ease,
    gulpease,
    kandel_moles,
    smog_grade,
    szigriszt_pazos,
)
from brochure.readability.glossary import (
    _EXPLANATION_AFTER,
    Glossary,
    GlossaryTerm,
    _cached_pattern,
    _fold,
    load_glossary,
)
from brochure.readability.report import (
    DocumentReadability,
    ReadabilityConfig,
    ReadabilityReport,
    SentenceFinding,
    TermFinding,
    TextItem,
)
from brochure.readability.syllables import count_syllables, supports_syllables
from brochure.readability.text import (
    _CHARACTER_LANGUAGES,
    _CJK_LANGUAGES,
    _is_cjk,
    primary_language,
    split_sentences,
    tokenize,
)
from brochure.records import record

# =========================================================================== analysis


@record
class _Sentence:
    item_index: int
    start: int
    end: int
    length: int  # words, or characters for zh/ja
    words: int
    syllables: int
    polysyllables: int
    letters: int


@record
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
            explained = (
                _followed_by_explanation(text, end)
                or _plain_nearby(term, folded, index, (start, end), lang)
                or _defined_nearby(glossary, folded, index, (start, end))
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
            explained = _followed_by_explanation(text, end) or _defined_nearby(
                glossary, folded, index, (start, end)
            )
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


_SENTENCE_END = re.compile(r"[.!?。！？]+[\"'”’)]*(?:\s+|$)")


def _defined_nearby(
    glossary: Glossary, folded: Sequence[str], index: int, span: tuple[int, int]
) -> bool:
    """A sentence explains the word: its own ("An anticoagulant is a medicine that…",
    "a test called an MRI") or the next one ("This is a medicine that…")."""
    text = folded[index]
    start, end = span
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    if any(p.match(text, end) for p in glossary.explains_after):
        return True
    if any(p.search(text[begin:start]) for p in glossary.explains_before):
        return True
    after = _SENTENCE_END.search(text, end)
    if after is not None and after.end() < len(text):
        following = text[after.end():]
    elif index + 1 < len(folded):
        following = folded[index + 1]
    else:
        return False
    return any(p.match(following) for p in glossary.explains_next)


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

    gate = cfg.grade_formula if code == "en" else GATE_FORMULA.get(code)
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
