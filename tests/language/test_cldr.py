"""Babel's answers remembered on disk (brochure/language/cldr.py) are Babel's answers: the
same dates, scripts and known languages with an empty, a filled or a damaged file; a build
that finds them does not import Babel and makes the same PDF."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from babel.dates import format_date

from brochure.language import cldr
from brochure.language.dates import babel_locale, long_date
from brochure.language.script import _ask_babel, likely_script
from brochure.language.tags import tag_problem
from tests.probe import run_command

DAYS = [dt.date(2026, 11, 24), dt.date(1999, 2, 28), dt.date(2030, 1, 1)]
LANGS = ["en", "es", "ar", "zh-Hans", "fr-CA", "pa-PK", "hi"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    cldr.forget()
    yield tmp_path
    cldr.forget()


def _files(folder):
    return list((folder / "cldr").glob("*.json"))


def test_remembered_answers_are_babels(cache):
    babel = {(lang, day): format_date(day, format="long", locale=babel_locale(lang))
             for lang in LANGS for day in DAYS}
    for _ in range(2):  # asked of Babel, then read back from the file
        assert {(lang, day): long_date(day, lang) for lang in LANGS for day in DAYS} == babel
        cldr.forget()
    (file,) = _files(cache)
    assert json.loads(file.read_text("utf-8"))["long_date"]["es 2026-11-24"] == (
        "24 de noviembre de 2026")
    for language, region in [("pa", "PK"), ("pa", None), ("en", None), ("sr", None)]:
        assert likely_script(language, region) == _ask_babel(language, region)
    assert likely_script("pa", "PK") == "Arab" and likely_script("pa", None) == "Guru"


def test_a_damaged_file_is_asked_again_and_rewritten(cache):
    long_date(DAYS[0], "en")
    (file,) = _files(cache)
    file.write_text('{"long_date": {"en 2026-11-24": 7}, "likely_script": [', "utf-8")
    cldr.forget()
    assert long_date(DAYS[0], "en") == "November 24, 2026"
    assert json.loads(file.read_text("utf-8"))["long_date"] == {"en 2026-11-24":
                                                                "November 24, 2026"}


def test_an_unknown_language_stays_refused_when_remembered(cache):
    tag_problem.cache_clear()
    for _ in range(2):
        why = tag_problem("qqq")
        assert why is not None and "no language data (CLDR) for `qqq`" in why
        assert tag_problem("es") is None
        tag_problem.cache_clear()
        cldr.forget()
    (file,) = _files(cache)
    assert json.loads(file.read_text("utf-8"))["cldr_knows"] == {"qqq": "", "es": "yes"}


def test_one_kind_of_answer_is_bounded(cache, monkeypatch):
    monkeypatch.setattr(cldr, "MAX_ANSWERS", 3)
    for day in range(1, 8):
        long_date(dt.date(2026, 1, day), "en")
    table = json.loads(_files(cache)[0].read_text("utf-8"))["long_date"]
    assert 1 <= len(table) <= 3 and table["en 2026-01-07"] == "January 7, 2026"


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(blocker))
    cldr.forget()
    try:
        assert long_date(DAYS[0], "es") == "24 de noviembre de 2026"
    finally:
        cldr.forget()


def test_a_build_with_remembered_answers_imports_no_babel(tmp_path, monkeypatch):
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path / "cache"))
    first = run_command("build", "ms-stem-cells", "--lang", "en", "-o", str(tmp_path / "1.pdf"))
    second = run_command("build", "ms-stem-cells", "--lang", "en", "-o", str(tmp_path / "2.pdf"))
    assert first.code in (0, None) and second.code in (0, None), second.stderr
    assert "babel" in first.modules  # the probe sees Babel when it is asked
    assert "babel" not in second.modules
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()
