"""The script and direction of a language tag: the one answer every other stage asks for.

`pa-PK` is Punjabi in Shahmukhi (Arabic script, right to left) while `pa` is Gurmukhi:
the region matters, so the script comes from an explicit script subtag, else CLDR's
likely subtags for language+region, then for the language alone. Direction follows
from the script, so a layout's direction and its font can never disagree.
"""

from __future__ import annotations

from functools import cache

from brochure.language.cldr import remembered

# Scripts whose letters change shape or order with their neighbours: ReportLab must shape
# them with HarfBuzz (Arabic-script text is shaped by brochure.rtl instead).
SHAPED_SCRIPTS = {"Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym",
                  "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}

# Scripts written right to left (ISO 15924).
RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"}


def split_tag(tag: str) -> tuple[str, str | None, str | None]:
    """BCP 47 tag -> (language, Script, REGION); extensions are ignored."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    script = region = None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and script is None and region is None:
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = region or part.upper()
    return language, script, region


def likely_script(language: str, region: str | None) -> str | None:
    """The script a language is usually written in (CLDR likely subtags via Babel),
    remembered between runs (`cldr`)."""
    question = f"{language}_{region}" if region else language
    answer = remembered("likely_script", question, lambda: _ask_babel(language, region) or "")
    return answer or None


def _ask_babel(language: str, region: str | None) -> str | None:
    from babel.core import get_global  # ~7 ms with its table: only when not remembered

    likely = get_global("likely_subtags")
    for key in ((f"{language}_{region}",) if region else ()) + (language,):
        if key in likely:
            for part in str(likely[key]).split("_")[1:]:
                if len(part) == 4:
                    return part
    return None


@cache
def script_of(lang: str) -> str:
    """The ISO 15924 script a language tag is written in; Latin when nothing says."""
    language, script, region = split_tag(lang)
    return script or likely_script(language, region) or "Latn"


def needs_shaping(lang: str) -> bool:
    return script_of(lang) in SHAPED_SCRIPTS


def is_rtl(lang: str) -> bool:
    return script_of(lang) in RTL_SCRIPTS


def is_cjk(lang: str) -> bool:
    """Chinese, Japanese and Korean break lines between characters, not at spaces."""
    return split_tag(lang)[0] in ("zh", "ja", "ko")
