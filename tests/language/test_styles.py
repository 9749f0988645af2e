"""Styles, UI strings and dates: data files complete, languages' hyphenation safe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from brochure.language.dates import long_date
from brochure.language.hyphenation import hyphenation_language
from brochure.language.script import is_rtl
from brochure.language.strings import available_string_tables, load_strings
from brochure.story.styles import load_theme

# Section 1557's top 15 languages of people with limited English, and Persian.
LANGUAGES = ["en", "es", "zh-Hans", "zh-Hant", "tl", "fr", "vi", "de", "ko", "ru", "ar", "it",
             "pt", "ht", "pl", "hi", "ja", "fa"]


def test_every_required_language_has_a_string_table() -> None:
    assert set(LANGUAGES) <= set(available_string_tables())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_string_tables_complete_with_same_placeholders(lang: str) -> None:
    english = load_strings("en")
    table = load_strings(lang)
    assert set(table) == set(english)
    for key, text in english.items():
        assert set(re.findall(r"{\w+}", table[key])) == set(re.findall(r"{\w+}", text)), key
        assert table[key].strip(), key


def test_strings_fall_back_by_subtag() -> None:
    assert load_strings("zh-Hans-CN") == load_strings("zh-Hans")
    assert load_strings("xx") == load_strings("en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hyphenation_never_crashes_at_wrap_time(lang: str) -> None:
    style = ParagraphStyle("t", hyphenationLang=hyphenation_language(lang), fontSize=11)
    Paragraph("internationalization " * 20, style).wrap(60, 1000)


def test_dates_in_the_language_own_form() -> None:
    day = dt.date(2026, 11, 24)
    assert long_date(day, "en") == "November 24, 2026"
    assert long_date(day, "es") == "24 de noviembre de 2026"
    assert long_date(day, "zh-Hans") == "2026年11月24日"


def test_direction() -> None:
    assert is_rtl("ar") and is_rtl("fa")
    assert not is_rtl("en") and not is_rtl("zh-Hans")


def test_theme_colours_are_parsed_strictly() -> None:
    theme = load_theme()
    assert theme.colors.primary.startswith("#") and len(theme.colors.primary) == 7
    assert set(theme.callouts) == {"info", "key-facts", "tip", "warning"}


@pytest.mark.parametrize("lang", ["en", "de", "hu"])
def test_hyphenation_patterns_from_the_disk_cache_hyphenate_as_pyphen(
    lang: str, tmp_path, monkeypatch
) -> None:
    import pyphen

    from brochure.files import CACHE_ENV
    from brochure.language import hyphenation

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    name = hyphenation_language(lang)
    path = pyphen.LANGUAGES[name]
    monkeypatch.setattr(pyphen, "hdcache", {})
    fresh = pyphen.HyphDict(path)
    hyphenation.prepare(name)  # parses, saves
    assert pyphen.hdcache[path].patterns == fresh.patterns
    saved = list((tmp_path / "hyphenation").glob("*.marshal"))
    if lang == "hu":  # nonstandard patterns (ssz → sz-sz) cannot be saved; parsed each time
        assert not saved
        return
    assert len(saved) == 1
    pyphen.hdcache.clear()
    hyphenation.prepare(name)  # from the saved copy
    loaded = pyphen.hdcache[path]
    assert loaded is not fresh and loaded.patterns == fresh.patterns
    assert loaded.maxlen == fresh.maxlen
    words = ["internationalization", "Behandlung", "hyphenation", "Stammzelltherapie"]
    for word in words:
        parsed = pyphen.Pyphen(filename=path, cache=False)
        assert pyphen.Pyphen(lang=name).inserted(word) == parsed.inserted(word)
    saved[0].write_bytes(b"not marshal data")
    pyphen.hdcache.clear()
    hyphenation.prepare(name)  # a damaged copy is parsed again and replaced
    assert pyphen.hdcache[path].patterns == fresh.patterns
