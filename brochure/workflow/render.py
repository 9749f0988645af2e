"""The pipeline in one place: loaded brochure → plan → fonts → flowables → layout → PDF bytes.

Nothing here touches the file system: callers write the bytes with
`brochure.files.write_atomically`, so a failed build never leaves a partial PDF behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import Flowable

from brochure.clinic.branding import brand_story
from brochure.clinic.profile import brand_theme
from brochure.content.loader import LoadedBrochure
from brochure.content.markup import plain_text
from brochure.content.model import Clinic
from brochure.content.plan import plan as make_plan
from brochure.content.spans import Span
from brochure.errors import BrochureError, Problem
from brochure.fonts.fontset import fontset_for
from brochure.fonts.printed import missing_glyphs, printed_text
from brochure.language.dates import long_date
from brochure.language.script import is_rtl
from brochure.language.strings import load_strings
from brochure.layouts import DEFAULT_LAYOUT, LAYOUTS, Overflow, PageSetup, large_print_refusal
from brochure.layouts.bounds import checking
from brochure.layouts.fitting import DoesNotFit, fit, overflow_problems, scaled_theme
from brochure.pdf.tagging import Recorder, reading_order, recording
from brochure.records import record
from brochure.story.blocks import BuildContext, build_story
from brochure.story.pictures import image_resolution
from brochure.story.styles import load_theme, make_styles

_EPOCH = dt.date(1970, 1, 1)


@record(frozen=True, kw_only=True)
class BuildOptions:
    """What to build: every choice the command line or brochure.toml can make."""

    layout: str = DEFAULT_LAYOUT
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


@record
class BuildResult:
    pdf: bytes
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the build did on its own (--fit)


def output_name(brochure_id: str, lang: str, options: BuildOptions) -> str:
    """`<id>[-<clinic>]-<lang>-<layout>-<paper>.pdf`: a branded and an unbranded build
    never overwrite each other (layout and paper stay last: `preview` reads them there)."""
    clinic = f"-{options.clinic_id}" if options.clinic_id else ""
    return f"{brochure_id}{clinic}-{lang}-{options.layout}-{options.paper}.pdf"


def render_pdf(
    loaded: LoadedBrochure,
    lang: str,
    options: BuildOptions,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build one PDF in memory. Raises BrochureError for content that cannot be printed
    (DoesNotFit when it is longer than a fixed layout holds)."""
    layout = LAYOUTS[options.layout]
    if options.large_print and not layout.large_print:
        raise BrochureError([Problem("--large-print", 0, 0, large_print_refusal(layout.name))])
    if not options.fit or options.large_print or not layout.fixed_size:
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


def story_context(
    loaded: LoadedBrochure,
    lang: str,
    options: BuildOptions,
    progress: Callable[[str], None] | None = None,
    body_size: float | None = None,
) -> BuildContext:
    """Everything the block builders need for one language: plan, fonts prepared for every
    printed character (or the characters none can draw, as errors), strings, the clinic's
    theme (scaled by --fit) and its styles."""
    the_plan = make_plan(loaded, lang, options.edition, options.sections)
    rtl = is_rtl(lang)
    fonts = fontset_for(lang, progress)
    strings = load_strings(lang)
    fonts.prepare(printed_text(the_plan, strings))
    problems = missing_glyphs(loaded, lang, fonts, options.clinic)
    if problems:
        raise BrochureError(problems)
    theme = brand_theme(load_theme(), options.clinic)
    if body_size is not None:
        theme = scaled_theme(theme, body_size)
    styles = make_styles(
        theme, fonts.body, lang, rtl, options.large_print, loaded.meta.hyphenate
    )
    return BuildContext(
        plan=the_plan, theme=theme, styles=styles, strings=strings, fonts=fonts, lang=lang,
        rtl=rtl, workspace=loaded.workspace, large_print=options.large_print,
    )


def _render(
    loaded: LoadedBrochure,
    lang: str,
    options: BuildOptions,
    progress: Callable[[str], None] | None = None,
    body_size: float | None = None,
) -> BuildResult:
    ctx = story_context(loaded, lang, options, progress, body_size)
    the_plan, rtl, fonts, strings = ctx.plan, ctx.rtl, ctx.fonts, ctx.strings
    theme, styles, clinic = ctx.theme, ctx.styles, options.clinic
    content = the_plan.language.content
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
        created=(meta.reviewed - _EPOCH).days * 86_400,  # midnight UTC of the review
        primary=colors.HexColor(theme.colors.primary),
        spacings=tuple(theme.booklet.spacings),
        min_last_fill=theme.booklet.min_last_fill,
        pdfa=options.pdfa,
    )
    recorder = None
    if options.tagged:
        recorder = Recorder(lang)
        recorder.reading_order(reading_order(story))
    display = the_plan.language.doc.display
    layout = LAYOUTS[options.layout]
    place = layout.box
    try:
        with recording(recorder), image_resolution(options.max_image_dpi), checking() as bounds:
            pdf = layout.build(story, setup)
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
    # The layout wrote the tree, metadata and PDF/A pieces as it saved (pdf/document.py);
    # pikepdf is imported only for what needs it: booklet sheets and printer's marks.
    if layout.impose is not None:  # booklet pages onto print sheets, the tags with them
        from brochure.pdf.finish import finish, rewrites

        tags = recorder.tree() if recorder is not None else None
        pdf, tags = layout.impose(pdf, tags, setup)
        if rewrites(tags, options.pdfa):
            pdf = finish(pdf, tags)
    if options.print_marks:
        from brochure.pdf.marks import add_print_marks

        pdf = add_print_marks(pdf, options.paper, layout.folds(options.paper, rtl))
    return BuildResult(pdf, ctx.warnings)
