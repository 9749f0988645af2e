"""The HTML edition in a real browser: axe-core at WCAG 2.2 AA, no sideways scrolling,
text in content order, right-to-left pages mirrored."""

from __future__ import annotations

import re

import pytest

from brochure.clinic.profile import load_profile
from brochure.content.loader import load_brochure
from brochure.content.markup import to_spans
from brochure.content.model import language_texts
from brochure.content.plan import plan
from brochure.html import render_html
from tests.browser.chromium import axe_source, axe_violations
from tests.conftest import ROOT

MS = ROOT / "content" / "ms-stem-cells"
LANGS = sorted(p.stem for p in MS.glob("*.yaml") if p.name != "brochure.yaml")


@pytest.fixture(scope="module")
def loaded():
    return load_brochure(MS, ROOT)


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def open_page(browser, html: str, width: int, dark: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, bypass_csp=True,
        color_scheme="dark" if dark else "light", java_script_enabled=True,
    )
    page = context.new_page()
    page.set_content(html, wait_until="load")
    return context, page


def assert_no_violations(violations: list[dict]) -> None:
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
        for v in violations
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_wcag22_aa_violation(browser, axe, loaded, lang, dark):
    context, page = open_page(browser, render_html(loaded, lang).html, 375, dark)
    try:
        assert_no_violations(axe_violations(page, axe))
    finally:
        context.close()


def test_axe_with_clinic_branding(browser, axe, ms_workspace):
    loaded = load_brochure(ms_workspace / "content" / "ms-stem-cells", ms_workspace, ["en", "ar"])
    clinic = load_profile(ms_workspace / "clinics" / "lakeside.yaml", ms_workspace)
    for lang in ("en", "ar"):
        for dark in (False, True):
            context, page = open_page(browser, render_html(loaded, lang, clinic=clinic).html,
                                      1280, dark)
            try:
                assert_no_violations(axe_violations(page, axe))
            finally:
                context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_no_sideways_scrolling(browser, loaded, lang, tmp_path):
    html = render_html(loaded, lang).html
    for width in (320, 375, 1280):
        context, page = open_page(browser, html, width)
        try:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            assert scroll <= inner, f"{lang} at {width}px: document {scroll}px wide"
            widest = page.evaluate(
                """() => Math.max(...[...document.body.querySelectorAll('*')]
                    .map(e => e.getBoundingClientRect().right))"""
            )
            assert widest <= inner + 0.5, f"{lang} at {width}px: an element ends at {widest}"
            page.screenshot(path=str(tmp_path / f"{lang}-{width}.png"), full_page=True)
        finally:
            context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_text_order_is_content_order(browser, loaded, lang):
    """What a reader (or a screen reader) meets, in order: every text of the content."""
    context, page = open_page(browser, render_html(loaded, lang).html, 375)
    try:
        shown = re.sub(r"\s+", " ", page.evaluate("document.body.innerText"))
    finally:
        context.close()
    numbers = plan(loaded, lang).citation_numbers
    at = 0
    for loc, value in language_texts(loaded.languages[lang].content):
        if "notes" in loc or "credit" in loc:  # notes are for paper; credit is reworded
            continue
        words = re.sub(r"\s+", " ", "".join(s.text for s in to_spans(value, numbers))).strip()
        found = shown.find(words, at)
        assert found >= 0, (lang, loc, words, shown[at:at + 200])
        at = found + len(words)


def test_right_to_left_page_is_mirrored(browser, loaded):
    """Arabic reads from the right: text starts at the right edge, bars and list markers
    sit on the right; English is the mirror image."""
    found = {}
    for lang in ("ar", "en"):
        context, page = open_page(browser, render_html(loaded, lang).html, 375)
        try:
            found[lang] = page.evaluate(
                """() => {
                    const body = document.body.getBoundingClientRect();
                    const css = getComputedStyle(document.body);
                    const inner = {left: body.left + parseFloat(css.paddingLeft),
                                   right: body.right - parseFloat(css.paddingRight)};
                    const textBox = (el) => { const r = document.createRange();
                        r.selectNodeContents(el); const rects = [...r.getClientRects()];
                        return {left: Math.min(...rects.map(x => x.left)),
                                right: Math.max(...rects.map(x => x.right))}; };
                    const summary = getComputedStyle(document.querySelector('.summary'));
                    const li = document.querySelector('ol.steps li');
                    const liBox = li.getBoundingClientRect();
                    const ol = li.parentElement.getBoundingClientRect();
                    return {
                        dir: getComputedStyle(document.documentElement).direction,
                        h2: textBox(document.querySelector('main h2')), inner,
                        barRight: parseFloat(summary.borderRightWidth),
                        barLeft: parseFloat(summary.borderLeftWidth),
                        markerSideRight: (ol.right - liBox.right) > (liBox.left - ol.left),
                    };
                }"""
            )
        finally:
            context.close()
    ar, en = found["ar"], found["en"]
    assert ar["dir"] == "rtl" and en["dir"] == "ltr"
    assert abs(ar["h2"]["right"] - ar["inner"]["right"]) < 2
    assert abs(en["h2"]["left"] - en["inner"]["left"]) < 2
    assert ar["barRight"] > 0 and ar["barLeft"] == 0
    assert en["barLeft"] > 0 and en["barRight"] == 0
    assert ar["markerSideRight"] and not en["markerSideRight"]


STRESS = ROOT / "tests" / "data" / "stress"


@pytest.mark.parametrize("lang", ["en", "ar", "zh-Hans"])
def test_stress_brochure_reads_on_a_phone(browser, axe, lang):
    """Tables, a log, a 150-character URL, a long DOI, a 40-letter word: still no sideways
    scrolling of the page at 320 px (a wide table scrolls in its own box) and no axe
    violation."""
    loaded = load_brochure(STRESS / "content" / "stress", STRESS)
    html = render_html(loaded, lang).html
    assert "<table" in html
    for width in (320, 1280):
        context, page = open_page(browser, html, width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if width == 320:
                assert_no_violations(axe_violations(page, axe))
        finally:
            context.close()
