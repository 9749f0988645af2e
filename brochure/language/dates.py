"""Dates as each language writes them (CLDR via Babel)."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(lang.split("-")[0]) if "-" in lang else Locale.parse("en")


def long_date(day: dt.date, lang: str) -> str:
    """A date as the language writes it (CLDR via Babel), e.g. '24 de noviembre de 2026'."""
    return format_date(day, format="long", locale=babel_locale(lang))
