"""The pipeline in one place: loaded brochure → plan → fonts → flowables → layout → PDF bytes.

Nothing here touches the file system except `write_atomically`, so a failed build can
never leave a partial PDF behind.
"""

from __future__ import annotations

import calendar
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from .blocks import BuildContext, build_story
from .branding import brand_story
from .clinic import brand_theme
from .document import Plan
from .document import plan as make_plan
from .errors import BrochureError, Problem
from .finish import finish
from .fitting import DoesNotFit, fit, overflow_problems, scaled_theme
from .fonts import FontSet, fontset_for
from .langtag import tag_problem
from .layouts import FIXED_SIZE, FOLDS, IMPOSED, LAYOUTS, Overflow, PageSetup
from .layouts.bounds import checking
from .layouts.marks import add_print_marks
from .loader import BROCHURE_FILE, LoadedBrochure, display_path, node_position
from .markup import plain_text
from .model import Clinic, language_texts, printed_plain_texts
from .pictures import image_resolution
from .references import ama_spans
from .richtext import plain
from .spans import Span
from .styles import is_rtl, load_strings, load_theme, long_date, make_styles
from .tagging import Recorder, reading_order, recording
from .yamlnodes import YamlDoc, read_yaml, text_nodes


@dataclass(frozen=True)
class BuildOptions:
    layout: str = "handout"
    paper: str = "letter"
    edition: str | None = None
    sections: list[str] | None = None
    clinic: Clinic | None = None
    large_print: bool = False
    print_marks: bool = False
    fit: bool = False
    tagged: bool = True  # PDF/UA-1 structure tree
    pdfa: bool = False  # PDF/A-2b
    max_image_dpi: float | None = None  # email edition: pictures resampled (pictures.py)
    fit_hint: str = ""  # how to ask for --fit where the build was asked for ("" = no way)
    clinic_id: str | None = None  # the profile's id, in file names (branded ≠ unbranded)


@dataclass
class BuildResult:
    pdf: bytes
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the build did on its own (--fit)


def output_name(brochure_id: str, lang: str, options: BuildOptions) -> str:
    """`<id>[-<clinic>]-<lang>-<layout>-<paper>.pdf`: a branded and an unbranded build
    never overwrite each other (layout and paper stay last: `preview` reads them there)."""
    clinic = f"-{options.clinic_id}" if options.clinic_id else ""
    return f"{brochure_id}{clinic}-{lang}-{options.layout}-{options.paper}.pdf"


def missing_glyphs(
    loaded: LoadedBrochure, lang: str, fonts: FontSet, clinic: Clinic | None = None
) -> list[Problem]:
    """Every character no font can draw, at its FILE:LINE:COL (never a blank box in
    print): in the language file, in brochure.yaml (the reference list, the publisher)
    and in the clinic profile (name, address, phone...)."""
    docs = [loaded.languages[lang].doc, loaded.meta_doc]
    if clinic is not None and clinic.source is not None:
        docs.append(clinic.source)
    return glyph_problems(docs, lang, fonts)


def glyph_problems(docs: list[YamlDoc], lang: str, fonts: FontSet) -> list[Problem]:
    """Characters of the files' text values that no font of `lang` draws. Works on the
    YAML alone, so it also runs when the content has other errors (all reported at once)."""
    problems: list[Problem] = []
    for doc in docs:
        for node in text_nodes(doc.root):
            for ch in fonts.missing(node.value):
                line, col = node_position(doc, node, node.value.find(ch))
                problems.append(Problem(
                    doc.display, line, col,
                    f"character `{ch}` (U+{ord(ch):04X}) is in no font this brochure uses "
                    f"for `{lang}`; remove or replace it"))
    return problems


def file_glyph_problems(folder: Path, cwd: Path, only: list[str]) -> list[Problem]:
    """Missing glyphs in a brochure folder whose content did not load (other errors):
    every language file (or those in `only`) that reads as YAML, with brochure.yaml."""
    def read(path: Path) -> YamlDoc | None:
        try:
            return read_yaml(path, display_path(path, cwd))
        except BrochureError:
            return None

    meta_doc = read(folder / BROCHURE_FILE)
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        tag = path.stem
        if path.name == BROCHURE_FILE or (only and tag not in only) or tag_problem(tag):
            continue
        doc = read(path)
        if doc is not None:
            docs = [doc, meta_doc] if meta_doc is not None else [doc]
            problems += glyph_problems(docs, tag, fontset_for(tag))
    return problems


LARGE_PRINT_TRIFOLD = (
    "large print is for the handout and bifold layouts: a tri-fold panel is too narrow "
    "for 18 pt text; use --layout handout or --layout bifold"
)


def printed_text(the_plan: Plan, strings: dict[str, str]) -> str:
    """Every character the PDF may print, so fonts that are cut to the text (CJK) are
    prepared once: content, UI strings, dates, reference list, digits."""
    meta = the_plan.brochure.meta
    lang = the_plan.language.tag
    content = the_plan.language.content
    parts = [t for _, t in language_texts(content) + printed_plain_texts(content)]
    parts += list(strings.values())
    parts += [long_date(meta.reviewed, lang), long_date(meta.next_review(), lang)]
    parts += [plain(ama_spans(src)) for src in meta.sources]
    parts.append("0123456789 []–.,:;()/·•\u00a0")  # U+00A0 keeps a citation with its word
    return "\n".join(parts)


def render_pdf(
    loaded: LoadedBrochure,
    lang: str,
    options: BuildOptions,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build one PDF in memory. Raises BrochureError for content that cannot be printed
    (DoesNotFit when it is longer than a fixed layout holds)."""
    if options.large_print and options.layout in FIXED_SIZE:
        raise BrochureError([Problem("--large-print", 0, 0, LARGE_PRINT_TRIFOLD)])
    if not options.fit or options.large_print or options.layout not in FIXED_SIZE:
        return _render(loaded, lang, options, progress)
    house = load_theme().text.body_size
    result, size = fit(lambda s: _render(loaded, lang, options, progress, s), house)
    if size < house:
        result.notes.append(
            f"--fit: body text set at {size:g} pt (house size {house:g} pt) to fit the "
            f"{options.layout}"
        )
    else:
        result.notes.append(f"--fit: fits at the house size ({house:g} pt); nothing shrunk")
    return result


def _render(
    loaded: LoadedBrochure,
    lang: str,
    options: BuildOptions,
    progress: Callable[[str], None] | None = None,
    body_size: float | None = None,
) -> BuildResult:
    the_plan = make_plan(loaded, lang, options.edition, options.sections)
    content = the_plan.language.content
    rtl = is_rtl(lang)
    fonts = fontset_for(lang, progress)
    strings = load_strings(lang)
    fonts.prepare(printed_text(the_plan, strings))
    problems = missing_glyphs(loaded, lang, fonts, options.clinic)
    if problems:
        raise BrochureError(problems)
    clinic = options.clinic
    theme = brand_theme(load_theme(), clinic)
    if body_size is not None:
        theme = scaled_theme(theme, body_size)
    styles = make_styles(
        theme, fonts.body, lang, rtl, options.large_print, loaded.meta.hyphenate
    )
    ctx = BuildContext(
        the_plan, theme, styles, strings, fonts, lang, rtl, loaded.workspace, options.large_print
    )
    meta = loaded.meta
    story = brand_story(build_story(ctx), ctx, meta, clinic)
    reviewed = strings["last_reviewed"].format(date=long_date(meta.reviewed, lang))
    footer_left = f"{reviewed} · {strings['disclaimer']}"
    draft = strings["draft_marker"] if the_plan.language.is_draft else None

    notice: list[Flowable] = []

    def text(plain_text: str, style: ParagraphStyle, bold: bool) -> Flowable:
        # Page furniture is an artifact, but a draft notice is news to a screen-reader
        # user: its first copy is read, before everything else; the repeats are not.
        role = "P" if plain_text == draft and not notice else "Artifact"
        flowable = ctx.text([Span(plain_text, bold=bold)], style, role)
        if role == "P":
            notice.append(flowable)
            if recorder is not None:
                recorder.read_first(flowable)
        return flowable

    author = clinic.name if clinic else (meta.publisher or "")
    setup = PageSetup(
        paper=options.paper,
        title=plain_text(content.title),
        author=author,
        subject=plain_text(content.summary),
        keywords=", ".join([meta.id, lang, the_plan.edition]),
        lang=lang,
        rtl=rtl,
        body_font=fonts.body.regular,
        footer_left=footer_left,
        page_label=strings["page_x_of_y"],
        text=text,
        footer_style=styles.footer,
        margin=theme.page.margin_mm * 72 / 25.4,
        footer_height=theme.page.footer_height_mm * 72 / 25.4,
        draft_marker=draft,
        created=calendar.timegm(meta.reviewed.timetuple()),
        primary=colors.HexColor(theme.colors.primary),
        spacings=tuple(theme.booklet.spacings),
        min_last_fill=theme.booklet.min_last_fill,
    )
    recorder = None
    if options.tagged:
        recorder = Recorder(lang)
        recorder.reading_order(reading_order(story))
    display = the_plan.language.doc.display
    place = "panel" if options.layout in FIXED_SIZE else "page"
    try:
        with recording(recorder), image_resolution(options.max_image_dpi), checking() as bounds:
            pdf = LAYOUTS[options.layout](story, setup)
    except LayoutError:
        if bounds.too_tall is None:
            raise  # not a content problem: a bug to see loudly
        raise BrochureError([bounds.too_tall_problem(display, place)]) from None
    except Overflow as overflow:
        size, leading = styles.body.fontSize, styles.body.leading
        problems = overflow_problems(
            overflow, the_plan, options.layout, options.paper, size, leading, options.fit,
            options.fit_hint,
        )
        raise DoesNotFit(problems, overflow, size) from None
    outside = bounds.problems(display, place)
    if outside:  # nothing outside its box: no PDF rather than a line across a fold
        raise BrochureError(outside)
    tags = recorder.tree() if recorder is not None else None
    if options.layout in IMPOSED:  # booklet pages onto print sheets, the tags with them
        pdf, tags = IMPOSED[options.layout](pdf, tags, setup)
    if options.print_marks:
        pdf = add_print_marks(pdf, options.paper, FOLDS[options.layout](options.paper, rtl))
    if tags is not None or options.pdfa:
        pdf = finish(pdf, tags, options.pdfa)
    return BuildResult(pdf, ctx.warnings)


def _file_mode() -> int:
    """What a plainly created file would get (0666 less the umask), read once at import."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a partial PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes 0600; a PDF is for others to read too
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
