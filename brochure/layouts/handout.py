"""The handout: single sheets, one column, the cover content at the top of page 1."""

from __future__ import annotations

from io import BytesIO

from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from brochure.layouts.common import PageSetup, document_info, fitted_footer, numbered_canvas
from brochure.layouts.floats import FloatingFigures
from brochure.story.blocks import Story


class _Doc(FloatingFigures, BaseDocTemplate):
    """One column of pages, figures floating forward."""


def build_handout(story: Story, setup: PageSetup) -> bytes:
    buffer = BytesIO()
    width, height = setup.size
    setup = fitted_footer(setup, width)
    m = setup.margin
    top_margin = m + (10 if setup.draft_marker else 0)
    bottom = m * 0.5 + setup.footer_height + 8
    doc = _Doc(
        buffer,
        pagesize=(width, height),
        leftMargin=m,
        rightMargin=m,
        topMargin=top_margin,
        bottomMargin=bottom,
        **document_info(setup),
    )
    frame = Frame(
        m,
        bottom,
        width - 2 * m,
        height - top_margin - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story.all(), canvasmaker=numbered_canvas(setup))
    return buffer.getvalue()
