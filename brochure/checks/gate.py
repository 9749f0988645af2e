"""Run every check on a loaded brochure and decide pass or fail: the health-literacy gate.

`brochure check` prints what this returns; `brochure build --strict` runs it first and
refuses to build when it fails. Severities come from checks.yaml, so what fails is
data; the exit status rule is fixed: errors fail, warnings fail with --strict, notices
never fail.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from brochure.checks.config import CheckConfig, load_config
from brochure.checks.reading import score_language
from brochure.checks.report import (
    CheckReport,
    Finding,
    Item,
    LanguageCheck,
    RawFinding,
    Review,
    Thresholds,
    count,
    exit_code,
)
from brochure.checks.structure import check_structure
from brochure.checks.translation import check_translation
from brochure.clinic.profile import contrast_problems, find_profile, load_profile
from brochure.content.loader import LoadedBrochure
from brochure.content.model import Clinic
from brochure.content.validation import validate
from brochure.content.yamlnodes import read_yaml
from brochure.errors import BrochureError, Problem
from brochure.records import record

TODAY_ENV = "BROCHURE_TODAY"


@record(frozen=True)
class ItemSpec:
    id: str
    title: str
    codes: tuple[str, ...]


ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("main-message", "One main message: a summary of at most 3 sentences",
             ("main-message",)),
    ItemSpec("headings", "Every section has a heading", ("headings",)),
    ItemSpec("action-items", "At least one action the reader can take", ("action-items",)),
    ItemSpec("list-length", "Lists short enough to take in (at most 7 items)", ("list-length",)),
    ItemSpec("illustrations", "Every illustration has alt text and a caption",
             ("illustration-alt", "illustration-caption")),
    ItemSpec("numbers", "Percentages also said in words", ("percent-explained",)),
    ItemSpec("sources", "Every source cited, every citation resolves", ("uncited-source",)),
    ItemSpec("when-to-call", "A “when to call / get help” warning box", ("warning-callout",)),
    ItemSpec("reading-level", "Reading level at or below the target",
             ("reading-level", "reading-level-target", "summary-reading-level",
              "section-reading-level")),
    ItemSpec("sentence-length", "Short sentences", ("long-sentence",)),
    ItemSpec("plain-words", "Medical and long words explained", ("unexplained-term",)),
    ItemSpec("translation", "Translation reviewed and up to date",
             ("translation-draft", "translation-outdated", "not-translated")),
    ItemSpec("review-date", "Clinical review date not expired", ("review-expired", "review-due")),
    ItemSpec("clinic-contrast", "Clinic colours readable (WCAG contrast)",
             ("clinic-contrast", "clinic")),
)
_ITEM_OF_CODE = {code: spec.id for spec in ITEMS for code in spec.codes}


def today() -> dt.date:
    """Today, or the ISO date in $BROCHURE_TODAY (reproducible reports and tests)."""
    value = os.environ.get(TODAY_ENV)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BrochureError(
            [Problem(f"${TODAY_ENV}", 0, 0, f"`{value}` is not a date; write YYYY-MM-DD")]
        ) from None


def run_checks(
    loaded: LoadedBrochure,
    *,
    languages: list[str] | None = None,
    strict: bool = False,
    clinic: str | None = None,
    config: CheckConfig | None = None,
    on: dt.date | None = None,
    cwd: Path | None = None,
) -> CheckReport:
    """The full report for the chosen languages (default: every language loaded).

    Raises BrochureError when the workspace checks.yaml is invalid.
    """
    config = config or load_config(loaded.workspace, cwd)
    on = on or today()
    tags = [t for t in loaded.languages if not languages or t in languages]
    problems: list[Finding] = []
    review, brochure_findings = _review(loaded, config, on)
    problems += brochure_findings
    clinic_findings: list[Finding] = []
    if clinic:
        clinic_findings = _clinic(clinic, loaded, config, cwd)
        problems += clinic_findings
    problems += _loader_warnings(loaded, tags, config)

    shared = brochure_findings + clinic_findings  # counted in every language's items
    checks: list[LanguageCheck] = []
    for tag in tags:
        check, found = _check_language(loaded, tag, config, shared, clinic is not None)
        problems += found
        checks.append(check)

    problems.sort(key=lambda p: (p.file, p.line, p.column, p.code, p.language or ""))
    code = exit_code(problems, strict)
    r, s = config.readability, config.structure
    return CheckReport(
        brochure=loaded.id, today=on, strict=strict, ok=code == 0, exit_code=code,
        counts=count(problems),
        thresholds=Thresholds(
            grade_target=r.grade_target, grade_error=r.grade_error, grade_formula=r.grade_formula,
            max_sentence_words=r.max_sentence_words, max_sentence_chars=r.max_sentence_chars,
            summary_max_sentences=s.summary_max_sentences, max_list_items=s.max_list_items,
            review_due_days=s.review_due_days),
        review=review, clinic=clinic, languages=checks, problems=problems,
    )


def _check_language(
    loaded: LoadedBrochure, tag: str, config: CheckConfig, shared: list[Finding], clinic: bool
) -> tuple[LanguageCheck, list[Finding]]:
    """One language's readability and structure: its report and its own findings."""
    lang = loaded.languages[tag]
    translation = check_translation(loaded, lang, config.structure.untranslated_min_words)
    reading = score_language(lang, config, frozenset(translation.untranslated))
    structure = check_structure(loaded, lang, config)
    raw = reading.findings + structure.findings + translation.findings
    found = [f for f in (_finding(r, config, lang.doc.display, tag) for r in raw) if f]
    loader = [p for p in _loader_warnings(loaded, [tag], config) if p.language == tag]
    not_applicable = dict(structure.not_applicable)
    if not reading.scored:
        reason = reading.readability.document.reason or "no validated formula"
        not_applicable["reading-level"] = f"counts only: {reason}"
    if not reading.has_word_rules:
        not_applicable["plain-words"] = f"no glossary or long-word rule for `{tag}`"
    if not clinic:
        not_applicable["clinic-contrast"] = "no clinic profile given (--clinic)"
    items = _items(found + loader + shared, not_applicable)
    applicable = [i for i in items if i.status != "n/a"]
    translation = "source" if tag == loaded.meta.source_language else (
        "draft" if lang.is_draft else "reviewed")
    check = LanguageCheck(
        language=tag, file=lang.doc.display, translation=translation,
        readability=reading.readability, items=items,
        items_passed=sum(i.status == "pass" for i in applicable), items_total=len(applicable),
    )
    return check, found


def failed_load_report(
    brochure: str, problems: list[Problem], strict: bool, on: dt.date | None = None
) -> CheckReport:
    """The report when the brochure cannot be loaded (always a failure): the loader's
    problems, nothing scored."""
    found = [
        Finding(code="content", severity=p.severity, file=p.file, line=p.line, column=p.column,
                message=p.message, language=None, section=None)
        for p in problems
    ]
    return CheckReport(
        brochure=brochure, today=on or _today_or_clock(), strict=strict, ok=False, exit_code=1,
        counts=count(found), thresholds=None, review=None, clinic=None, languages=[],
        problems=found,
    )


def _today_or_clock() -> dt.date:
    try:
        return today()
    except BrochureError:
        return dt.date.today()


def _finding(raw: RawFinding, config: CheckConfig, file: str, tag: str | None) -> Finding | None:
    severity = config.severity_of(raw.code)
    if severity == "off":
        return None
    if raw.notice_only:
        severity = "notice"
    return Finding(code=raw.code, severity=severity, file=raw.file or file, line=raw.line,
                   column=raw.column, message=raw.message, language=tag, section=raw.section)


def _items(findings: list[Finding], not_applicable: dict[str, str]) -> list[Item]:
    items = []
    for spec in ITEMS:
        n = sum(f.code in spec.codes for f in findings)
        reason = not_applicable.get(spec.id) if n == 0 else None
        status = "n/a" if reason else ("fail" if n else "pass")
        items.append(Item(id=spec.id, title=spec.title, status=status, reason=reason, findings=n))
    return items


def _review(
    loaded: LoadedBrochure, config: CheckConfig, on: dt.date
) -> tuple[Review, list[Finding]]:
    meta = loaded.meta
    due = meta.next_review()
    days = (due - on).days
    status = "expired" if days < 0 else ("due" if days <= config.structure.review_due_days
                                         else "ok")
    review = Review(reviewed=meta.reviewed, next_review=due, days_left=days, status=status)
    line, col = loaded.meta_doc.position(("reviewed",))
    raw = None
    if status == "expired":
        raw = RawFinding("review-expired", line, col,
                         f"the clinical review expired on {due} (reviewed {meta.reviewed}, every "
                         f"{meta.review_every_months} months); have the content reviewed, then "
                         "update `reviewed:`", None)
    elif status == "due":
        raw = RawFinding("review-due", line, col,
                         f"the next clinical review is due on {due}, in {days} days; plan it "
                         "now and update `reviewed:` afterwards", None)
    finding = raw and _finding(raw, config, loaded.meta_doc.display, None)
    return review, [finding] if finding else []


def _loader_warnings(
    loaded: LoadedBrochure, tags: list[str], config: CheckConfig
) -> list[Finding]:
    """The loader's warnings for the checked languages (and brochure.yaml), with codes."""
    by_file = {lang.doc.display: tag for tag, lang in loaded.languages.items()}
    found = []
    for p in loaded.warnings:
        tag = by_file.get(p.file)
        if tag is not None and tag not in tags:
            continue
        code = "translation-outdated" if "source_revision" in p.message else "content"
        f = _finding(RawFinding(code, p.line, p.column, p.message, None, p.file), config,
                     p.file, tag)
        if f:
            found.append(f)
    return found


def _clinic(
    value: str, loaded: LoadedBrochure, config: CheckConfig, cwd: Path | None
) -> list[Finding]:
    """The profile's colour contrast (clinic-contrast) and everything else wrong with it."""
    path = find_profile(value, loaded.workspace)
    display = str(path)
    try:
        display = str(path.resolve().relative_to((cwd or Path.cwd()).resolve()))
    except ValueError:
        pass
    contrast: list[Problem] = []
    others: list[Problem] = []
    try:
        doc = read_yaml(path, display)
        profile, others = validate(Clinic, doc)
        if profile is not None:
            contrast = contrast_problems(profile, doc)
            try:
                load_profile(path, loaded.workspace, cwd)
            except BrochureError as exc:
                others = [p for p in exc.problems if p not in contrast]
    except BrochureError as exc:
        others = exc.problems
    raws = [("clinic-contrast", p) for p in contrast] + [("clinic", p) for p in others]
    found = [
        _finding(RawFinding(code, p.line, p.column, p.message, None, p.file), config, p.file, None)
        for code, p in raws
    ]
    return [f for f in found if f]
