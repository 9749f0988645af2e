"""The gate's result as typed data: the one source of the JSON report and its schema.

The JSON that `brochure check --format json` prints is `CheckReport.model_dump`, and
docs/check-report.schema.json is `CheckReport.model_json_schema()`; a test keeps the
two in step, so CI consumers can rely on the documented shape (`schema_version`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from brochure.records import record

SCHEMA_VERSION = 1

Severity = Literal["error", "warning", "notice"]
ItemStatus = Literal["pass", "fail", "n/a"]
ReadabilityStatus = Literal["ok", "above_target", "above_error", "unscored"]


@record(frozen=True)
class RawFinding:
    """A finding before severities are applied: code, position, message, section."""

    code: str
    line: int
    column: int
    message: str
    section: str | None
    file: str | None = None  # None: the language file being checked
    notice_only: bool = False  # reported, never failing (e.g. limits not set for this language)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(_Model):
    """One thing that falls short of the standard, at a place in a file."""

    code: str = Field(description="Stable identifier of the check, e.g. `long-sentence`")
    severity: Severity
    file: str
    line: int = Field(description="1-based; 0 when no position is known")
    column: int
    message: str
    language: str | None = Field(description="Language tag, or null for brochure-wide findings")
    section: str | None = Field(description="Section id, or null (front matter, whole file)")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column or 1}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class Item(_Model):
    """One machine-checkable item of PEMAT-P / CDC CCI; fails when it has any finding."""

    id: str
    title: str
    status: ItemStatus
    reason: str | None = Field(description="Why the item does not apply (status n/a)")
    findings: int = Field(description="Number of findings of this item, any severity")


class ScopeReadability(_Model):
    """Readability of one scope: the whole language, the summary, or one section."""

    scope: str = Field(description="`document`, `summary` or `section`")
    section: str | None
    title: str | None
    formula: str | None = Field(description="Main formula, or null with `reason`")
    reason: str | None
    unit: Literal["words", "characters"]
    sentences: int
    words: int
    characters: int
    syllables: int | None
    polysyllables: int | None
    average_sentence_length: float
    longest_sentence_length: int
    scores: dict[str, float]
    levels: dict[str, str]
    gate_formula: str | None
    grade: float | None = Field(description="US school grade when the gate formula is a grade")
    status: ReadabilityStatus


class LanguageReadability(_Model):
    document: ScopeReadability
    summary: ScopeReadability
    sections: list[ScopeReadability]


class LanguageCheck(_Model):
    language: str
    file: str
    translation: Literal["source", "draft", "reviewed"]
    readability: LanguageReadability
    items: list[Item]
    items_passed: int
    items_total: int = Field(description="Items that apply (status not n/a)")


class Review(_Model):
    reviewed: dt.date
    next_review: dt.date
    days_left: int
    status: Literal["ok", "due", "expired"]


class Counts(_Model):
    error: int
    warning: int
    notice: int


class Thresholds(_Model):
    grade_target: float
    grade_error: float
    grade_formula: str
    max_sentence_words: int
    max_sentence_chars: int
    summary_max_sentences: int
    max_list_items: int
    review_due_days: int


class CheckReport(_Model):
    """Everything `brochure check` found for one brochure."""

    schema_version: Literal[1] = SCHEMA_VERSION
    brochure: str
    today: dt.date
    strict: bool
    ok: bool = Field(description="False when exit_code is 1")
    exit_code: int = Field(description="0 clean or warnings only; 1 errors (or warnings, strict)")
    counts: Counts
    thresholds: Thresholds | None = Field(description="Null when the brochure did not load")
    review: Review | None
    clinic: str | None = Field(description="The clinic profile checked (--clinic), or null")
    languages: list[LanguageCheck]
    problems: list[Finding] = Field(description="Every finding, in file order")

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False)


def exit_code(problems: list[Finding], strict: bool) -> int:
    """1 for any error, or any warning with --strict; notices never fail."""
    failing = {"error", "warning"} if strict else {"error"}
    return int(any(p.severity in failing for p in problems))


def count(problems: list[Finding]) -> Counts:
    return Counts(
        error=sum(p.severity == "error" for p in problems),
        warning=sum(p.severity == "warning" for p in problems),
        notice=sum(p.severity == "notice" for p in problems),
    )


def schema_json() -> str:
    """The JSON Schema of the report, as committed in docs/check-report.schema.json."""
    schema = CheckReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "brochure check report"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
