"""Scaffold text that was never replaced: it must not reach a patient unnoticed.

`brochure new` writes a brochure that builds, so an author can change one thing at a
time; every placeholder in it is marked `TODO:`, and its example source and review
lines use names no real brochure has. Each one left is a warning (so `--strict`, the
gate before printing or sending, fails) at its FILE:LINE:COL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from brochure.content.model import BrochureMeta, language_texts, printed_plain_texts
from brochure.content.yamlnodes import YamlDoc
from brochure.errors import Problem

MARKER = "TODO:"
# Values `brochure new` writes that are placeholders however they are spelled.
PLACEHOLDER_VALUES = {"your review team", "your clinic"}
PLACEHOLDER_HOSTS = {"example.org", "example.com", "example.net"}
_MARKER = re.compile(r"\bTODO\b:?")


def _is_placeholder(value: str) -> bool:
    return bool(_MARKER.search(value)) or value.strip().lower() in PLACEHOLDER_VALUES


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def _placeholder_host(url: str) -> bool:
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


def _warning(doc: YamlDoc, loc, what: str) -> Problem:
    return doc.problem(loc, f"{what} is still placeholder text from `brochure new`; replace it "
                       "before this reaches a patient", "warning")


def placeholder_warnings(
    meta: BrochureMeta, meta_doc: YamlDoc, languages: Iterable
) -> list[Problem]:
    """Every placeholder left in brochure.yaml and the language files."""
    found: list[Problem] = []
    for key in ("reviewed_by", "publisher"):
        value = getattr(meta, key)
        if value and _is_placeholder(value):
            found.append(_warning(meta_doc, (key,), f"`{key}: {value}`"))
    for i, source in enumerate(meta.sources):
        if source.url and _placeholder_host(source.url):
            found.append(meta_doc.problem(
                ("sources", i, "url"),
                f"source `{source.id}` points at {_host(source.url)}, an example address, "
                "not a real source; give the article, guideline or page the text relies on",
                "warning",
            ))
        for key in ("title", "container"):
            value = getattr(source, key)
            if value and _is_placeholder(value):
                found.append(_warning(meta_doc, ("sources", i, key), f"source `{source.id}` {key}"))
    for language in languages:
        content = language.content
        for loc, text in language_texts(content) + printed_plain_texts(content):
            if _MARKER.search(text):
                found.append(_warning(language.doc, loc, f"`{_clip(text)}`"))
    return found


def _clip(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
