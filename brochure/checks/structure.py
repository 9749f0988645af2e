"""Structure checks of one language file: the machine-checkable PEMAT-P / CDC CCI items.

Each check looks at the content model (not the PDF), so it runs in milliseconds and
points at the YAML an author edits. Heuristic checks (action lead-ins, percentages in
words) take their phrases from checks.yaml, and say "n/a" for a language that has none
rather than guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field

from brochure.checks.config import CheckConfig, LanguagePhrases
from brochure.checks.report import RawFinding
from brochure.checks.texts import TextRef
from brochure.content.loader import LanguageDoc, LoadedBrochure, text_position
from brochure.content.markup import parse
from brochure.content.model import (
    Bullets,
    Callout,
    Illustration,
    Loc,
    Paragraph,
    Steps,
    language_texts,
)
from brochure.readability import split_sentences
from brochure.records import record


@record
class StructureResult:
    findings: list[RawFinding] = field(default_factory=list)
    not_applicable: dict[str, str] = field(default_factory=dict)  # item id → reason


def check_structure(
    loaded: LoadedBrochure, lang: LanguageDoc, config: CheckConfig
) -> StructureResult:
    """Every structure check of one language file."""
    result = StructureResult()
    phrases = config.phrases(lang.tag)
    result.findings += _main_message(lang, config)
    result.findings += _headings(lang)
    result.findings += _action_items(lang, phrases)
    result.findings += _lists(lang, config)
    result.findings += _illustrations(lang, result)
    result.findings += _percentages(lang, phrases, result)
    result.findings += _sources(loaded, lang)
    result.findings += _warning_callout(lang)
    result.findings += _translation(loaded, lang, result)
    return result


def _at(lang: LanguageDoc, loc: Loc) -> tuple[int, int]:
    return lang.doc.position(loc)


def _plain(text: str) -> str:
    return parse(text).plain_text().strip()


def _main_message(lang: LanguageDoc, config: CheckConfig) -> list[RawFinding]:
    summary = _plain(lang.content.summary)
    limit = config.structure.summary_max_sentences
    line, col = _at(lang, ("summary",))
    if not summary:
        return [RawFinding("main-message", line, col,
                           "the summary is empty; write the one main message here", None)]
    n = len(split_sentences(summary, lang.tag))
    if n > limit:
        return [RawFinding(
            "main-message", line, col,
            f"the summary has {n} sentences (at most {limit}); keep one main message and "
            "move the rest into a section", None)]
    return []


def _headings(lang: LanguageDoc) -> list[RawFinding]:
    found = []
    for si, section in enumerate(lang.content.sections):
        if not _plain(section.title):
            line, col = _at(lang, ("sections", si, "title"))
            found.append(RawFinding("headings", line, col,
                                    f"section `{section.id}` has an empty heading; give it a "
                                    "title that says what the section is about", section.id))
    return found


def _matches(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def _action_items(lang: LanguageDoc, phrases: LanguagePhrases | None) -> list[RawFinding]:
    lead_ins = phrases.action_lead_ins if phrases else []
    for section in lang.content.sections:
        previous = _plain(section.title)  # a lead-in: the heading or the paragraph before
        for block in section.blocks:
            if isinstance(block, Steps):
                return []
            if isinstance(block, Bullets) and _matches(lead_ins, previous):
                return []
            if isinstance(block, Callout) and block.callout.bullets:
                head = " ".join(_plain(t) for t in (block.callout.title, block.callout.text) if t)
                if _matches(lead_ins, head):
                    return []
            if isinstance(block, str):
                previous = _plain(block)
            elif isinstance(block, Paragraph):
                previous = _plain(block.paragraph)
            else:
                previous = ""
    line, col = lang.doc.key_position((), "sections")
    return [RawFinding(
        "action-items", line, col,
        "no action for the reader: add a `steps` block, or a bulleted list after a lead-in "
        "such as “What you can do:”", None)]


def _lists(lang: LanguageDoc, config: CheckConfig) -> list[RawFinding]:
    limit = config.structure.max_list_items
    found = []
    for si, section in enumerate(lang.content.sections):
        for bi, block in enumerate(section.blocks):
            here: Loc = ("sections", si, "blocks", bi)
            lists: list[tuple[Loc, int]] = []
            if isinstance(block, Bullets):
                lists.append((here + ("bullets",), len(block.bullets)))
            elif isinstance(block, Steps):
                lists.append((here + ("steps",), len(block.steps)))
            elif isinstance(block, Callout) and block.callout.bullets:
                lists.append((here + ("callout", "bullets"), len(block.callout.bullets)))
            for loc, n in lists:
                if n > limit:
                    line, col = _at(lang, loc)
                    found.append(RawFinding(
                        "list-length", line, col,
                        f"list of {n} items (at most {limit}); split it into shorter lists "
                        "under their own lead-ins", section.id))
    return found


def _illustrations(lang: LanguageDoc, result: StructureResult) -> list[RawFinding]:
    found = []
    seen = 0
    for si, section in enumerate(lang.content.sections):
        for bi, block in enumerate(section.blocks):
            if not isinstance(block, Illustration):
                continue
            seen += 1
            body = block.illustration
            loc: Loc = ("sections", si, "blocks", bi, "illustration")
            alt, caption = _plain(body.alt), _plain(body.caption or "")
            if not alt:
                line, col = _at(lang, loc + ("alt",))
                found.append(RawFinding("illustration-alt", line, col,
                                        f"illustration `{body.id}` has empty alt text; say what "
                                        "the picture shows for screen-reader users", section.id))
            elif caption and alt.casefold() == caption.casefold():
                line, col = _at(lang, loc + ("alt",))
                found.append(RawFinding("illustration-alt", line, col,
                                        f"illustration `{body.id}`: the alt text repeats the "
                                        "caption; describe what the picture shows", section.id))
            if not caption:
                line, col = _at(lang, loc)
                found.append(RawFinding("illustration-caption", line, col,
                                        f"illustration `{body.id}` has no caption; add "
                                        "`caption:` saying what the reader should take from it",
                                        section.id))
    if not seen:
        result.not_applicable["illustrations"] = "no illustrations"
    return found


_PERCENT_SIGN = r"(?:%|٪|％)"
_NUMBER = r"(\d+(?:[.,]\d+)?)"


def _percent_pattern(words: list[str]) -> re.Pattern[str]:
    forms = [_PERCENT_SIGN] + [re.escape(w) for w in words]
    return re.compile(_NUMBER + r"[\s\u00a0\u202f]?(?:" + "|".join(forms) + r")", re.IGNORECASE)


def _number_key(number: str) -> str:
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else "." for c in number)
    return digits.rstrip("0").rstrip(".") if "." in digits else digits


def _percentages(
    lang: LanguageDoc, phrases: LanguagePhrases | None, result: StructureResult
) -> list[RawFinding]:
    if not phrases or not phrases.number_words:
        result.not_applicable["numbers"] = (
            f"no number words for `{lang.tag}` in checks.yaml (`languages:`)"
        )
        return []
    pattern = _percent_pattern(phrases.percent_words)
    # (section, loc, raw, plain) for every text; front matter is its own group.
    texts = []
    for loc, raw in language_texts(lang.content):
        section = lang.content.sections[int(loc[1])].id if loc[0] == "sections" else None
        texts.append((section, loc, raw, parse(raw).plain_text()))
    explained: set[tuple[str | None, str]] = set()
    mentions = []
    for section, loc, raw, plain in texts:
        numbers = [(m, _number_key(m.group(1))) for m in pattern.finditer(plain)]
        worded = _matches(phrases.number_words, pattern.sub(" ", plain))
        for m, key in numbers:
            if worded:
                explained.add((section, key))
            mentions.append((section, loc, raw, m, key))
    if not mentions:
        result.not_applicable["numbers"] = "no percentages"
        return []
    found = []
    for section, loc, raw, m, key in mentions:
        if (section, key) in explained:
            continue
        offset = TextRef(loc, raw, parse(raw).plain_text(), section).raw_offset(m.start())
        line, col = text_position(lang.doc, loc, offset)
        found.append(RawFinding(
            "percent-explained", line, col,
            f"`{m.group(0)}` is not said in words nearby; add {_in_words(key)} in the same "
            "text or where the section first gives it", section))
    return found


def _in_words(key: str) -> str:
    """A suggestion in natural frequencies: 70 → “about 7 in 10 people”."""
    tenths = round(float(key) / 10)
    if 1 <= tenths <= 9:
        return f"e.g. “about {tenths} in 10 people”"
    return "a natural frequency, e.g. “about 1 in 100 people”"


def _sources(loaded: LoadedBrochure, lang: LanguageDoc) -> list[RawFinding]:
    cited: set[str] = set()
    for _, text in language_texts(lang.content):
        for citation in parse(text).citations:
            cited.update(citation.ids)
    found = []
    for k, source in enumerate(loaded.meta.sources):
        if source.id not in cited:
            line, col = loaded.meta_doc.position(("sources", k, "id"))
            found.append(RawFinding(
                "uncited-source", line, col,
                f"source `{source.id}` is never cited in {lang.tag}.yaml; cite it as "
                f"`[@{source.id}]` where it supports the text, or remove it", None,
                file=loaded.meta_doc.display))
    return found


def _warning_callout(lang: LanguageDoc) -> list[RawFinding]:
    for section in lang.content.sections:
        for block in section.blocks:
            if isinstance(block, Callout) and block.callout.kind == "warning":
                return []
    line, col = lang.doc.key_position((), "sections")
    return [RawFinding(
        "warning-callout", line, col,
        "no “when to call / get help” box: add a `callout` with `kind: warning` that says "
        "which signs mean call the care team and which mean call emergency services", None)]


def _translation(
    loaded: LoadedBrochure, lang: LanguageDoc, result: StructureResult
) -> list[RawFinding]:
    if lang.tag == loaded.meta.source_language:
        result.not_applicable["translation"] = "source language"
        return []
    if not lang.is_draft:
        return []
    line, col = _at(lang, ("translation", "status"))
    return [RawFinding(
        "translation-draft", line, col,
        "draft translation: every page of its PDF is marked as a draft; have it reviewed, "
        "then set `status: reviewed`", None)]
