"""The report for people: per language, a score table, the items, and the findings
grouped by section as FILE:LINE:COL lines; then one summary line per brochure.

Returns strings; the CLI decides where they go.
"""

from __future__ import annotations

from brochure.checks.reading import FORMULA_NAMES
from brochure.checks.report import CheckReport, Finding, LanguageCheck, ScopeReadability

_SHORT = {
    "flesch_kincaid_grade": "FK",
    "flesch_reading_ease": "FRE",
    "smog": "SMOG",
    "fernandez_huerta": "F-Huerta",
    "szigriszt_pazos": "INFLESZ",
    "kandel_moles": "K-Moles",
    "amstad": "Amstad",
    "gulpease": "Gulpease",
    "flesch_martins": "Martins",
}
_MARK = {"pass": "ok  ", "fail": "FAIL", "n/a": "n/a "}


def format_text(report: CheckReport) -> str:
    """The whole human-readable report, ending with the summary line."""
    out: list[str] = []
    head = f"{report.brochure}: health-literacy check, {report.today}"
    if report.thresholds:
        t = report.thresholds
        head += (f" (target grade {t.grade_target:g}, limit {t.grade_error:g}; sentences of at "
                 f"most {t.max_sentence_words} words)")
    out.append(head)
    if report.review:
        r = report.review
        state = {"ok": f"{r.days_left} days left", "due": f"due in {r.days_left} days",
                 "expired": f"EXPIRED {-r.days_left} days ago"}[r.status]
        out.append(f"review: reviewed {r.reviewed}, next review {r.next_review} ({state})")
    if report.clinic:
        out.append(f"clinic profile: {report.clinic}")
    general = [p for p in report.problems if p.language is None]
    if general:
        out.append("")
        out += [f"  {p}" for p in general]
    for lang in report.languages:
        out.append("")
        out += _language(lang, [p for p in report.problems if p.language == lang.language])
    out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def _language(lang: LanguageCheck, problems: list[Finding]) -> list[str]:
    kind = {"source": "source language", "draft": "draft translation",
            "reviewed": "reviewed translation"}[lang.translation]
    out = [f"== {lang.language} ({kind}) — {lang.file}"]
    doc = lang.readability.document
    if doc.formula is None:
        out.append(f"  readability: counts only — {doc.reason}")
    else:
        scores = ", ".join(
            f"{FORMULA_NAMES[name]} {value:.1f}"
            + (f" ({doc.levels[name]})" if name in doc.levels else "")
            for name, value in doc.scores.items()
        )
        out.append(f"  readability: {scores or 'not scored: no translated text yet'}")
    size = f"{doc.characters} characters" if doc.unit == "characters" else f"{doc.words} words"
    out.append(f"  {size}, {doc.sentences} sentences; average sentence "
               f"{doc.average_sentence_length:g} {doc.unit}, longest "
               f"{doc.longest_sentence_length}")
    out += _table(lang)
    passed = f"{lang.items_passed}/{lang.items_total}"
    out.append(f"  items passed: {passed}")
    for item in lang.items:
        note = item.reason if item.status == "n/a" else (
            f"{item.findings} finding(s)" if item.findings else "")
        out.append(f"    {_MARK[item.status]}  {item.title}" + (f" — {note}" if note else ""))
    groups: dict[str | None, list[Finding]] = {}
    for p in sorted(problems, key=lambda p: (p.file != lang.file, p.line, p.column)):
        groups.setdefault(p.section, []).append(p)
    titles = {s.section: s.title for s in lang.readability.sections}
    for section in [None, *titles]:
        if section not in groups:
            continue
        label = "front matter and whole file" if section is None else (
            f"section {section}: {titles[section]}")
        out.append(f"  {label}")
        out += [f"    {p}" for p in groups[section]]
    return out


def _table(lang: LanguageCheck) -> list[str]:
    r = lang.readability
    names = list(r.document.scores)
    rows: list[tuple[str, ScopeReadability]] = [("whole text", r.document), ("summary", r.summary)]
    rows += [(s.section or "", s) for s in r.sections]
    width = max(len(label) for label, _ in rows) + 2
    head = "scope".ljust(width) + "".join(_SHORT.get(n, n).rjust(9) for n in names)
    chars = r.document.unit == "characters"
    head += ("chars" if chars else "words").rjust(7) + "sent.".rjust(6) + "avg".rjust(6)
    head += "max".rjust(5)
    out = ["  " + head]
    for label, s in rows:
        line = label.ljust(width)
        line += "".join(
            (f"{s.scores[n]:.1f}" if n in s.scores else "-").rjust(9) for n in names)
        size = s.characters if chars else s.words
        line += f"{size:7d}{s.sentences:6d}{s.average_sentence_length:6.1f}"
        line += f"{s.longest_sentence_length:5d}"
        out.append("  " + line.rstrip())
    return out


def _grade(lang: LanguageCheck) -> str:
    """'Flesch-Kincaid grade 6.1', 'Fernández-Huerta 72.9 = grade 6 or below', 'counts only'."""
    doc = lang.readability.document
    gate = doc.gate_formula
    if doc.formula is None or gate is None or gate not in doc.scores:
        return "counts only"
    score = f"{FORMULA_NAMES[gate]} {doc.scores[gate]:.1f}"
    if doc.grade is not None:
        return score
    band = {"ok": "grade 6 or below", "above_target": "grade 7-8",
            "above_error": "above grade 8"}.get(doc.status, "no grade band")
    return f"{score} = {band}"


def summary_line(report: CheckReport) -> str:
    """`<id>: OK|FAILED — <lang> <grade>, <passed>/<total> items; ...; N errors, ...`."""
    state = "OK" if report.ok else "FAILED"
    if report.strict and not report.ok and not report.counts.error:
        state += " (--strict: warnings count as errors)"
    parts = [f"{lang.language} {_grade(lang)}, items {lang.items_passed}/{lang.items_total}"
             for lang in report.languages]
    c = report.counts
    totals = f"{c.error} error(s), {c.warning} warning(s), {c.notice} notice(s)"
    return f"{report.brochure}: {state} — " + "; ".join([*parts, totals])
