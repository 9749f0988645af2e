"""Dates as each language writes them (CLDR via Babel)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from brochure.language.cldr import remembered

if TYPE_CHECKING:
    from babel import Locale


def babel_locale(lang: str) -> Locale:
    from babel import Locale, UnknownLocaleError  # ~3 ms: only when not remembered

    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(lang.split("-")[0]) if "-" in lang else Locale.parse("en")


def long_date(day: dt.date, lang: str) -> str:
    """A date as the language writes it (CLDR via Babel), e.g. '24 de noviembre de 2026';
    remembered between runs (`cldr`)."""
    return remembered("long_date", f"{lang} {day.isoformat()}", lambda: _ask_babel(day, lang))


def _ask_babel(day: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, format="long", locale=babel_locale(lang))
