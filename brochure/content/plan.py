"""What one PDF will print: a language, the chosen sections in order, citation numbers.

This is the seam between loading and layout: tests can check section choice and
citation numbering here without making a PDF.
"""

from __future__ import annotations

from brochure.content.loader import LanguageDoc, LoadedBrochure
from brochure.content.markup import parse
from brochure.content.model import Section, Source, block_texts
from brochure.errors import BrochureError, Problem
from brochure.records import record

DEFAULT_EDITION = "full"


@record(frozen=True)
class PlannedSection:
    index: int  # position in the language file, for positions in messages
    section: Section


@record(frozen=True)
class Plan:
    brochure: LoadedBrochure
    language: LanguageDoc
    edition: str
    sections: list[PlannedSection]
    citation_numbers: dict[str, int]

    @property
    def cited_sources(self) -> list[Source]:
        """Sources in citation-number order: the reference list."""
        by_id = {s.id: s for s in self.brochure.meta.sources}
        return [by_id[i] for i in sorted(self.citation_numbers, key=self.citation_numbers.get)]


class SelectionError(BrochureError):
    """An edition or section list on the command line names something that does not exist."""


def choose_sections(
    loaded: LoadedBrochure, edition: str | None, section_ids: list[str] | None
) -> tuple[str, list[str]]:
    """(edition name, section ids in print order) from --edition / --sections."""
    all_ids = [s.id for s in loaded.source.content.sections]
    if section_ids:
        unknown = [s for s in section_ids if s not in all_ids]
        if unknown:
            raise SelectionError(
                [
                    Problem(
                        "--sections",
                        0,
                        0,
                        f"unknown section {', '.join(unknown)}; sections: {', '.join(all_ids)}",
                    )
                ]
            )
        return "custom", section_ids
    editions = dict(loaded.meta.editions)
    editions.setdefault(DEFAULT_EDITION, "all")
    name = edition or DEFAULT_EDITION
    if name not in editions:
        raise SelectionError(
            [
                Problem(
                    "--edition", 0, 0, f"unknown edition `{name}`; editions: {', '.join(editions)}"
                )
            ]
        )
    chosen = editions[name]
    return name, all_ids if chosen == "all" else list(chosen)


def plan(
    loaded: LoadedBrochure,
    lang: str,
    edition: str | None = None,
    section_ids: list[str] | None = None,
) -> Plan:
    """The plan for one language: sections to print and citations numbered by first use."""
    language = loaded.languages[lang]
    name, ids = choose_sections(loaded, edition, section_ids)
    by_id = {s.id: (i, s) for i, s in enumerate(language.content.sections)}
    missing = [sid for sid in ids if sid not in by_id]
    if missing:
        raise BrochureError(
            [
                language.doc.problem(
                    ("sections",),
                    f"section {', '.join(missing)} is in the `{name}` edition but not in this "
                    "language file; translate it or choose other sections",
                )
            ]
        )
    sections = [PlannedSection(*by_id[sid]) for sid in ids]
    texts = [language.content.summary]
    for planned in sections:
        texts.append(planned.section.title)
        for block in planned.section.blocks:
            texts += [t for _, t in block_texts(block, ())]
    numbers: dict[str, int] = {}
    for text in texts:
        for citation in parse(text).citations:
            for cid in citation.ids:
                numbers.setdefault(cid, len(numbers) + 1)
    return Plan(loaded, language, name, sections, numbers)
