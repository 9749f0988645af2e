"""What a PDF prints, and which of it no font can draw.

Fonts cut to the text (CJK) are prepared once from everything a build may print, and a
character no font has is an author's error at its position, never a blank box on paper.
"""

from __future__ import annotations

from pathlib import Path

from brochure.content.loader import BROCHURE_FILE, LoadedBrochure, display_path, node_position
from brochure.content.model import Clinic, language_texts, printed_plain_texts
from brochure.content.plan import Plan
from brochure.content.references import ama_spans
from brochure.content.spans import plain
from brochure.content.yamlnodes import YamlDoc, read_yaml, text_nodes
from brochure.errors import BrochureError, Problem
from brochure.fonts.fontset import FontSet, fontset_for
from brochure.language.dates import long_date
from brochure.language.tags import tag_problem


def missing_glyphs(
    loaded: LoadedBrochure, lang: str, fonts: FontSet, clinic: Clinic | None = None
) -> list[Problem]:
    """Every character no font can draw, at its FILE:LINE:COL (never a blank box in
    print): in the language file, in brochure.yaml (the reference list, the publisher)
    and in the clinic profile (name, address, phone...)."""
    docs = [loaded.languages[lang].doc, loaded.meta_doc]
    if clinic is not None and clinic.source is not None:
        docs.append(clinic.source)
    return glyph_problems(docs, lang, fonts)


def glyph_problems(docs: list[YamlDoc], lang: str, fonts: FontSet) -> list[Problem]:
    """Characters of the files' text values that no font of `lang` draws. Works on the
    YAML alone, so it also runs when the content has other errors (all reported at once)."""
    problems: list[Problem] = []
    for doc in docs:
        for node in text_nodes(doc.root):
            for ch in fonts.missing(node.value):
                line, col = node_position(doc, node, node.value.find(ch))
                problems.append(Problem(
                    doc.display, line, col,
                    f"character `{ch}` (U+{ord(ch):04X}) is in no font this brochure uses "
                    f"for `{lang}`; remove or replace it"))
    return problems


def file_glyph_problems(folder: Path, cwd: Path, only: list[str]) -> list[Problem]:
    """Missing glyphs in a brochure folder whose content did not load (other errors):
    every language file (or those in `only`) that reads as YAML, with brochure.yaml."""
    def read(path: Path) -> YamlDoc | None:
        try:
            return read_yaml(path, display_path(path, cwd))
        except BrochureError:
            return None

    meta_doc = read(folder / BROCHURE_FILE)
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        tag = path.stem
        if path.name == BROCHURE_FILE or (only and tag not in only) or tag_problem(tag):
            continue
        doc = read(path)
        if doc is not None:
            docs = [doc, meta_doc] if meta_doc is not None else [doc]
            problems += glyph_problems(docs, tag, fontset_for(tag))
    return problems


def printed_text(the_plan: Plan, strings: dict[str, str]) -> str:
    """Every character the PDF may print, so fonts that are cut to the text (CJK) are
    prepared once: content, UI strings, dates, reference list, digits."""
    meta = the_plan.brochure.meta
    lang = the_plan.language.tag
    content = the_plan.language.content
    parts = [t for _, t in language_texts(content) + printed_plain_texts(content)]
    parts += list(strings.values())
    parts += [long_date(meta.reviewed, lang), long_date(meta.next_review(), lang)]
    parts += [plain(ama_spans(src)) for src in meta.sources]
    parts.append("0123456789 []–.,:;()/·•\u00a0")  # U+00A0 keeps a citation with its word
    return "\n".join(parts)
