"""The published readability formulas, each with its source and score bands."""

from __future__ import annotations

import math
from typing import Literal

from brochure.records import record

# =========================================================================== formulas


@record(frozen=True)
class Formula:
    """A published readability formula and how to read its value.

    For ease scores (higher is easier), target_ease and error_ease are the
    published band limits for grade 6 and grade 8. Below target_ease the text
    is above grade 6; below error_ease it is above grade 8.
    """

    name: str
    language: str
    kind: Literal["grade", "ease"]
    source: str
    bands: tuple[tuple[float, str], ...] = ()  # (lower bound, label), highest first
    target_ease: float | None = None
    error_ease: float | None = None

    def level(self, value: float) -> str | None:
        for lower, label in self.bands:
            if value >= lower:
                return label
        return self.bands[-1][1] if self.bands else None


_FLESCH_BANDS = (
    (90, "very easy"),
    (80, "easy"),
    (70, "fairly easy"),
    (60, "standard"),
    (50, "fairly difficult"),
    (30, "difficult"),
    (-math.inf, "very confusing"),
)

FORMULAS: dict[str, Formula] = {
    "flesch_reading_ease": Formula(
        "flesch_reading_ease",
        "en",
        "ease",
        "Flesch R. A new readability yardstick. J Appl Psychol 1948;32:221-33; "
        "bands and school grades from Flesch, The Art of Readable Writing, 1949",
        _FLESCH_BANDS,
        target_ease=80,
        error_ease=60,
    ),
    "flesch_kincaid_grade": Formula(
        "flesch_kincaid_grade",
        "en",
        "grade",
        "Kincaid JP et al. Derivation of new readability formulas for Navy enlisted "
        "personnel. Research Branch Report 8-75, 1975",
    ),
    "smog": Formula(
        "smog",
        "en",
        "grade",
        "McLaughlin GH. SMOG grading: a new readability formula. J Reading 1969;12:639-46 "
        "(regression form, polysyllables normalised to 30 sentences)",
    ),
    "fernandez_huerta": Formula(
        "fernandez_huerta",
        "es",
        "ease",
        "Fernandez Huerta J. Medidas sencillas de lecturabilidad. Consigna 1959;214:29-32; "
        "corrected by Law G. Error in the Fernandez Huerta readability formula, "
        "LINGUIST List 22.2332, 2011; school grades from legible.es",
        (
            (90, "muy fácil"),
            (80, "fácil"),
            (70, "algo fácil"),
            (60, "normal"),
            (50, "algo difícil"),
            (30, "difícil"),
            (-math.inf, "muy difícil"),
        ),
        target_ease=70,  # 70-80 = 6.º grado
        error_ease=60,  # 60-70 = 7.º u 8.º grado
    ),
    "szigriszt_pazos": Formula(
        "szigriszt_pazos",
        "es",
        "ease",
        "Szigriszt Pazos F. Sistemas predictivos de legibilidad del mensaje escrito: "
        "fórmula de perspicuidad. Tesis doctoral, 1993; labels: Barrio-Cantalejo IM et al. "
        "Validación de la Escala INFLESZ. An Sist Sanit Navar 2008;31(2):135-52",
        (
            (80, "muy fácil"),
            (65, "bastante fácil"),
            (55, "normal"),
            (40, "algo difícil"),
            (-math.inf, "muy difícil"),
        ),
    ),
    "kandel_moles": Formula(
        "kandel_moles",
        "fr",
        "ease",
        "Kandel L, Moles A. Application de l'indice de Flesch à la langue française. "
        "Cahiers Études de Radio-Télévision 1958;19:253-74 (Flesch's scale and bands)",
        (
            (90, "très facile"),
            (80, "facile"),
            (70, "assez facile"),
            (60, "standard"),
            (50, "assez difficile"),
            (30, "difficile"),
            (-math.inf, "très difficile"),
        ),
        target_ease=80,
        error_ease=60,
    ),
    "amstad": Formula(
        "amstad",
        "de",
        "ease",
        "Amstad T. Wie verständlich sind unsere Zeitungen? Dissertation, Zürich 1978 "
        "(Flesch's bands)",
        (
            (90, "sehr leicht"),
            (80, "leicht"),
            (70, "mittelleicht"),
            (60, "mittel"),
            (50, "mittelschwer"),
            (30, "schwer"),
            (-math.inf, "sehr schwer"),
        ),
        target_ease=80,
        error_ease=60,
    ),
    "gulpease": Formula(
        "gulpease",
        "it",
        "ease",
        "Lucisano P, Piemontese ME. GULPEASE: una formula per la predizione della "
        "difficoltà dei testi in lingua italiana. Scuola e Città 1988;3:110-24",
        (
            (80, "facile con licenza elementare"),
            (60, "facile con licenza media"),
            (40, "facile con diploma superiore"),
            (-math.inf, "difficile"),
        ),
        target_ease=80,  # below 80: hard with 5 years of school
        error_ease=60,  # below 60: hard with 8 years of school
    ),
    "flesch_martins": Formula(
        "flesch_martins",
        "pt",
        "ease",
        "Martins TBF, Ghiraldelo CM, Nunes MGV, Oliveira ON. Readability formulas applied "
        "to textbooks in Brazilian Portuguese. Notas do ICMSC 28, USP São Carlos, 1996",
        ((75, "muito fácil"), (50, "fácil"), (25, "difícil"), (-math.inf, "muito difícil")),
        target_ease=75,  # 75-100 = 1st-4th grade
        error_ease=50,  # 50-75 = 5th-8th grade
    ),
}

_LANGUAGE_FORMULAS: dict[str, tuple[str, ...]] = {
    "en": ("flesch_reading_ease", "flesch_kincaid_grade", "smog"),
    "es": ("fernandez_huerta", "szigriszt_pazos"),
    "fr": ("kandel_moles",),
    "de": ("amstad",),
    "it": ("gulpease",),
    "pt": ("flesch_martins",),
}
GATE_FORMULA = {
    "es": "fernandez_huerta",
    "fr": "kandel_moles",
    "de": "amstad",
    "it": "gulpease",
    "pt": "flesch_martins",
}

_NO_FORMULA_REASONS = {
    "zh": "no validated readability formula; Chinese has no word spaces, lengths are characters",
    "ja": "no validated readability formula; Japanese has no word spaces, lengths are characters",
    "ko": "no validated readability formula for Korean",
    "vi": "Vietnamese is written one syllable per word; Flesch-type formulas do not apply",
    "ar": "Arabic script omits short vowels, so syllables cannot be counted from text; "
    "no validated formula for patient materials",
    "fa": "Persian script omits short vowels; no validated readability formula",
    "ur": "Urdu script omits short vowels; no validated readability formula",
    "he": "Hebrew script omits vowels; no validated readability formula",
}


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def smog_grade(polysyllables: int, sentences: int) -> float:
    return 1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float:
    # 206.84 - 0.60 P - 1.02 F with P = syllables per 100 words, F = words per sentence.
    return 206.84 - 0.60 * (100 * syllables / words) - 1.02 * (words / sentences)


def szigriszt_pazos(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 62.3 * (syllables / words) - words / sentences


def kandel_moles(words: int, sentences: int, syllables: int) -> float:
    return 207 - 1.015 * (words / sentences) - 73.6 * (syllables / words)


def amstad(words: int, sentences: int, syllables: int) -> float:
    return 180 - words / sentences - 58.5 * (syllables / words)


def gulpease(words: int, sentences: int, letters: int) -> float:
    return 89 + (300 * sentences - 10 * letters) / words


def flesch_martins(words: int, sentences: int, syllables: int) -> float:
    return 248.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


