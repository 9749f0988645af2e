"""Every style setting that changes how a paragraph parses or breaks is in the memos'
keys: with the memos warm from the paragraph in one style, the paragraph in a style with
one setting changed breaks exactly as it does with the memos empty."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from brochure import memo
from brochure.fonts import replay
from brochure.story import reuse
from brochure.story.flowables import TextParagraph
from brochure.story.styles import derived
from tests.story.test_memo_builds import fingerprint

MARKUP = (
    'Autologous <font name="Helvetica-Bold">hematopoietic</font> transplantation '
    '<a href="https://www.nationalmssociety.org/understanding-ms/treating-ms" '
    'color="#1F4E79"><u>www.nationalmssociety.org/understanding-ms/treating-ms</u></a> '
    "immunosuppression demyelination supercalifragilisticexpialidociousnessitudes "
    "neuroprotection, mesenchymal stem cells and remyelination."
)
BASE = dict(fontName="Helvetica", fontSize=10, leading=13, uriWasteReduce=0,
            embeddedHyphenation=0, splitLongWords=1, spaceShrinkage=0)

# (setting, value): each changes the lines of MARKUP at WIDTH (or at the width given).
CHANGES = [
    ("fontName", "Times-Roman"), ("fontSize", 11), ("hyphenationLang", "en_US"),
    ("uriWasteReduce", 0.3), ("embeddedHyphenation", 2), ("splitLongWords", 0),
    ("spaceShrinkage", 0.5, 200), ("wordWrap", "CJK"), ("firstLineIndent", 24),
    ("leftIndent", 12), ("rightIndent", 12), ("textTransform", "uppercase"),
    ("textColor", colors.red), ("linkUnderline", 1), ("underlineWidth", 2),
]
WIDTH = 130


def lines(style: ParagraphStyle, width: float = WIDTH) -> tuple:
    para = TextParagraph(MARKUP, style)
    para.wrap(width, 1000)
    return fingerprint(para.blPara), fingerprint(para.frags)


def made(fixed: bool, name: str, **settings) -> ParagraphStyle:
    """A style as a build makes it (shared, never changed: keys hold its number), or
    made here (keys hold its settings)."""
    if fixed:
        return derived(ParagraphStyle("root"), name, **settings)
    return ParagraphStyle(name, **settings)


@pytest.mark.parametrize("fixed", [False, True], ids=["own", "shared"])
@pytest.mark.parametrize("change", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_changed_setting_breaks_as_with_empty_memos(change, fixed) -> None:
    setting, value, *at = change
    width = at[0] if at else WIDTH
    memo.clear_all()
    base = made(fixed, "base", **BASE)
    changed = made(fixed, "base", **{**BASE, setting: value})  # (the name is a setting too)
    assert (replay.fixed_style_key(base) is not None) is fixed
    before = lines(base, width)
    warm = lines(changed, width)
    memo.clear_all()
    assert warm == lines(changed, width)
    assert warm != before  # the setting matters for this paragraph


def test_the_same_paragraph_again_is_a_hit_with_the_same_lines() -> None:
    style = ParagraphStyle("base", **BASE, alignment=TA_JUSTIFY)
    memo.clear_all()
    first = lines(style)
    hits = memo.stats()["story.broken"].hits
    assert lines(style) == first
    assert memo.stats()["story.broken"].hits > hits


@pytest.mark.parametrize("use", ["wrap", "minWidth", "split"])
def test_parsed_fragments_are_shared_until_a_paragraph_would_change_them(use) -> None:
    """Paragraphs of the same markup share its parsed fragments read-only; line
    breaking, ReportLab's minWidth (which marks each fragment it splits into words) and
    splitting work on clones, so the parse kept for the next paragraph is untouched."""
    style = ParagraphStyle("base", **BASE)
    memo.clear_all()
    first = TextParagraph(MARKUP, style)
    second = TextParagraph(MARKUP, style)
    assert all(a is b for a, b in zip(first.frags, second.frags, strict=True))
    kept = fingerprint(reuse.PARSED.items())
    if use == "wrap":
        first.wrap(WIDTH, 1000)
    elif use == "minWidth":
        first.minWidth()
    else:
        first.split(WIDTH, 30)
    assert not {id(f) for f in first.frags} & {id(f) for f in second.frags}
    assert fingerprint(reuse.PARSED.items()) == kept
    third = TextParagraph(MARKUP, style)
    assert lines(style) == (third.wrap(WIDTH, 1000) and (fingerprint(third.blPara),
                                                         fingerprint(third.frags)))
