"""Readability per language, summary and section, turned into gate findings.

Scores come from `brochure.readability`; this module decides what they mean for the
gate: the whole text and the summary are gated (short sections score unsteadily, so
they are only flagged), long sentences and unexplained words are listed where they
are, and languages without a validated formula get counts and the reason, never a
made-up grade.
"""

from __future__ import annotations

from brochure.checks.config import CheckConfig
from brochure.checks.report import LanguageReadability, RawFinding, ScopeReadability
from brochure.checks.texts import SUMMARY, TextRef, locate, reading_items
from brochure.content.loader import LanguageDoc
from brochure.content.model import Loc
from brochure.readability import FORMULAS, ReadabilityReport, load_glossary, score
from brochure.records import record

FORMULA_NAMES = {
    "flesch_reading_ease": "Flesch Reading Ease",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "smog": "SMOG grade",
    "fernandez_huerta": "Fernández-Huerta",
    "szigriszt_pazos": "Szigriszt-Pazos (INFLESZ)",
    "kandel_moles": "Kandel-Moles",
    "amstad": "Amstad",
    "gulpease": "Gulpease",
    "flesch_martins": "Flesch (Martins)",
}


@record(frozen=True)
class ReadingResult:
    readability: LanguageReadability
    findings: list[RawFinding]
    scored: bool  # the language has a validated formula
    has_word_rules: bool  # a glossary or a long-word rule exists for it


def _scope(
    report: ReadabilityReport, config: CheckConfig, scope: str, section: str | None, title: str
) -> ScopeReadability:
    return ScopeReadability(
        scope=scope,
        section=section,
        title=title,
        formula=report.formula,
        reason=report.reason,
        unit=report.unit,
        sentences=report.sentences,
        words=report.words,
        characters=report.characters,
        syllables=report.syllables,
        polysyllables=report.polysyllables,
        average_sentence_length=report.average_sentence_length,
        longest_sentence_length=report.longest_sentence_length,
        scores=dict(report.scores),
        levels=dict(report.levels),
        gate_formula=report.gate_formula,
        grade=report.grade,
        status=report.status(config.readability_config()),
    )


def describe_score(scope: ScopeReadability) -> str:
    """'Flesch-Kincaid grade 6.1' or 'Fernández-Huerta 72.9 (algo fácil)'."""
    gate = scope.gate_formula
    if gate is None or gate not in scope.scores:
        return "not scored"
    text = f"{FORMULA_NAMES.get(gate, gate)} {scope.scores[gate]:.1f}"
    if gate in scope.levels:
        text += f" ({scope.levels[gate]})"
    return text


def _limit(scope: ScopeReadability, config: CheckConfig, grade: float) -> str:
    """How a limit reads for the scope's gate formula: a grade, or the ease score band."""
    formula = FORMULAS[scope.gate_formula or ""]
    if formula.kind == "grade":
        return f"grade {grade:g}"
    r = config.readability
    ease = formula.target_ease if grade == r.grade_target else formula.error_ease
    return f"{ease:g} or more (grade {grade:g})"


def score_language(
    lang: LanguageDoc, config: CheckConfig, skip: frozenset[Loc] = frozenset()
) -> ReadingResult:
    """Scores for the language, summary and sections, and the readability findings;
    texts at `skip` (not translated yet) are neither scored nor checked."""
    rc = config.readability_config()
    items, refs = reading_items(lang, skip)
    document = score(items, lang.tag, rc, scope=None)
    summary = score([i for i in items if i.section == SUMMARY], lang.tag, rc, scope=SUMMARY)
    sections = []
    for section in lang.content.sections:
        report = score([i for i in items if i.section == section.id], lang.tag, rc)
        sections.append(_scope(report, config, "section", section.id, section.title))
    readability = LanguageReadability(
        document=_scope(document, config, "document", None, lang.content.title),
        summary=_scope(summary, config, "summary", None, "summary"),
        sections=sections,
    )
    scored = document.formula is not None
    findings = _score_findings(lang, readability, config)
    findings += _text_findings(lang, document, refs, config, scored)
    glossary = load_glossary(lang.tag, rc.glossary_dir)
    return ReadingResult(readability, findings, scored, bool(glossary.terms) or scored)


def _score_findings(
    lang: LanguageDoc, r: LanguageReadability, config: CheckConfig
) -> list[RawFinding]:
    doc = lang.doc
    target, error = config.readability.grade_target, config.readability.grade_error
    found: list[RawFinding] = []
    whole = r.document
    line, col = doc.key_position((), "sections")
    if whole.status == "above_error":
        found.append(RawFinding(
            "reading-level", line, col,
            f"the whole text reads above the limit: {describe_score(whole)}, limit "
            f"{_limit(whole, config, error)}; shorten sentences and use shorter words, "
            "starting with the hardest sections", None))
    elif whole.status == "above_target":
        found.append(RawFinding(
            "reading-level-target", line, col,
            f"the whole text reads above the target: {describe_score(whole)}, target "
            f"{_limit(whole, config, target)}", None))
    if r.summary.status in ("above_target", "above_error"):
        line, col = doc.position(("summary",))
        found.append(RawFinding(
            "summary-reading-level", line, col,
            f"the summary (the main message) reads above the target: "
            f"{describe_score(r.summary)}, target {_limit(r.summary, config, target)}", None))
    margin = config.readability.section_grade_margin
    for si, section in enumerate(r.sections):
        gate = section.gate_formula
        graded = gate is not None and gate in section.scores and FORMULAS[gate].kind == "grade"
        if graded:
            over = section.scores[gate] > error + margin  # type: ignore[index]
            limit = f"grade {error + margin:g} for one section (grade {error:g} + {margin:g})"
        else:
            over = section.status == "above_error"
            limit = _limit(section, config, error) if over else ""
        if over:
            line, col = doc.position(("sections", si, "title"))
            found.append(RawFinding(
                "section-reading-level", line, col,
                f"section `{section.section}` reads above the limit: {describe_score(section)}, "
                f"limit {limit} ({section.words} words); shorten its sentences and use "
                "shorter words",
                section.section))
    return found


def _text_findings(
    lang: LanguageDoc,
    report: ReadabilityReport,
    refs: list[TextRef],
    config: CheckConfig,
    scored: bool,
) -> list[RawFinding]:
    found: list[RawFinding] = []
    not_gated = "" if scored else (
        " (not gated: no validated readability measure for this language)"
    )
    for s in report.long_sentences:
        line, col = locate(lang, refs, s.file, s.line, s.column)
        limit = (
            config.readability.max_sentence_chars
            if s.unit == "characters"
            else config.readability.max_sentence_words
        )
        found.append(RawFinding(
            "long-sentence", line, col,
            f"sentence of {s.length} {s.unit} (limit {limit}): “{_clip(s.text)}”; "
            f"split it in two{not_gated}", _section(s.section),
            notice_only=not (scored or config.readability.gate_unscored_languages)))
    for t in report.unexplained_terms:
        line, col = locate(lang, refs, t.file, t.line, t.column)
        if t.kind == "glossary":
            hint = f"explain it at first use, e.g. “{t.plain[0]}”" if t.plain else "explain it"
            what = "medical term"
        else:
            hint = "use a shorter word or explain it in brackets"
            what = f"long word ({t.syllables} syllables)"
        uses = f", used {t.occurrences} times" if t.occurrences > 1 else ""
        found.append(RawFinding(
            "unexplained-term", line, col,
            f"{what} `{t.term}` has no plain explanation nearby{uses}; {hint}",
            _section(t.section)))
    return found


def _section(section: str | None) -> str | None:
    return None if section == SUMMARY else section


def _clip(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

