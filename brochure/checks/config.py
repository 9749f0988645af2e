"""The gate's thresholds and severities: `brochure/checks.yaml`, overridden per workspace.

The numbers are data, not code, so a clinic can tighten or relax the gate without a
release. Every key must be in the packaged file (it is the single place that holds the
defaults); a workspace `checks.yaml` beside `content/` is merged over it key by key
and validated with positions like content files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from brochure.content.validation import validate
from brochure.content.yamlnodes import YamlDoc, read_yaml
from brochure.errors import BrochureError, Problem
from brochure.files import package_file
from brochure.readability import ReadabilityConfig, primary_language

WORKSPACE_FILE = "checks.yaml"
GLOSSARY_FOLDER = "glossary"  # <workspace>/glossary/<lang>.yaml: terms added to the package's

Code = Literal[
    "reading-level",
    "reading-level-target",
    "summary-reading-level",
    "section-reading-level",
    "long-sentence",
    "unexplained-term",
    "main-message",
    "headings",
    "action-items",
    "list-length",
    "illustration-alt",
    "illustration-caption",
    "percent-explained",
    "uncited-source",
    "warning-callout",
    "review-expired",
    "review-due",
    "translation-draft",
    "translation-outdated",
    "not-translated",
    "clinic-contrast",
    "clinic",
    "content",
]
CODES: tuple[str, ...] = Code.__args__  # type: ignore[attr-defined]
ConfigSeverity = Literal["error", "warning", "notice", "off"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReadabilitySettings(_Strict):
    grade_target: float = Field(ge=0, le=20)
    grade_error: float = Field(ge=0, le=20)
    grade_formula: Literal["flesch_kincaid_grade", "smog"]
    max_sentence_words: int = Field(ge=5, le=100)
    max_sentence_chars: int = Field(ge=10, le=200)
    hard_word_syllables: int | None = Field(ge=2, le=10)
    gate_unscored_languages: bool
    section_grade_margin: float = Field(ge=0, le=5)


class StructureSettings(_Strict):
    summary_max_sentences: int = Field(ge=1, le=20)
    max_list_items: int = Field(ge=2, le=50)
    review_due_days: int = Field(ge=0, le=730)
    untranslated_min_words: int = Field(ge=1, le=100)


class LanguagePhrases(_Strict):
    action_lead_ins: list[str] = []
    number_words: list[str] = []
    percent_words: list[str] = []

    @field_validator("action_lead_ins", "number_words", "percent_words")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"`{pattern}` is not a valid regular expression: {exc}") from None
        return value


class CheckConfig(_Strict):
    """Everything `brochure check` can be told; see brochure/checks.yaml for the meaning."""

    readability: ReadabilitySettings
    structure: StructureSettings
    severity: dict[Code, ConfigSeverity]
    languages: dict[str, LanguagePhrases]
    # The workspace's glossary/ folder (a clinic's own terms), which extends the package's.
    _glossary_dir: Path | None = PrivateAttr(default=None)

    @field_validator("severity", mode="before")
    @classmethod
    def _yaml_off(cls, value: Any) -> Any:
        """YAML 1.1 reads a bare `off` as false; take it as the author meant it."""
        if isinstance(value, dict):
            return {k: "off" if v is False else v for k, v in value.items()}
        return value

    def readability_config(self) -> ReadabilityConfig:
        r = self.readability
        return ReadabilityConfig(
            grade_target=r.grade_target,
            grade_error=r.grade_error,
            max_sentence_words=r.max_sentence_words,
            max_sentence_chars=r.max_sentence_chars,
            hard_word_syllables=r.hard_word_syllables,
            grade_formula=r.grade_formula,
            glossary_dir=self._glossary_dir,
        )

    def phrases(self, tag: str) -> LanguagePhrases | None:
        """Phrases for a language tag, falling back to its primary subtag (zh-Hans → zh)."""
        return self.languages.get(tag) or self.languages.get(primary_language(tag))

    def severity_of(self, code: str) -> ConfigSeverity:
        return self.severity.get(code, "warning")  # type: ignore[call-overload]


def _merge(base: Any, override: Any) -> Any:
    """Override mappings key by key; anything else (lists included) is replaced whole."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


def default_data() -> dict[str, Any]:
    text = package_file("brochure", "checks.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_config(workspace: Path | None = None, cwd: Path | None = None) -> CheckConfig:
    """The packaged defaults, with `<workspace>/checks.yaml` merged over them if present.

    Raises BrochureError with positioned problems when the workspace file is invalid.
    """
    config = _load_config(workspace, cwd)
    glossary = workspace / GLOSSARY_FOLDER if workspace else None
    if glossary is not None and glossary.is_dir():
        config._glossary_dir = glossary
    return config


def _load_config(workspace: Path | None, cwd: Path | None) -> CheckConfig:
    data = default_data()
    override_path = workspace / WORKSPACE_FILE if workspace else None
    if override_path is None or not override_path.is_file():
        return CheckConfig.model_validate(data)
    display = str(override_path)
    try:
        display = str(override_path.resolve().relative_to((cwd or Path.cwd()).resolve()))
    except ValueError:
        pass
    override = read_yaml(override_path, display)
    if not isinstance(override.data, dict):
        raise BrochureError([Problem(display, 1, 1, "checks.yaml must be a mapping of settings")])
    merged = YamlDoc(override.path, display, _merge(data, override.data), override.root)
    config, problems = validate(CheckConfig, merged)
    if config is None:
        raise BrochureError(problems)
    return config
