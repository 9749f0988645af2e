"""Per-language glossaries: which medical words count as explained, and how."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .text import primary_language

# =========================================================================== glossary


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    forms: tuple[str, ...]  # the term and its other written forms
    plain: tuple[str, ...]


@dataclass(frozen=True)
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

    @classmethod
    def from_mapping(cls, language: str, data: dict[str, Any] | None) -> Glossary:
        data = data or {}
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
        return cls(language, tuple(terms), known)


@lru_cache(maxsize=64)
def _load_glossary_cached(lang: str, directory: str | None) -> Glossary:
    if directory is not None:
        path = Path(directory) / f"{lang}.yaml"
        if not path.is_file():
            return Glossary(lang)
        text = path.read_text(encoding="utf-8")
    else:
        resource = resources.files("brochure").joinpath("glossary", f"{lang}.yaml")
        if not resource.is_file():
            return Glossary(lang)
        text = resource.read_text(encoding="utf-8")
    return Glossary.from_mapping(lang, yaml.safe_load(text))


def load_glossary(lang: str, directory: Path | None = None) -> Glossary:
    """The glossary for a language tag; empty when there is none."""
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
