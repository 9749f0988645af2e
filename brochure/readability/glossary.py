"""Per-language glossaries: which medical words count as explained, and how."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from brochure.files import package_file
from brochure.readability.text import primary_language
from brochure.records import record

# =========================================================================== glossary


@record(frozen=True)
class GlossaryTerm:
    term: str
    forms: tuple[str, ...]  # the term and its other written forms
    plain: tuple[str, ...]


@record(frozen=True)
class Glossary:
    """Per-language word lists from brochure/glossary/<lang>.yaml.

    terms: hard terms, each with plain words that explain it.
    commonly_known: words and phrases readers know; never flagged.
    YAML layout:
        terms:
          chemotherapy: [cancer medicine, strong medicine]   # plain words
          stem cell:
            forms: [stem cells]                             # optional
            plain: [young cells, cells that can grow into]
        commonly_known: [information, medication]
    """

    language: str
    terms: tuple[GlossaryTerm, ...] = ()
    commonly_known: frozenset[str] = frozenset()
    # How a sentence explains a word it uses (regular expressions on lower-case text
    # without accents): right after the word ("… is a medicine that"), right before it
    # ("a test called …"), or at the start of the next sentence ("This is …").
    explains_after: tuple[re.Pattern[str], ...] = ()
    explains_before: tuple[re.Pattern[str], ...] = ()
    explains_next: tuple[re.Pattern[str], ...] = ()

    def extended(self, other: Glossary) -> Glossary:
        """This glossary with `other`'s terms added (replacing terms of the same name),
        its commonly known words and explanation patterns added too."""
        names = {_fold(t.term) for t in other.terms}
        return Glossary(
            self.language,
            tuple(t for t in self.terms if _fold(t.term) not in names) + other.terms,
            self.commonly_known | other.commonly_known,
            self.explains_after + other.explains_after,
            self.explains_before + other.explains_before,
            self.explains_next + other.explains_next,
        )

    @classmethod
    def from_mapping(cls, language: str, data: dict[str, Any] | None) -> Glossary:
        data = data or {}
        explains = data.get("explanations") or {}

        def patterns(key: str, anchor: str) -> tuple[re.Pattern[str], ...]:
            found = explains.get(key) or []
            return tuple(re.compile(anchor.format(p)) for p in map(str, found))

        terms: list[GlossaryTerm] = []
        for term, value in (data.get("terms") or {}).items():
            if isinstance(value, dict):
                plain = value.get("plain") or []
                forms = value.get("forms") or []
            else:
                plain, forms = value or [], []
            if isinstance(plain, str):
                plain = [plain]
            terms.append(
                GlossaryTerm(
                    str(term),
                    tuple(dict.fromkeys([str(term), *map(str, forms)])),
                    tuple(map(str, plain)),
                )
            )
        known = frozenset(_fold(str(w)) for w in data.get("commonly_known") or [])
        return cls(
            language, tuple(terms), known,
            patterns("after_word", r"\s*(?:{})"),
            patterns("before_word", r"(?:{})\s*$"),
            patterns("next_sentence", r"\s*(?:{})"),
        )


@lru_cache(maxsize=64)
def _load_glossary_cached(lang: str, directory: str | None) -> Glossary:
    resource = package_file("brochure", "glossary", f"{lang}.yaml")
    glossary = Glossary(lang)
    if resource.is_file():
        glossary = Glossary.from_mapping(lang, yaml.safe_load(resource.read_text("utf-8")))
    if directory is not None:
        path = Path(directory) / f"{lang}.yaml"
        if path.is_file():
            own = Glossary.from_mapping(lang, yaml.safe_load(path.read_text(encoding="utf-8")))
            glossary = glossary.extended(own)
    return glossary


def load_glossary(lang: str, directory: Path | None = None) -> Glossary:
    """The glossary for a language tag (empty when there is none), extended by the
    workspace's own `<directory>/<lang>.yaml` (a clinic's terms) when given."""
    return _load_glossary_cached(primary_language(lang), str(directory) if directory else None)


def _fold(text: str) -> str:
    """Lower-case and strip accents one character at a time, so offsets still match."""
    out = []
    for ch in text:
        low = ch.lower()
        if len(low) != 1:
            low = ch
        base = unicodedata.normalize("NFD", low)[0]
        out.append(base if unicodedata.category(base)[0] == "L" else low)
    return "".join(out)


_PLURAL = {
    "en": "(?:s|es|'s|’s)?",
    "es": "(?:s|es)?",
    "pt": "(?:s|es)?",
    "fr": "(?:s|x)?",
    "de": "(?:e|en|n|s|es|er)?",
    "it": "",
}


def _phrase_pattern(phrase: str, lang: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-‐‑]+", _fold(phrase).strip()) if w]
    body = r"[\s\u00a0\-‐‑]+".join(words)
    return re.compile(r"(?<!\w)" + body + _PLURAL.get(lang, "") + r"(?!\w)")


@lru_cache(maxsize=4096)
def _cached_pattern(phrase: str, lang: str) -> re.Pattern[str]:
    return _phrase_pattern(phrase, lang)


_EXPLANATION_AFTER = re.compile(r"\s*(?:\(|（|—|–|\s-\s)")




def terms_in(text: str, glossary: Glossary) -> list[GlossaryTerm]:
    """The glossary terms a plain text uses (any written form, plurals included), in
    glossary order; for translators' notes, so a term is translated the agreed way."""
    folded = _fold(text)
    lang = glossary.language
    return [
        term for term in glossary.terms
        if any(_cached_pattern(form, lang).search(folded) for form in term.forms)
    ]
