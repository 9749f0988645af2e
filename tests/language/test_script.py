"""One answer per language tag: script, direction and fonts agree (issue #14)."""

from __future__ import annotations

import pytest

from brochure.fonts.config import load_table, stack_for
from brochure.language.script import is_cjk, is_rtl, needs_shaping, script_of

# (tag, script, right to left, body font family)
CASES = [
    ("en", "Latn", False, "atkinson-hyperlegible"),
    ("es-MX", "Latn", False, "atkinson-hyperlegible"),
    ("ar", "Arab", True, "noto-sans-arabic"),
    ("fa", "Arab", True, "noto-sans-arabic"),
    ("ur", "Arab", True, "noto-sans-arabic"),
    ("pa-PK", "Arab", True, "noto-sans-arabic"),  # Punjabi in Shahmukhi
    ("uz-AF", "Arab", True, "noto-sans-arabic"),
    ("az-IR", "Arab", True, "noto-sans-arabic"),
    ("az", "Latn", False, "noto-sans"),  # ə: Atkinson lacks it
    ("sr-Latn", "Latn", False, "atkinson-hyperlegible"),
    ("ru", "Cyrl", False, "noto-sans"),
    ("hi", "Deva", False, "noto-sans-devanagari"),
    ("zh-Hans", "Hans", False, "noto-sans-cjk-sc"),
    ("zh-Hant-TW", "Hant", False, "noto-sans-cjk-tc"),
    ("zh-TW", "Hant", False, "noto-sans-cjk-tc"),
]


@pytest.mark.parametrize(("tag", "script", "rtl", "body"), CASES)
def test_script_direction_and_font_agree(tag: str, script: str, rtl: bool, body: str) -> None:
    assert script_of(tag) == script
    assert is_rtl(tag) is rtl
    assert stack_for(tag)[0] == body


def test_an_arabic_script_tag_never_gets_a_latin_body_font() -> None:
    table = load_table()
    for tag in ("pa-PK", "uz-AF", "az-IR", "ks", "sd"):
        if script_of(tag) == "Arab":
            assert stack_for(tag, table)[0] == table.scripts["Arab"][0], tag


def test_shaping_and_cjk_follow_the_tag() -> None:
    assert needs_shaping("hi") and not needs_shaping("en") and not needs_shaping("ar")
    assert is_cjk("zh-Hans") and is_cjk("ja") and is_cjk("ko-KR") and not is_cjk("vi")
