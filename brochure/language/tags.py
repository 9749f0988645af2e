"""Which language tags brochure can use: well-formed BCP 47 with a language CLDR knows.

A build needs locale data for the language (long dates, text direction, the script it is
written in), so a tag without it — private use (`x-foo`, `qaa-Latn`), grandfathered
(`art-lojban`), or a language CLDR does not cover — is refused when the file is loaded,
by `check` as by `build`, never discovered half-way through a build.
"""

from __future__ import annotations

import re
from functools import cache

from brochure.language.cldr import remembered

# language[-Script][-REGION]: the subset of BCP 47 that names a language as printed.
_TAG = re.compile(r"^(?P<language>[a-z]{2,3})(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$")


@cache
def tag_problem(tag: str) -> str | None:
    """Why `tag` cannot name a brochure language (with the fix), or None."""
    match = _TAG.match(tag)
    if match is None:
        return (f"`{tag}` is not a language tag brochure can use: write it as language"
                "[-Script][-REGION], such as en, es, pt-BR or zh-Hans (private-use and "
                "grandfathered tags such as x-foo or art-lojban are not supported)")
    language = match.group("language")
    if not remembered("cldr_knows", language, lambda: _cldr_knows(language)):
        return (f"`{tag}`: there is no language data (CLDR) for `{language}`, which a build "
                "needs for dates and text direction; use the tag of a language CLDR knows, "
                "such as en, es, ar or zh-Hans")
    return None


def _cldr_knows(language: str) -> str:
    """"yes" when CLDR has locale data for the language, else "" (remembered as text)."""
    from babel import Locale, UnknownLocaleError  # ~3 ms: only when not remembered

    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return ""
    return "yes"
