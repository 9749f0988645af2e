"""The health-literacy gate: known scores, each structure item failing and passing,
severities and exit codes, the JSON schema, `build --strict`, and the MS brochure.

Every case starts from tests/data/checks/good (a brochure with no finding at all) and
changes one thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from brochure.checks import (
    CODES,
    ITEMS,
    CheckReport,
    failed_load_report,
    format_text,
    load_config,
    run_checks,
    schema_json,
)
from brochure.checks.config import default_data
from brochure.cli import main
from brochure.content.loader import load_brochure
from brochure.errors import BrochureError
from brochure.readability import (
    fernandez_huerta,
    flesch_kincaid_grade,
    flesch_reading_ease,
    szigriszt_pazos,
)
from tests.conftest import DATA, ROOT

GOOD = DATA / "checks" / "good"
GOLDEN = DATA / "checks" / "good.expected.json"
SCHEMA = ROOT / "docs" / "check-report.schema.json"
ON = dt.date(2026, 6, 1)  # the good fixture's next review is 2028-01-15
UPDATE = bool(os.environ.get("UPDATE_GOLDENS"))

Edit = Callable[[dict[str, Any]], None]
HARD = (
    "Comprehensive immunosuppressive chemotherapy necessitates meticulous "
    "multidisciplinary evaluation and individualized considerations."
)


def make(
    tmp: Path,
    *,
    en: Edit | None = None,
    es: Edit | None = None,
    meta: Edit | None = None,
    files: dict[str, str] | None = None,
    refresh: bool = True,
) -> Path:
    """A workspace with the good brochure as content/demo, changed by the edits."""
    folder = tmp / "content" / "demo"
    shutil.copytree(GOOD, folder)
    for name, edit in (("en.yaml", en), ("es.yaml", es), ("brochure.yaml", meta)):
        if edit is not None:
            path = folder / name
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            edit(data)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for name, text in (files or {}).items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if refresh:  # translations stay up to date with an edited en.yaml
        fingerprint = hashlib.sha256((folder / "en.yaml").read_bytes()).hexdigest()[:12]
        for other in folder.glob("*.yaml"):
            if other.name in ("en.yaml", "brochure.yaml"):
                continue
            data = yaml.safe_load(other.read_text(encoding="utf-8"))
            data["translation"]["source_revision"] = fingerprint
            other.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return tmp


def check(
    tmp: Path,
    *,
    strict: bool = False,
    on: dt.date = ON,
    clinic: str | None = None,
    languages: list[str] | None = None,
    **edits: Any,
) -> CheckReport:
    ws = make(tmp, **edits)
    loaded = load_brochure(ws / "content" / "demo", ws)
    return run_checks(
        loaded, strict=strict, on=on, clinic=clinic, languages=languages, cwd=ws
    )


def codes(report: CheckReport, language: str | None = "en") -> list[str]:
    return [p.code for p in report.problems if language is None or p.language == language]


def item(report: CheckReport, item_id: str, language: str = "en") -> str:
    lang = next(x for x in report.languages if x.language == language)
    return next(i.status for i in lang.items if i.id == item_id)


def section(d: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in d["sections"] if s["id"] == sid)


# =========================================================================== the baseline


def test_good_fixture_has_no_finding(tmp_path: Path) -> None:
    report = check(tmp_path, strict=True)
    assert report.problems == []
    assert (report.ok, report.exit_code) == (True, 0)
    for lang in report.languages:
        assert {i.status for i in lang.items} <= {"pass", "n/a"}
        assert lang.items_passed == lang.items_total
    en = report.languages[0]
    assert (en.items_passed, en.items_total) == (12, 12)  # translation, clinic: n/a


# =========================================================================== known scores


def test_known_scores_through_the_gate(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        d["summary"] = "The cat sat on the mat."
        section(d, "how-long")["blocks"] = ["Take your pills. Drink more water."]

    def es(d: dict[str, Any]) -> None:
        d["summary"] = "El gato come pan."

    report = check(tmp_path, en=en, es=es)
    en_r, es_r = (lang.readability for lang in report.languages)
    s = en_r.summary
    assert (s.words, s.sentences, s.syllables) == (6, 1, 6)
    assert s.scores["flesch_reading_ease"] == round(flesch_reading_ease(6, 1, 6), 1) == 116.1
    assert s.scores["flesch_kincaid_grade"] == round(flesch_kincaid_grade(6, 1, 6), 1)
    how_long = next(x for x in en_r.sections if x.section == "how-long")
    # take your pills / drink more wa-ter: 6 words, 2 sentences, 7 syllables
    assert (how_long.words, how_long.sentences, how_long.syllables) == (6, 2, 7)
    assert how_long.scores["flesch_kincaid_grade"] == round(flesch_kincaid_grade(6, 2, 7), 1)
    assert how_long.grade == how_long.scores["flesch_kincaid_grade"]
    # el ga-to co-me pan: 4 words, 1 sentence, 6 syllables
    s = es_r.summary
    assert (s.words, s.sentences, s.syllables) == (4, 1, 6)
    assert s.scores["fernandez_huerta"] == round(fernandez_huerta(4, 1, 6), 1) == 112.8
    assert s.scores["szigriszt_pazos"] == round(szigriszt_pazos(4, 1, 6), 1) == 109.4
    assert s.gate_formula == "fernandez_huerta" and s.grade is None
    # The whole text is scored from summed counts, never by averaging sections.
    whole = en_r.document
    assert whole.words == sum(x.words for x in en_r.sections) + en_r.summary.words


def test_titles_captions_and_credits_are_not_scored(tmp_path: Path) -> None:
    r = check(tmp_path).languages[0].readability
    what = next(x for x in r.sections if x.section == "what-to-do")
    # 13 + 6 + 8 + 11 words of prose; the step title "Drink" and the caption are labels.
    assert (what.words, what.sentences) == (38, 5)


def test_hard_text_fails_the_reading_level_at_strict(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        d["summary"] = HARD
        for s in d["sections"]:
            s["blocks"] = [HARD, *[b for b in s["blocks"] if not isinstance(b, str)]]

    report = check(tmp_path, en=en)
    found = {p.code: p for p in report.problems if p.language == "en"}
    assert found["reading-level"].severity == "warning"
    assert found["summary-reading-level"].severity == "warning"
    assert "limit grade 8" in found["reading-level"].message
    assert found["unexplained-term"].severity == "notice"
    assert item(report, "reading-level") == "fail"
    assert report.exit_code == 0  # warnings only
    assert check(tmp_path / "s", en=en, strict=True).exit_code == 1


def test_a_hard_section_is_not_averaged_away(tmp_path: Path) -> None:
    # One hard section in easy text: the whole text passes, the section fails --strict.
    def en(d: dict[str, Any]) -> None:
        section(d, "how-long")["blocks"] = [HARD + " That is 7 in 10 people, or 70%."]

    report = check(tmp_path, en=en, strict=True)
    found = [p for p in report.problems if p.code == "section-reading-level"]
    assert [(p.section, p.severity) for p in found] == [("how-long", "warning")]
    assert "limit grade 9 for one section (grade 8 + 1)" in found[0].message
    assert "reading-level" not in codes(report)
    assert item(report, "reading-level") == "fail"
    assert report.exit_code == 1
    assert check(tmp_path / "lenient", en=en).exit_code == 0  # a warning without --strict


def test_grade_above_target_within_limit_is_a_notice(tmp_path: Path) -> None:
    override = "readability:\n  grade_target: 1\n"
    report = check(tmp_path, files={"checks.yaml": override}, strict=True)
    assert codes(report) == ["reading-level-target"]
    assert report.problems[0].severity == "notice"
    assert report.exit_code == 0
    assert report.thresholds and report.thresholds.grade_target == 1


LONG = (
    "If you still feel ill after ten days, or if the cough gets worse at night and keeps "
    "you awake, call the clinic and ask to speak with the nurse today."
)


def test_long_sentence_reported_at_file_line_column(tmp_path: Path) -> None:
    text = (GOOD / "en.yaml").read_text(encoding="utf-8")
    old = '"About 70% of people feel better in a week. That is 7 in 10 people."'
    new = (
        '"About 70% of people feel better in a week. That is 7 in 10 people [@cdc-colds]. '
        "**If** " + LONG[3:] + '"'
    )
    assert old in text
    report = check(tmp_path, files={"content/demo/en.yaml": text.replace(old, new)})
    (long,) = [p for p in report.problems if p.code == "long-sentence"]
    assert long.severity == "warning" and long.section == "how-long"
    assert "31 words (limit 25)" in long.message
    lines = (tmp_path / "content" / "demo" / "en.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[long.line - 1][long.column - 1 :].startswith("If** you still feel ill")
    assert str(long).startswith(f"content/demo/en.yaml:{long.line}:{long.column}: warning: ")
    assert item(report, "sentence-length") == "fail"


def test_unexplained_medical_word_is_a_notice_and_an_explanation_clears_it(
    tmp_path: Path,
) -> None:
    def add(text: str) -> Edit:
        return lambda d: section(d, "what-to-do")["blocks"].append(text)

    report = check(tmp_path / "a", en=add("You may need a lumbar puncture."), strict=True)
    (term,) = [p for p in report.problems if p.code == "unexplained-term"]
    assert term.severity == "notice" and "`lumbar puncture`" in term.message
    assert "spinal tap" in term.message  # the glossary's plain words
    assert report.exit_code == 0 and item(report, "plain-words") == "fail"
    report = check(tmp_path / "b", en=add("You may need a lumbar puncture (a spinal tap)."))
    assert "unexplained-term" not in codes(report)


def _vietnamese(tmp: Path, long_sentence: bool) -> dict[str, str]:
    data = yaml.safe_load((GOOD / "en.yaml").read_text(encoding="utf-8"))
    data["language"] = "vi"
    data["translation"] = {"status": "reviewed", "source_revision": "x"}
    words = " ".join(["một"] * 30) if long_sentence else "một hai ba"
    section(data, "how-long")["blocks"] = [f"Khoảng 70% người bệnh, tức là 7 trên 10. {words}."]
    # The other texts are still English: not what this test is about.
    return {"content/demo/vi.yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
            "checks.yaml": "severity:\n  not-translated: off\n"}


def test_language_without_formula_gets_counts_and_no_gate(tmp_path: Path) -> None:
    report = check(tmp_path, files=_vietnamese(tmp_path, True), strict=True)
    vi = next(x for x in report.languages if x.language == "vi")
    assert vi.readability.document.formula is None
    assert "Vietnamese" in (vi.readability.document.reason or "")
    assert vi.readability.document.scores == {} and vi.readability.document.grade is None
    assert item(report, "reading-level", "vi") == "n/a"
    (long,) = [p for p in report.problems if p.language == "vi" and p.code == "long-sentence"]
    assert long.severity == "notice" and "not gated" in long.message
    assert report.exit_code == 0
    assert "vi counts only" in format_text(report)


def test_gate_unscored_languages_makes_their_long_sentences_warnings(tmp_path: Path) -> None:
    files = _vietnamese(tmp_path, True)
    files["checks.yaml"] = "readability: {gate_unscored_languages: true}\n"
    report = check(tmp_path, files=files, strict=True)
    assert [p.severity for p in report.problems if p.code == "long-sentence"] == ["warning"]
    assert report.exit_code == 1


# =========================================================================== structure items


def test_main_message_at_most_three_sentences(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        d["summary"] = "Colds pass. Rest. Drink water. Call us if you get worse."

    report = check(tmp_path, en=en)
    assert codes(report) == ["main-message"] and item(report, "main-message") == "fail"
    assert "4 sentences (at most 3)" in report.problems[0].message
    assert report.problems[0].line == 3  # the summary's line


def test_every_section_needs_a_heading(tmp_path: Path) -> None:
    report = check(tmp_path, en=lambda d: section(d, "how-long").update(title=" "))
    (p,) = report.problems
    assert (p.code, p.section) == ("headings", "how-long")
    assert item(report, "headings") == "fail"


def _no_steps(d: dict[str, Any]) -> None:
    s = section(d, "what-to-do")
    s["title"] = "About colds"
    s["blocks"] = [b for b in s["blocks"] if not (isinstance(b, dict) and "steps" in b)]


def test_action_items_missing(tmp_path: Path) -> None:
    report = check(tmp_path, en=_no_steps)
    assert codes(report) == ["action-items"] and item(report, "action-items") == "fail"


def test_action_items_from_a_what_you_can_do_list(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        _no_steps(d)
        section(d, "what-to-do")["blocks"] += ["**What you can do:**", {"bullets": ["Rest."]}]

    assert "action-items" not in codes(check(tmp_path, en=en))


def test_action_items_from_a_steps_block_anywhere(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        _no_steps(d)
        section(d, "get-help")["blocks"].append({"steps": ["Rest.", "Drink water."]})

    assert "action-items" not in codes(check(tmp_path, en=en))


def test_lists_of_at_most_seven(tmp_path: Path) -> None:
    def steps(n: int) -> Edit:
        def edit(d: dict[str, Any]) -> None:
            blocks = section(d, "what-to-do")["blocks"]
            blocks[1] = {"steps": [f"Do thing {k}." for k in range(n)]}

        return edit

    report = check(tmp_path / "a", en=steps(8))
    (p,) = report.problems
    assert (p.code, p.section) == ("list-length", "what-to-do")
    assert "list of 8 items (at most 7)" in p.message
    assert "list-length" not in codes(check(tmp_path / "b", en=steps(7)))


def _illustration(d: dict[str, Any]) -> dict[str, Any]:
    return section(d, "what-to-do")["blocks"][2]["illustration"]


def test_illustration_needs_a_caption(tmp_path: Path) -> None:
    report = check(tmp_path, en=lambda d: _illustration(d).pop("caption"))
    assert codes(report) == ["illustration-caption"]
    assert item(report, "illustrations") == "fail"


def test_illustration_alt_text_must_not_repeat_the_caption(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        _illustration(d)["alt"] = _illustration(d)["caption"]

    assert codes(check(tmp_path / "a", en=en)) == ["illustration-alt"]

    def blank(d: dict[str, Any]) -> None:
        _illustration(d)["alt"] = "  "

    assert codes(check(tmp_path / "b", en=blank)) == ["illustration-alt"]


def test_no_illustration_is_not_applicable(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        section(d, "what-to-do")["blocks"].pop(2)

    report = check(tmp_path, en=en)
    assert item(report, "illustrations") == "n/a" and report.problems == []


def _how_long(*blocks: str) -> Edit:
    return lambda d: section(d, "how-long").update(blocks=list(blocks))


def test_percentage_without_words_is_a_warning(tmp_path: Path) -> None:
    report = check(tmp_path, en=_how_long("About 70% of people feel better in a week."))
    (p,) = report.problems
    assert (p.code, p.severity, p.section) == ("percent-explained", "warning", "how-long")
    assert "`70%`" in p.message and item(report, "numbers") == "fail"


def test_percentage_position_points_at_the_percentage(tmp_path: Path) -> None:
    text = (GOOD / "en.yaml").read_text(encoding="utf-8")
    old = '"About 70% of people feel better in a week. That is 7 in 10 people."'
    new = '"After 70 days [@cdc-colds], **70%** of people feel better."'
    report = check(tmp_path, files={"content/demo/en.yaml": text.replace(old, new)})
    (p,) = [p for p in report.problems if p.code == "percent-explained"]
    line = (tmp_path / "content/demo/en.yaml").read_text(encoding="utf-8").splitlines()[p.line - 1]
    assert line[p.column - 1 :].startswith("70%** of people")


def test_bad_today_is_a_clean_error(tmp_path: Path) -> None:
    ws = make(tmp_path)
    result = run(ws, "check", "demo", today="someday")
    assert result.exit_code == 1 and "$BROCHURE_TODAY: `someday` is not a date" in result.stderr


def test_percentage_explained_elsewhere_in_the_same_section(tmp_path: Path) -> None:
    report = check(tmp_path, en=_how_long(
        "About 70% of people feel better in a week.",
        "In a week, 70% (7 in 10) feel fine.",
    ))
    assert "percent-explained" not in codes(report)


def test_percentage_explained_only_in_another_section_is_not_enough(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        _how_long("About 70% of people feel better in a week.")(d)
        section(d, "get-help")["blocks"].append("Most, 70% or 7 in 10, get well.")

    report = check(tmp_path, en=en)
    assert [p.section for p in report.problems if p.code == "percent-explained"] == ["how-long"]


def test_percent_written_out_and_spanish_spacing(tmp_path: Path) -> None:
    report = check(tmp_path / "a", en=_how_long("About 70 percent of people feel better."))
    assert "percent-explained" in codes(report)

    def es(d: dict[str, Any]) -> None:
        section(d, "how-long")["blocks"] = ["Un 70 % de las personas se siente mejor."]

    assert "percent-explained" in codes(check(tmp_path / "b", es=es), "es")


def test_no_percentages_is_not_applicable(tmp_path: Path) -> None:
    report = check(tmp_path, en=_how_long("Most people feel better in a week."))
    assert item(report, "numbers") == "n/a"


def test_uncited_source_is_a_warning_at_the_source(tmp_path: Path) -> None:
    def meta(d: dict[str, Any]) -> None:
        d["sources"].append({"id": "unused2020", "title": "Never cited"})

    report = check(tmp_path, meta=meta)
    found = [p for p in report.problems if p.code == "uncited-source"]
    assert [(p.language, p.file) for p in found] == [
        ("en", "content/demo/brochure.yaml"), ("es", "content/demo/brochure.yaml")]
    assert "`unused2020` is never cited in en.yaml" in found[0].message
    assert item(report, "sources") == "fail"


def test_unresolvable_citation_is_an_error_before_any_check(tmp_path: Path) -> None:
    ws = make(tmp_path, en=_how_long("Colds pass [@nobody]."))
    with pytest.raises(BrochureError) as info:
        load_brochure(ws / "content" / "demo", ws)
    report = failed_load_report("demo", info.value.problems, strict=False, on=ON)
    assert report.exit_code == 1 and report.languages == []
    assert "names no source" in report.problems[0].message


def test_when_to_call_warning_box(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        section(d, "get-help")["blocks"][0]["callout"]["kind"] = "info"

    report = check(tmp_path, en=en)
    assert codes(report) == ["warning-callout"] and item(report, "when-to-call") == "fail"


def test_review_date_expired_due_and_fine(tmp_path: Path) -> None:
    expired = check(tmp_path / "a", on=dt.date(2028, 3, 1))
    (p,) = expired.problems
    assert (p.code, p.severity, p.language) == ("review-expired", "warning", None)
    assert "expired on 2028-01-15" in p.message and p.file == "content/demo/brochure.yaml"
    assert expired.review and expired.review.status == "expired"
    assert expired.exit_code == 0
    assert item(expired, "review-date") == item(expired, "review-date", "es") == "fail"
    assert check(tmp_path / "b", on=dt.date(2028, 3, 1), strict=True).exit_code == 1
    due = check(tmp_path / "c", on=dt.date(2027, 12, 1))
    assert codes(due, None) == ["review-due"] and due.review and due.review.days_left == 45
    assert check(tmp_path / "d", on=dt.date(2027, 10, 1)).problems == []  # 106 days left


def test_draft_translation_is_a_notice_not_a_failure(tmp_path: Path) -> None:
    report = check(tmp_path, es=lambda d: d["translation"].update(status="draft"), strict=True)
    assert codes(report, "es") == ["translation-draft"]
    assert report.problems[0].severity == "notice" and report.exit_code == 0
    assert report.languages[1].translation == "draft"
    assert item(report, "translation", "es") == "fail"


def test_outdated_translation_fails_strict(tmp_path: Path) -> None:
    report = check(tmp_path, en=_how_long("Most people, 7 in 10, are well in a week."),
                   refresh=False, strict=True)
    assert codes(report, "es") == ["translation-outdated"] and report.exit_code == 1


CLINIC = "name: Test Clinic\ncolors:\n  primary: \"{primary}\"\n  accent: \"#E6F2F1\"\n"


def test_clinic_contrast(tmp_path: Path) -> None:
    bad = {"clinics/bad.yaml": CLINIC.format(primary="#FFFF00")}
    report = check(tmp_path / "a", files=bad, clinic="bad")
    found = [p for p in report.problems if p.code == "clinic-contrast"]
    assert found and all(p.severity == "error" and p.file == "clinics/bad.yaml" for p in found)
    assert report.exit_code == 1 and item(report, "clinic-contrast") == "fail"
    good = {"clinics/good.yaml": CLINIC.format(primary="#1B5E63")}
    report = check(tmp_path / "b", files=good, clinic="good")
    assert report.problems == [] and item(report, "clinic-contrast") == "pass"
    assert report.clinic == "good"
    missing = check(tmp_path / "c", clinic="nowhere")
    assert codes(missing, None) == ["clinic"] and missing.exit_code == 1


# =========================================================================== configuration


def test_default_config_names_every_code_and_items_use_known_codes() -> None:
    assert set(default_data()["severity"]) == set(CODES)
    assert {code for spec in ITEMS for code in spec.codes} <= set(CODES)
    config = load_config()
    assert config.readability.grade_error == 8 and config.readability.grade_target == 6
    assert config.readability.max_sentence_words == 25


def test_severity_off_drops_a_check(tmp_path: Path) -> None:
    files = {"checks.yaml": "severity:\n  list-length: off\n"}

    def en(d: dict[str, Any]) -> None:
        section(d, "what-to-do")["blocks"][1] = {"steps": [f"Do {k}." for k in range(9)]}

    report = check(tmp_path, en=en, files=files)
    assert report.problems == [] and item(report, "list-length") == "pass"


def test_invalid_workspace_config_is_reported_with_its_position(tmp_path: Path) -> None:
    (tmp_path / "checks.yaml").write_text("readability:\n  grade_targte: 5\n")
    with pytest.raises(BrochureError) as info:
        load_config(tmp_path, tmp_path)
    (p,) = info.value.problems
    assert (p.file, p.line) == ("checks.yaml", 2) and "grade_targte" in p.message


# =========================================================================== JSON schema


def test_committed_schema_matches_the_report_model() -> None:
    if UPDATE:
        SCHEMA.write_text(schema_json(), encoding="utf-8")
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json.loads(schema_json()), (
        "the check report's shape changed: update docs/check-report.md, bump schema_version "
        "if consumers break, and regenerate with UPDATE_GOLDENS=1"
    )


def test_json_report_of_the_good_fixture_is_stable(tmp_path: Path) -> None:
    report = check(tmp_path, es=lambda d: d["translation"].update(status="draft"))
    data = json.loads(report.to_json())
    assert CheckReport.model_validate(data) == report  # no key outside the schema
    if UPDATE:
        GOLDEN.write_text(report.to_json() + "\n", encoding="utf-8")
    assert data == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_code_and_item_is_documented() -> None:
    doc = (ROOT / "docs" / "check-report.md").read_text(encoding="utf-8")
    missing = [c for c in [*CODES, *(spec.id for spec in ITEMS)] if f"`{c}`" not in doc]
    assert missing == []


# =========================================================================== command line


def run(ws: Path, *args: str, today: str = ON.isoformat()):
    cwd = os.getcwd()
    os.chdir(ws)
    try:
        return CliRunner(env={"BROCHURE_TODAY": today}).invoke(
            main, list(args), catch_exceptions=False
        )
    finally:
        os.chdir(cwd)


def test_cli_exit_codes(tmp_path: Path) -> None:
    ws = make(tmp_path / "good")
    result = run(ws, "check", "demo", "--strict")
    assert result.exit_code == 0, result.output
    assert "demo: OK — en Flesch-Kincaid grade 1.9, items 12/12; es Fernández-Huerta" in (
        result.stdout)
    ws = make(tmp_path / "warn", en=_how_long("About 70% of people get well."))
    result = run(ws, "check", "demo")
    assert result.exit_code == 0
    assert "content/demo/en.yaml:" in result.stdout and "[percent-explained]" in result.stdout
    result = run(ws, "check", "demo", "--strict")
    assert result.exit_code == 1
    assert "demo: FAILED (--strict: warnings count as errors)" in result.stdout
    result = run(ws, "check", "demo", "--strict", "--lang", "es")
    assert result.exit_code == 0  # the warning is in en only
    result = run(ws, "check", "demo", today="2030-01-01")  # expired review: warning
    assert result.exit_code == 0 and "EXPIRED" in result.stdout


def test_cli_json_and_languages(tmp_path: Path) -> None:
    ws = make(tmp_path)
    result = run(ws, "check", "demo", "--format", "json", "--lang", "es")
    assert result.exit_code == 0
    report = CheckReport.model_validate_json(result.stdout)
    assert [x.language for x in report.languages] == ["es"]
    assert report.today == ON and report.schema_version == 1


def test_cli_check_clinic(tmp_path: Path) -> None:
    ws = make(tmp_path, files={"clinics/bad.yaml": CLINIC.format(primary="#FFFF00")})
    result = run(ws, "check", "demo", "--clinic", "bad")
    assert result.exit_code == 1
    assert "clinics/bad.yaml:3:12: error: colour contrast too low" in result.stdout


def test_cli_invalid_content(tmp_path: Path) -> None:
    ws = make(tmp_path, en=_how_long("Colds pass [@nobody]."))
    result = run(ws, "check", "demo")
    assert result.exit_code == 1 and "names no source" in result.stderr
    result = run(ws, "check", "demo", "--format", "json")
    report = CheckReport.model_validate_json(result.stdout)
    assert result.exit_code == 1 and not report.ok and report.thresholds is None


def test_build_strict_refuses_when_the_gate_fails(tmp_path: Path) -> None:
    ws = make(tmp_path, en=_how_long("About 70% of people get well."))
    result = run(ws, "build", "demo", "--strict", "--lang", "en")
    assert result.exit_code == 1
    assert "[percent-explained]" in result.stderr and "not building" in result.stderr
    assert not (ws / "output").exists()
    result = run(ws, "build", "demo", "--strict", "--lang", "es")  # es itself is clean
    assert result.exit_code == 0, result.output
    assert (ws / "output" / "demo-es-handout-letter.pdf").is_file()


# =========================================================================== the MS brochure


def test_ms_brochure_passes_strict(ms_workspace: Path) -> None:
    loaded = load_brochure(ms_workspace / "content" / "ms-stem-cells", ms_workspace)
    report = run_checks(loaded, strict=True, on=ON, cwd=ms_workspace)
    assert report.exit_code == 0, "\n".join(str(p) for p in report.problems)
    langs = {x.language: x.readability for x in report.languages}
    en = langs["en"]
    assert en.document.grade is not None and en.document.grade <= 8
    assert en.summary.grade is not None and en.summary.grade <= 6
    es = langs["es"]
    assert es.document.status in ("ok", "above_target")  # Fernández-Huerta: grade 8 or below
    assert es.summary.status == "ok"  # grade 6 or below
    assert es.document.longest_sentence_length <= 25
    assert set(langs) == {"en", "es", "ar", "ru", "vi", "zh-Hans"}


def test_a_workspace_glossary_folder_extends_the_glossary(tmp_path: Path) -> None:
    def en(d: dict[str, Any]) -> None:
        section(d, "how-long")["blocks"] = ["Bring your gadget to every visit."]

    plain = check(tmp_path / "a", en=en)
    assert not any("`gadget`" in p.message for p in plain.problems)
    own = check(tmp_path / "b", en=en, files={"glossary/en.yaml": "terms:\n  gadget: [tool]\n"})
    found = [p for p in own.problems if p.code == "unexplained-term" and "`gadget`" in p.message]
    assert len(found) == 1 and found[0].message.startswith("medical term `gadget`")
