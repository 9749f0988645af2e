"""The folded layouts as leaflets: a tri-fold's panels and a booklet's pages, read back
from the PDF, for every shipped language on letter and A4.

Tri-fold: no panel empty but the one for notes (at most one); the cover has the title and
a visual; the back panel has the clinic's contact block or the fill-in care-team block;
the fold-in flap starts with a section and no list runs from it into the next panel.
Booklet: the cover is page 1; no blank page between content pages; the footer's page
count is the booklet's; the covers carry no number.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brochure.clinic.profile import load_profile
from brochure.content.loader import load_brochure
from brochure.content.markup import parse
from brochure.content.model import Bullets, Steps
from brochure.language.strings import load_strings
from brochure.layouts import bifold, trifold
from brochure.story.styles import load_theme
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT

LANGS = ["en", "es", "ru", "vi", "ar", "zh-Hans"]
PAPERS = ["letter", "a4"]
LATIN_OR_CYRILLIC = ["en", "es", "ru", "vi"]  # text read back word for word


@cache
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


@cache
def lakeside():
    return load_profile(ROOT / "clinics" / "lakeside.yaml", ROOT, ROOT)


@cache
def trifold_pdf(lang: str, paper: str, clinic: bool = False) -> bytes:
    options = BuildOptions(layout="trifold", paper=paper, edition="trifold", fit=True,
                           clinic=lakeside() if clinic else None)
    return render_pdf(ms(), lang, options).pdf


@cache
def booklet_pdf(lang: str, paper: str, clinic: bool = False) -> bytes:
    options = BuildOptions(layout="bifold", paper=paper, clinic=lakeside() if clinic else None)
    return render_pdf(ms(), lang, options).pdf


def squash(text: str) -> str:
    """Letters and digits only, without the draft-translation notice."""
    for lang in LANGS:
        text = text.replace(load_strings(lang)["draft_marker"], "")
    return "".join(ch for ch in text if ch.isalnum())


def coloured(image, test) -> float:
    """Share of an image's pixels for which `test((r, g, b))` holds."""
    pixels = image.load()
    hits = sum(1 for x in range(image.width) for y in range(image.height) if test(pixels[x, y]))
    return hits / (image.width * image.height)


def panel_texts(pdf: bytes, paper: str, rtl: bool) -> dict[str, str]:
    """Text inside each tri-fold panel, by panel name."""
    doc = pdfium.PdfDocument(pdf)
    out = {}
    for page, panels in zip((0, 1), trifold.panels(paper, rtl), strict=True):
        height = doc[page].get_size()[1]
        text = doc[page].get_textpage()
        for panel in panels:
            out[panel.name] = text.get_text_bounded(panel.x, 0, panel.x + panel.width, height)
    return out


def booklet_pages(pdf: bytes, rtl: bool) -> dict[int, str]:
    """Text of each booklet page, by booklet page number, cut from the print sheets."""
    doc = pdfium.PdfDocument(pdf)
    count = 2 * len(doc)
    out = {}
    for index, side in enumerate(bifold.imposition(count, rtl)):
        width, height = doc[index].get_size()
        text = doc[index].get_textpage()
        for half, number in enumerate(side):
            assert number is not None, "a booklet fills its sheets: no blank half"
            x = half * width / 2
            out[number] = text.get_text_bounded(x, 0, x + width / 2, height)
    return out


def notes_only(text: str, lang: str) -> bool:
    """A page or panel that holds only a heading for notes (its lines are drawn)."""
    strings = load_strings(lang)
    titles = {strings["notes"]} | {
        block.notes.title for section in ms().languages[lang].content.sections
        for block in section.blocks if getattr(block, "notes", None) and block.notes.title
    }
    body = squash(text.replace(strings["draft_marker"], ""))
    return any(body == squash(t) for t in titles)


# ---------------------------------------------------------------- tri-fold


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_trifold_no_empty_panel_but_one_for_notes(lang: str, paper: str) -> None:
    rtl = lang == "ar"
    texts = panel_texts(trifold_pdf(lang, paper), paper, rtl)
    assert set(texts) == {"cover", "back", "flap", "in1", "in2", "in3"}
    for name, text in texts.items():
        assert squash(text), f"{lang} {paper}: panel {name} is empty"
    notes = [name for name, text in texts.items() if notes_only(text, lang)]
    assert len(notes) <= 1 and set(notes) <= {"in3"}, notes


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_trifold_cover_has_title_and_a_visual(lang: str, paper: str) -> None:
    pdf = trifold_pdf(lang, paper)
    cover = panel_texts(pdf, paper, lang == "ar")["cover"]
    title = ms().languages[lang].content.title
    if lang in LATIN_OR_CYRILLIC:
        assert squash(title) in squash(cover)
    # The visual: with no picture in the edition, the main message on a band of the
    # brand colour covering a good part of the panel.
    panel = next(p for p in trifold.panels(paper, lang == "ar")[0] if p.name == "cover")
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=0.5).to_pil().convert("RGB")
    box = image.crop((round(panel.x * 0.5), 0, round((panel.x + panel.width) * 0.5),
                      image.height))
    primary = tuple(int(load_theme().colors.primary[i:i + 2], 16) for i in (1, 3, 5))
    share = coloured(box, lambda p: max(abs(a - b) for a, b in zip(p, primary, strict=True)) < 12)
    assert share > 0.25, f"{lang} {paper}: the cover's visual covers {share:.0%}"


@pytest.mark.parametrize("lead", [False, True])
def test_trifold_cover_shows_the_first_picture(tmp_path: Path, lead: bool) -> None:
    """A brochure with a picture shows it on the cover, scaled to the room the panel has
    (a tall one too), and then needs no colour band. A picture that opens the first
    section moves to the cover; one further in is shown there as well."""
    from PIL import Image

    from tests.conftest import make_workspace

    workspace = make_workspace(tmp_path)
    picture = workspace / "assets" / "illustrations" / "red.png"
    Image.new("RGB", (400, 1600) if lead else (600, 400), (200, 40, 40)).save(picture)
    en = workspace / "content" / "demo" / "en.yaml"
    text = en.read_text()
    assert "blocks:" in text
    first = "" if lead else '      - "Some words first."\n'
    en.write_text(text.replace("blocks:\n", "blocks:\n" + first +
                               "      - illustration:\n          id: red\n"
                               "          description: A red square.\n"
                               "          alt: A red square.\n"
                               "          caption: Red.\n"
                               "          asset: illustrations/red.png\n", 1))
    loaded = load_brochure(workspace / "content" / "demo", cwd=workspace)
    pdf = render_pdf(loaded, "en", BuildOptions(layout="trifold", fit=True)).pdf
    panel = next(p for p in trifold.panels("letter")[0] if p.name == "cover")
    image = pdfium.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("RGB")
    box = image.crop((round(panel.x * 0.5), 0, round((panel.x + panel.width) * 0.5),
                      image.height))
    assert coloured(box, lambda p: p[0] > 180 and p[1] < 80 and p[2] < 80) > 0.08
    primary = tuple(int(load_theme().colors.primary[i:i + 2], 16) for i in (1, 3, 5))
    band = coloured(box, lambda p: max(abs(a - b) for a, b in zip(p, primary, strict=True)) < 12)
    assert band < 0.1, "with a picture the main message is a box, not a band"
    texts = panel_texts(pdf, "letter", False)
    assert "This is the main message." in " ".join(texts["cover"].split())


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_trifold_back_panel_has_care_team_or_contact(lang: str, paper: str) -> None:
    strings = load_strings(lang)
    back = squash(panel_texts(trifold_pdf(lang, paper), paper, lang == "ar")["back"])
    if lang != "ar":  # Arabic reads back as shaped glyphs; checked by the tags instead
        for key in ("my_care_team", "care_team_name", "care_team_phone",
                    "care_team_after_hours"):
            assert squash(strings[key]) in back, key
    clinic = squash(panel_texts(trifold_pdf(lang, paper, True), paper, lang == "ar")["back"])
    assert squash("Lakeside Neurology Clinic") in clinic and squash("555 0100") in clinic
    assert squash(strings["my_care_team"]) not in clinic


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LATIN_OR_CYRILLIC)
def test_trifold_flap_holds_whole_parts(lang: str, paper: str) -> None:
    """The flap starts with a section's title, and no list has items both on the flap
    and on the first inside panel."""
    texts = panel_texts(trifold_pdf(lang, paper), paper, False)
    flap, in1 = squash(texts["flap"]), squash(texts["in1"])
    content = ms().languages[lang].content
    chosen = [s for s in content.sections if s.id in ms().meta.editions["trifold"]]
    assert flap.startswith(squash(parse(chosen[0].title).plain_text()))
    for section in chosen:
        for block in section.blocks:
            if not isinstance(block, Bullets | Steps):
                continue
            items = block.bullets if isinstance(block, Bullets) else [
                s if isinstance(s, str) else s.text for s in block.steps]
            heads = [squash(parse(t).plain_text())[:25] for t in items]
            on_flap = [h in flap for h in heads]
            on_in1 = [h in in1 for h in heads]
            assert not (any(on_flap) and any(on_in1)), f"a list runs from the flap: {heads}"


# ---------------------------------------------------------------- booklet


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_booklet_cover_numbers_and_no_blank_page(lang: str, paper: str) -> None:
    rtl = lang == "ar"
    pages = booklet_pages(booklet_pdf(lang, paper), rtl)
    total = len(pages)
    assert total % 4 == 0
    strings = load_strings(lang)
    label = strings["page_x_of_y"]
    content = ms().languages[lang].content
    if lang in LATIN_OR_CYRILLIC:
        assert squash(content.title) in squash(pages[1])  # page 1 is the cover
        assert squash(strings["my_care_team"]) in squash(pages[total])  # the back cover
    for number in (1, total):  # the covers carry no number
        assert squash(label.format(page=number, pages=total)) not in squash(pages[number])
    notes_pages = []
    for number in range(2, total):
        text = pages[number]
        assert squash(label.format(page=number, pages=total)) in squash(text), number
        body = text.replace(label.format(page=number, pages=total), "")
        assert squash(body), f"{lang} {paper}: booklet page {number} is blank"
        if notes_only(body.split(strings["last_reviewed"].split("{")[0])[0], lang):
            notes_pages.append(number)
    # Pages for notes only where the count forces them: right before the back cover.
    assert notes_pages == list(range(total - len(notes_pages), total))
    assert len(notes_pages) <= 3


def test_booklet_back_cover_with_a_clinic() -> None:
    pages = booklet_pages(booklet_pdf("en", "letter", True), False)
    back = squash(pages[len(pages)])
    assert squash("Lakeside Neurology Clinic") in back and squash("Last reviewed") in back
    assert squash("My care team") not in back


def test_booklet_fills_whole_sheets_by_spacing_first() -> None:
    """The English letter booklet fills its sheets at the house spacing or a nearby one,
    with no page for notes: spacing is tried before pages are added."""
    pages = booklet_pages(booklet_pdf("en", "letter"), False)
    assert not any(notes_only(t.split("Last reviewed")[0], "en") for t in pages.values())
    assert len(pages) == 12
