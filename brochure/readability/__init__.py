"""Readability engine for the health-literacy gate: counts, published formulas, findings.

Input is plain text (markup already removed) as `TextItem`s. Each item is a
paragraph, bullet, step or FAQ entry and carries its source location. Output
is a `ReadabilityReport` for one scope: a section, or the whole document.
Scopes are aggregated by concatenation: counts are summed before any formula
runs, and grades are never averaged.

Formulas, per primary language subtag, only where a published formula exists.
Each was checked against a published source (see `FORMULAS`):

  en  Flesch Reading Ease   206.835 - 1.015 W/S - 84.6 Y/W      Flesch 1948
      Flesch-Kincaid grade  0.39 W/S + 11.8 Y/W - 15.59          Kincaid et al. 1975
      SMOG grade            1.0430 sqrt(P * 30 / S) + 3.1291     McLaughlin 1969
  es  Fernandez-Huerta      206.84 - 60 Y/W - 1.02 W/S           Fernandez Huerta 1959,
                                                                 as corrected by Law 2011
      Szigriszt-Pazos       206.835 - 62.3 Y/W - W/S             Szigriszt 1993; labels from
                                                                 the INFLESZ scale, Barrio 2008
  fr  Kandel-Moles          207 - 1.015 W/S - 73.6 Y/W           Kandel & Moles 1958
  de  Amstad                180 - W/S - 58.5 Y/W                 Amstad 1978
  it  Gulpease              89 + (300 S - 10 L) / W              Lucisano & Piemontese 1988
  pt  Flesch (Martins)      248.835 - 1.015 W/S - 84.6 Y/W       Martins et al. 1996

  (W words, S sentences, Y syllables, P words of 3+ syllables, L letters)

Fernandez-Huerta: it is often printed as 206.84 - 0.60 P - 1.02 F, with P the
syllables per 100 words and F the *sentences* per 100 words. In that form more
sentences would make a text harder. Law (2011, LINGUIST List 22.2332) showed
that F must be the mean sentence length in words, and legible.es and koRpus
use that form. This module uses it.

Every other language gets counts and `formula=None` with a reason, never a
grade. This includes zh, ja, ko, vi, ar, fa, ru, hi, tl, ht and pl. zh and
ja have no spaces between words, so their lengths are counted in characters.

English syllable counter: on the 30,000 most frequent English words that are
in the CMU Pronouncing Dictionary, it matches CMUdict's first pronunciation
for 95.6% of word types and 98.8% of running-text tokens (frequency
weighted). Its mean syllables per word is 1.475 against CMUdict's 1.481, a
bias of -0.07 Flesch-Kincaid grades. Measured with wordfreq 3.1.1 and cmudict
1.1.3 at development time; neither is a runtime dependency.

Hard-word rule: see `TermFinding` and `Glossary`.
"""

from __future__ import annotations

from brochure.readability.formulas import (
    FORMULAS,
    Formula,
    amstad,
    fernandez_huerta,
    flesch_kincaid_grade,
    flesch_martins,
    flesch_reading_ease,
    gulpease,
    kandel_moles,
    smog_grade,
    szigriszt_pazos,
)
from brochure.readability.glossary import Glossary, load_glossary, terms_in
from brochure.readability.report import (
    DocumentReadability,
    ReadabilityConfig,
    ReadabilityReport,
    SentenceFinding,
    Status,
    TermFinding,
    TextItem,
)
from brochure.readability.scoring import score, score_document, score_sections
from brochure.readability.syllables import count_syllables
from brochure.readability.text import primary_language, split_sentences, tokenize

__all__ = [
    "FORMULAS",
    "DocumentReadability",
    "Formula",
    "amstad",
    "fernandez_huerta",
    "flesch_kincaid_grade",
    "flesch_martins",
    "flesch_reading_ease",
    "gulpease",
    "kandel_moles",
    "smog_grade",
    "szigriszt_pazos",
    "Glossary",
    "ReadabilityConfig",
    "ReadabilityReport",
    "SentenceFinding",
    "Status",
    "TermFinding",
    "TextItem",
    "count_syllables",
    "load_glossary",
    "primary_language",
    "score",
    "score_document",
    "score_sections",
    "terms_in",
    "split_sentences",
    "tokenize",
]
