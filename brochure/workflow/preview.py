"""Previews: PNG pictures of a built PDF, so staff can look before they print or send.

Every page becomes a PNG (rendered by PDFium, the engine of Chrome's PDF viewer, so it is
what most patients will see), plus a contact sheet with all pages at a glance. A
tri-fold also gets a "folded" view: its six panels cut from the two printed pages and
laid side by side in the order a reader meets them — cover, the panels as the brochure
opens, the back — using the panel geometry of `layouts/trifold.py`. A bi-fold booklet
gets a reading view: its pages cut from the print sheets (which hold them in
saddle-stitch order, `layouts/bifold.py`) and shown in booklet order, cover first.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from brochure.layouts import DEFAULT_LAYOUT, LAYOUTS, bifold, trifold
from brochure.records import record

DPI = 110  # sharp enough to read body text on a screen, small enough to page through
THUMB_WIDTH = 420
GAP = 24
BACKGROUND = (236, 239, 243)
INK = (40, 48, 60)
READING_ORDER = ("cover", *trifold.BODY_PANELS, "back")  # how a tri-fold is read
PANEL_LABELS = {"cover": "cover", "flap": "flap (folds in)", "in1": "inside 1",
                "in2": "inside 2", "in3": "inside 3", "back": "back"}


@record(frozen=True)
class Preview:
    """What was written for one PDF."""

    pages: list[Path]
    sheet: Path
    folded: Path | None = None  # tri-fold panels, or booklet pages, in reading order


def render_pages(pdf: bytes, dpi: float = DPI) -> list[Image.Image]:
    """Every page of the PDF as an RGB image at `dpi`."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            try:
                images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _framed(image: Image.Image, scale: float) -> Image.Image:
    """A thumbnail with a thin border and a soft shadow, so white pages stand out."""
    width, height = round(image.width * scale), round(image.height * scale)
    thumb = image.resize((width, height), Image.Resampling.LANCZOS)
    framed = Image.new("RGB", (width + 6, height + 6), BACKGROUND)
    ImageDraw.Draw(framed).rectangle((4, 4, width + 5, height + 5), fill=(190, 196, 204))
    framed.paste(thumb, (0, 0))
    ImageDraw.Draw(framed).rectangle((0, 0, width - 1, height - 1), outline=(150, 158, 168))
    return framed


def labelled_grid(
    images: list[Image.Image], labels: list[str], title: str, columns: int, width: int
) -> Image.Image:
    """Images in a grid, each with a label under it and a title above all; one scale for
    all, so the widest is `width` pixels and the others keep their true proportions."""
    scale = width / max(image.width for image in images)
    cells = [_framed(image, scale) for image in images]
    label_font, title_font = _font(18), _font(22)
    cell_w = max(c.width for c in cells)
    cell_h = max(c.height for c in cells) + 30
    rows = (len(cells) + columns - 1) // columns
    sheet = Image.new(
        "RGB",
        (GAP + columns * (cell_w + GAP), 50 + GAP + rows * (cell_h + GAP)),
        BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, 16), title, fill=INK, font=title_font)
    for k, (cell, label) in enumerate(zip(cells, labels, strict=True)):
        x = GAP + (k % columns) * (cell_w + GAP)
        y = 50 + GAP + (k // columns) * (cell_h + GAP)
        sheet.paste(cell, (x, y))
        draw.text((x, y + cell.height + 4), label, fill=INK, font=label_font)
    return sheet


def contact_sheet(pages: list[Image.Image], title: str) -> Image.Image:
    """All pages at a glance: up to four across, each labelled with its number."""
    columns = min(4, len(pages)) or 1
    width = THUMB_WIDTH if pages and pages[0].width <= pages[0].height else THUMB_WIDTH * 3 // 2
    labels = [f"page {k}" for k in range(1, len(pages) + 1)]
    return labelled_grid(pages, labels, title, columns, width)


def folded_view(
    pages: list[Image.Image], paper: str, rtl: bool, title: str, dpi: float = DPI
) -> Image.Image:
    """A tri-fold's panels in reading order, cut from the outside (page 1) and inside
    (page 2) at the positions the tri-fold layout uses."""
    outside, inside = trifold.panels(paper, rtl)
    scale = dpi / 72
    crops: dict[str, Image.Image] = {}
    for page, panels in zip(pages[:2], (outside, inside), strict=False):
        for panel in panels:
            left = round(panel.x * scale)
            right = min(page.width, round((panel.x + panel.width) * scale))
            crops[panel.name] = page.crop((left, 0, right, page.height))
    order = [name for name in READING_ORDER if name in crops]
    images = [crops[name] for name in order]
    labels = [f"{k}. {PANEL_LABELS[name]}" for k, name in enumerate(order, start=1)]
    width = THUMB_WIDTH * 2 // 3
    return labelled_grid(images, labels, title, len(images), width)


def booklet_view(
    sheets: list[Image.Image], rtl: bool, title: str
) -> Image.Image:
    """A booklet's pages in reading order, cut from its print sheets (each sheet side
    holds two pages in saddle-stitch order)."""
    count = 2 * len(sheets)
    halves: dict[int, Image.Image] = {}
    for image, side in zip(sheets, bifold.imposition(count, rtl), strict=False):
        middle = image.width // 2
        for number, box in zip(side, ((0, middle), (middle, image.width)), strict=True):
            if number is not None:
                halves[number] = image.crop((box[0], 0, box[1], image.height))
    order = sorted(halves)
    labels = [
        f"{n}" + (" (cover)" if n == 1 else " (back cover)" if n == count else "")
        for n in order
    ]
    return labelled_grid([halves[n] for n in order], labels, title, 4, THUMB_WIDTH * 2 // 3)


def write_preview(
    pdf: bytes,
    out: Path,
    stem: str,
    layout: str = DEFAULT_LAYOUT,
    paper: str = "letter",
    rtl: bool = False,
    dpi: float = DPI,
) -> Preview:
    """Write `<stem>-p<N>.png` for every page, `<stem>-sheet.png`, and for a tri-fold
    `<stem>-folded.png` (a booklet: `<stem>-reading.png`), into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    pages = render_pages(pdf, dpi)
    paths = []
    for number, image in enumerate(pages, start=1):
        path = out / f"{stem}-p{number}.png"
        image.save(path, optimize=True)
        paths.append(path)
    sheet = out / f"{stem}-sheet.png"
    _save_overview(contact_sheet(pages, stem), sheet)
    folded = None
    view = LAYOUTS[layout].preview if layout in LAYOUTS else "pages"
    if view == "folded" and len(pages) >= 2:
        folded = out / f"{stem}-folded.png"
        _save_overview(folded_view(pages, paper, rtl, f"{stem} (folded, in reading order)", dpi),
                       folded)
    if view == "booklet" and pages:
        folded = out / f"{stem}-reading.png"
        _save_overview(booklet_view(pages, rtl, f"{stem} (booklet pages in reading order)"),
                       folded)
    return Preview(paths, sheet, folded)


def _save_overview(image: Image.Image, path: Path) -> None:
    """Overviews in 128 colours: a third of the bytes, and text on white survives it."""
    palette = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                             dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


# ---------------------------------------------------------------- the HTML edition

HTML_SHOTS = (("phone", 375, False), ("phone-dark", 375, True), ("desktop", 1280, False))
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
)


def find_chromium() -> str | None:
    """A Chromium to take screenshots with: $BROCHURE_CHROMIUM, else one on PATH."""
    import os
    import shutil

    return os.environ.get("BROCHURE_CHROMIUM") or next(
        (found for name in ("chromium", "chromium-browser", "google-chrome")
         if (found := shutil.which(name))), None)


def html_screenshots(page: Path, out: Path, stem: str, chromium: str,
                     tall: int = 16000) -> list[Path]:
    """Whole-page PNGs of an HTML file at phone width (light and dark) and desktop width,
    taken by headless Chromium in a throwaway profile; the empty page below is cut off."""
    import subprocess
    import tempfile

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, width, dark in HTML_SHOTS:
        path = out / f"{stem}-{name}.png"
        height = tall
        while True:  # a window taller than the page, so the shot holds all of it
            with tempfile.TemporaryDirectory(prefix="brochure-chromium-") as profile:
                args = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={width},{height}", f"--screenshot={path}"]
                if dark:
                    args.append("--force-dark-mode")
                subprocess.run([*args, page.resolve().as_uri()], check=True, timeout=120,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if _trim_bottom(path) or height >= 32000:
                break
            height *= 2
        written.append(path)
    return written


def _trim_bottom(path: Path, margin: int = 24) -> bool:
    """Cut the empty page below the content; False when there was none (page cut short)."""
    from PIL import ImageChops

    image = Image.open(path).convert("RGB")
    background = image.getpixel((image.width - 1, image.height - 1))
    box = ImageChops.difference(image, Image.new("RGB", image.size, background)).getbbox()
    bottom = (box[3] if box else 0) + margin
    if bottom >= image.height:
        return False
    image.crop((0, 0, image.width, bottom)).save(path, optimize=True)
    return True
