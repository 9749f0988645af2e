"""A process that builds again with its memos warm (watch, serve, batch workers) makes
the very PDF a fresh process would: after an edited paragraph, a new theme size or
another paper, the bytes equal a cold build's, the memos really were used, they stay
within their bounds, and nothing a later build does changes what they keep."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle

from brochure import memo
from brochure.content.loader import load_brochure
from brochure.fonts.fontset import fontset_for
from brochure.story import reuse, styles
from brochure.story.flowables import TextParagraph
from brochure.workflow import render
from brochure.workflow.render import BuildOptions, render_pdf
from tests.pdfutil import fold, page_texts

# One paragraph of each language file, and what it becomes: longer, so its lines and
# everything after it on the page move.
EDITS = {
    "en": ("Then a lab freezes them and keeps them safe.",
           "Then a lab freezes them and keeps them safe until the day they go back."),
    "ar": ("ثم يجمّدها المختبر ويحفظها بأمان.",
           "ثم يجمّدها المختبر ويحفظها بأمان حتى يوم إعادتها إليك."),
    "zh-Hans": ("然后由实验室冷冻，妥善保存。",
                "然后由实验室冷冻，妥善保存，直到需要时再使用。"),
}
# Where each language's reuse shows: ReportLab paragraphs (parsed, broken, drawn), or our
# right-to-left ones (prepared, broken), and the saved PDF's streams and font subsets
# (not in Chinese, whose font is a subset of the text's characters, new after the edit):
# at least so many hits in a warm rebuild after one edit.
PDF = {"pdf.deflated": 5, "pdf.subsets": 2}
MEMOS = {
    "en": {"story.parsed": 20, "story.broken": 50, "fonts.drawn": 50, **PDF},
    "ar": {"rtl.prepared": 50, "rtl.lines": 50, **PDF},
    # (a Chinese edit adds characters, so the font subset's name in the body's parse key
    # changes: what is reused is the rest — the furniture parsed once per document, the
    # lines of what is set in other fonts, what those draw)
    "zh-Hans": {"story.parsed": 4, "story.broken": 50, "fonts.drawn": 10},
}
LAYOUT = "bifold"  # spacings tried in turn, paragraphs split across pages


def build(workspace: Path, lang: str, options: BuildOptions | None = None) -> bytes:
    loaded = load_brochure(workspace / "content" / "ms-stem-cells", cwd=workspace, only=[lang])
    return render_pdf(loaded, lang, options or BuildOptions(layout=LAYOUT)).pdf


def edit(workspace: Path, lang: str) -> None:
    path = workspace / "content" / "ms-stem-cells" / f"{lang}.yaml"
    old, new = EDITS[lang]
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def compact(text: str) -> str:
    return "".join(fold(text).split())


def hits() -> dict[str, int]:
    return {name: figures.hits for name, figures in memo.stats().items()}


def cold(build_it) -> bytes:
    """What a fresh process makes: every memo empty first."""
    memo.clear_all()
    return build_it()


@pytest.mark.parametrize("lang", list(EDITS))
def test_edited_paragraph_built_warm_equals_a_cold_build(ms_workspace, lang) -> None:
    memo.clear_all()
    original = build(ms_workspace, lang)
    edit(ms_workspace, lang)
    before = hits()
    warm = build(ms_workspace, lang)
    after = hits()
    assert warm == cold(lambda: build(ms_workspace, lang))
    assert warm != original
    if lang != "ar":  # (pypdf does not give Arabic back in logical order)
        assert compact(EDITS[lang][1])[-8:] in compact("".join(page_texts(warm)))
    for name, least in MEMOS[lang].items():  # the warm build reused what the edit left
        assert after[name] - before[name] >= least, (name, before, after)


def theme_with_body_size(size: float):
    house = render.load_theme()
    return lambda name="default": house.model_copy(
        update={"text": house.text.model_copy(update={"body_size": size})})


@pytest.mark.parametrize("lang", list(EDITS))
@pytest.mark.parametrize("change", ["paper", "theme"])
def test_changed_paper_or_type_size_built_warm_equals_a_cold_build(
        ms_workspace, monkeypatch, lang, change) -> None:
    memo.clear_all()
    original = build(ms_workspace, lang)
    options = BuildOptions(layout=LAYOUT)
    if change == "paper":
        options = dataclasses.replace(options, paper="a4")
    else:
        body = render.load_theme().text.body_size
        monkeypatch.setattr(render, "load_theme", theme_with_body_size(body + 0.5))
    warm = build(ms_workspace, lang, options)
    assert warm == cold(lambda: build(ms_workspace, lang, options))
    assert warm != original


def hyphenate(workspace: Path) -> None:
    path = workspace / "content" / "ms-stem-cells" / "brochure.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\npublisher:", "\nhyphenate: true\npublisher:"),
                    encoding="utf-8")


def test_hyphenation_switched_on_built_warm_equals_a_cold_build(ms_workspace) -> None:
    """Only the line breaking changes (same markup, fonts and widths)."""
    memo.clear_all()
    original = build(ms_workspace, "en")
    hyphenate(ms_workspace)
    warm = build(ms_workspace, "en")
    assert warm == cold(lambda: build(ms_workspace, "en"))
    assert warm != original


def fingerprint(value: object) -> object:
    """Everything a kept value holds, compared by content down to shared objects that
    carry no text (fonts, functions: by identity)."""
    if isinstance(value, str):  # ReportLab's str subclasses mark split and hyphenated words
        return type(value).__name__, str(value), repr(getattr(value, "__dict__", None))
    if value is None or isinstance(value, (int, float, bool, bytes)):
        return value
    if isinstance(value, (list, tuple)):
        extra = fingerprint(vars(value)) if hasattr(value, "__dict__") else None
        return type(value).__name__, tuple(fingerprint(v) for v in value), extra
    if isinstance(value, dict):
        return tuple(sorted((str(k), fingerprint(v)) for k, v in value.items()))
    if isinstance(value, ABag):
        return type(value).__name__, fingerprint(vars(value))
    if isinstance(value, Color):
        return type(value).__name__, tuple(value.rgba())
    if dataclasses.is_dataclass(value):
        return type(value).__name__, fingerprint(
            [getattr(value, f.name) for f in dataclasses.fields(value)])
    return "object", id(value)


def kept() -> dict[object, object]:
    return {key: fingerprint(value)
            for key, value in (*reuse.BROKEN.items(), *reuse.PARSED.items())}


@pytest.mark.parametrize(("lang", "hyphenated"), [("en", True), ("ar", False),
                                                  ("zh-Hans", False)])
def test_later_builds_never_change_what_the_memos_keep(ms_workspace, lang, hyphenated) -> None:
    """Drawing and splitting read shared lines; splitting (which retypes a hyphenated
    word at the cut) gets its own copies first."""
    if hyphenated:
        hyphenate(ms_workspace)
    memo.clear_all()
    build(ms_workspace, lang)
    build(ms_workspace, lang, BuildOptions(layout="handout"))
    snapshot = kept()
    assert snapshot
    for options in (BuildOptions(layout=LAYOUT), BuildOptions(layout="handout", paper="a4"),
                    BuildOptions(layout="trifold", edition="trifold", fit=True)):
        build(ms_workspace, lang, options)
    now = kept()
    assert snapshot.keys() <= now.keys()
    assert {key: now[key] for key in snapshot} == snapshot


def test_memos_stay_within_their_bounds_and_evicting_changes_nothing(
        ms_workspace, monkeypatch) -> None:
    memo.clear_all()
    expected = build(ms_workspace, "en")
    for kept_memo in (reuse.BROKEN, reuse.PARSED):
        monkeypatch.setattr(kept_memo, "max_entries", 40)
        monkeypatch.setattr(kept_memo, "max_weight", 600)
    evictions = reuse.BROKEN.evictions
    memo.clear_all()
    assert build(ms_workspace, "en") == build(ms_workspace, "en") == expected
    assert reuse.BROKEN.evictions > evictions
    for one in list(memo._ALL):
        assert len(one) <= one.max_entries, one.name
        assert one.max_weight is None or one.weight <= one.max_weight, one.name


def cjk_paragraph() -> tuple[str, ParagraphStyle]:
    fonts = fontset_for("zh-Hans")
    text = "这些治疗仍属于试验性治疗，也就是说医生还在研究它们。" * 4
    fonts.prepare(text)
    body = fonts.body
    style = ParagraphStyle("cjk", fontName=body.regular, fontSize=11, leading=15,
                           wordWrap="CJK")
    return f'<font name="{body.bold}">注意：</font>{text}', style


def hyphenated_paragraph(markup: bool) -> tuple[str, ParagraphStyle]:
    style = ParagraphStyle("hy", fontName="Helvetica", fontSize=11, leading=15,
                           hyphenationLang="en_US", embeddedHyphenation=1, uriWasteReduce=0)
    text = ("Autologous hematopoietic transplantation immunosuppression "
            "demyelination neuroprotection ") * 3
    return (f"<b>Note:</b> {text}" if markup else text), style


def hyphen_at_end(line) -> bool:
    words = line[1] if isinstance(line, tuple) else [w.text for w in line.words if w.text]
    return str(words[-1]).endswith("-")


@pytest.mark.parametrize("case", ["cjk", "hyphenated", "hyphenated-markup"])
def test_split_of_a_paragraph_with_shared_lines_leaves_the_kept_lines_alone(case) -> None:
    """ReportLab's split adds a space to each line end of the part it keeps (CJK), and
    retypes the hyphenated word at the cut; that happens on the paragraph's own copies,
    and the parts are those a paragraph with nothing shared makes."""
    markup, style = cjk_paragraph() if case == "cjk" else hyphenated_paragraph("markup" in case)
    width = 120
    memo.clear_all()
    first = TextParagraph(markup, style)
    first.wrap(width, 1000)
    lines = first.blPara.lines
    cut = next(k for k in range(1, len(lines) - 1) if case == "cjk" or hyphen_at_end(lines[k]))
    height = (cut + 1) * style.leading + 0.1
    before = kept()
    second = TextParagraph(markup, style)
    second.wrap(width, 1000)
    assert second.blPara is first.blPara  # shared from the memo
    parts = second.split(width, height)
    assert len(parts) == 2
    assert kept() == before
    memo.clear_all()
    fresh = TextParagraph(markup, style)
    fresh.wrap(width, 1000)
    expected = fresh.split(width, height)
    for got, want in zip(parts, expected, strict=True):
        got.wrap(width, 1000)
        want.wrap(width, 1000)
        assert fingerprint(got.blPara) == fingerprint(want.blPara)




def settings(style: ParagraphStyle) -> object:
    return fingerprint({k: v for k, v in vars(style).items() if k != "parent"})


def shared_styles() -> list[ParagraphStyle]:
    made = [s for _, (_, kept) in styles._MADE.items() for s in vars(kept).values()]
    return made + [s for _, (_, s) in styles._DERIVED.items()]


@pytest.mark.parametrize("lang", ["en", "ar", "zh-Hans"])
def test_styles_are_shared_between_builds_and_never_changed(ms_workspace, lang) -> None:
    """A rebuild gets the very style objects of the build before (what is worked out
    from a style is kept by its identity), so no build may change one."""
    memo.clear_all()
    hyphenate(ms_workspace)
    build(ms_workspace, lang)
    before = {id(s): (s, settings(s)) for s in shared_styles()}
    assert len(before) > 10
    made = styles._MADE.hits
    for options in (BuildOptions(layout=LAYOUT), BuildOptions(layout="handout", paper="a4"),
                    BuildOptions(layout="trifold", edition="trifold", fit=True)):
        build(ms_workspace, lang, options)
    assert styles._MADE.hits >= made + 2  # (--fit tries themes of its own)
    assert all(settings(style) == kept for style, kept in before.values())
