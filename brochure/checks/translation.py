"""Translation findings at the translated text itself: texts still in the source
language, and texts whose source changed since they were translated.

The source a translation was made from comes from the snapshot store
(`content/<id>/source-revisions/`); without it only the file-level "translated from an
older source" warning of the loader can be given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field

import yaml

from brochure.checks.report import RawFinding
from brochure.content.loader import LanguageDoc, LoadedBrochure, text_position
from brochure.content.model import Loc
from brochure.records import record
from brochure.translate import snapshots
from brochure.translate.state import changed_part, unit_states
from brochure.translate.units import units_of


@record
class TranslationResult:
    findings: list[RawFinding] = field(default_factory=list)
    untranslated: set[Loc] = field(default_factory=set)  # not to be scored as this language
    per_unit: bool = False  # the old source is known: findings name each changed text


def word_count(text: str) -> int:
    """Words, counting each CJK character as one (those scripts have no spaces)."""
    count = 0
    for token in re.findall(r"[^\W\d_]+", text):
        count += sum(1 for ch in token if _ideographic(ch)) or 1
    return count


def _ideographic(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def check_translation(loaded: LoadedBrochure, lang: LanguageDoc,
                      min_words: int) -> TranslationResult:
    result = TranslationResult()
    source = loaded.source
    translation = lang.content.translation
    if lang is source or translation is None:
        return result
    revision = translation.source_revision
    current = snapshots.revision_of(source.doc.path.read_bytes())
    old = None
    if revision == current:
        old = source.doc.data
    elif revision:
        data = snapshots.load(loaded.folder, revision)
        old = None if data is None else yaml.safe_load(data.decode("utf-8-sig"))
    result.per_unit = old is not None
    states, _ = unit_states(source.doc.data, old, lang.doc.data, revision == current)
    where = {u.id: u.loc for u in units_of(lang.doc.data)}
    sections = {s.id: k for k, s in enumerate(lang.content.sections)}
    src = source.tag
    for state in states:
        loc = where.get(state.translated_id or "")
        if loc is not None and state.translation == state.unit.text:
            result.untranslated.add(loc)  # the source's text: never scored as this language
        if state.status == "untranslated" and loc is not None:
            if word_count(state.unit.text) < min_words:
                continue
            result.findings.append(_at(lang, loc, "not-translated",
                                       f"not yet translated: the same text as in {src}.yaml; "
                                       "translate it (`brochure translate export` sends it "
                                       "to a translator)", state.unit.section))
        elif state.status == "changed" and loc is not None:
            was, now = changed_part(state.old_source or "", state.unit.text)
            result.findings.append(_at(lang, loc, "translation-outdated",
                                       f"the {src} text changed since this was translated: "
                                       f"was “{was}”, now “{now}”; update the translation "
                                       f"(`brochure translate diff {loaded.id} {lang.tag}`)",
                                       state.unit.section))
        elif (state.status == "new" and result.per_unit and revision != current
              and state.unit.section in sections):
            section_loc: Loc = ("sections", sections[state.unit.section], "id")
            result.findings.append(_at(lang, section_loc, "translation-outdated",
                                       f"new in {src}.yaml since this was translated: "
                                       f"`{state.unit.id}` “{_clip(state.unit.text)}”; "
                                       "translate it", state.unit.section))
    return result


def _at(lang: LanguageDoc, loc: Loc, code: str, message: str,
        section: str | None) -> RawFinding:
    line, column = text_position(lang.doc, loc, 0)
    return RawFinding(code, line, column, message, section)


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
