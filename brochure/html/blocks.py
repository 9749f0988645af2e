"""One HTML builder per block kind, found through `BUILDERS` like the PDF's builders.

Each builder returns the block's HTML; semantic elements carry the meaning (<ol> for
steps, <aside> for callouts, <figure> for pictures, <dl> for questions and answers) so
the page reads right in a screen reader and in a mail client without its styles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from brochure.content.loader import resolve_asset
from brochure.content.markup import to_spans
from brochure.content.model import (
    Block,
    Bullets,
    Callout,
    Faq,
    Illustration,
    Loc,
    Log,
    Notes,
    Steps,
    Table,
    block_texts,
)
from brochure.content.model import Paragraph as ParagraphBlock
from brochure.content.plan import Plan
from brochure.content.spans import Span
from brochure.errors import Problem
from brochure.html.inline import attr, spans_html, text, unbold
from brochure.html.pictures import embed
from brochure.records import record


@record
class HtmlContext:
    """What every block builder needs for one language of one brochure."""

    plan: Plan
    strings: dict[str, str]
    lang: str
    workspace: Path
    warnings: list[Problem] = field(default_factory=list)
    _ids: int = 0

    def spans(self, value: str) -> list[Span]:
        return to_spans(value, self.plan.citation_numbers)

    def inline(self, value: str) -> str:
        return spans_html(self.spans(value))

    def new_id(self, prefix: str) -> str:
        """A fresh id for aria-labelledby: numbered in document order, so deterministic."""
        self._ids += 1
        return f"{prefix}-{self._ids}"

    def warn(self, loc: Loc, message: str) -> None:
        doc = self.plan.language.doc
        self.warnings.append(doc.problem(loc, message, "warning"))


def paragraph(ctx: HtmlContext, value: str) -> str:
    return f"<p>{ctx.inline(value)}</p>"


def bullets(ctx: HtmlContext, block: Bullets, loc: Loc) -> str:
    return _list("ul", "", [ctx.inline(t) for t in block.bullets])


def _list(tag: str, cls: str, items: list[str]) -> str:
    inner = "".join(f"<li>{item}</li>" for item in items)
    return f"<{tag}{cls}>{inner}</{tag}>"


def steps(ctx: HtmlContext, block: Steps, loc: Loc) -> str:
    items = []
    for step in block.steps:
        if isinstance(step, str):
            items.append(ctx.inline(step))
            continue
        body = ctx.inline(step.text)
        if step.title:
            title = spans_html(unbold(ctx.spans(step.title)))
            joiner = " " if step.title.rstrip().endswith((".", ":", "?", "!", "。", "：")) else (
                "：" if ctx.lang.split("-")[0] in ("zh", "ja") else ": "
            )
            body = f"<strong>{title}</strong>{joiner}{body}"
        items.append(body)
    return _list("ol", ' class="steps"', items)


def callout(ctx: HtmlContext, block: Callout, loc: Loc) -> str:
    body = block.callout
    parts: list[str] = []
    label = ""
    if body.title:
        hid = ctx.new_id("callout")
        label = f" aria-labelledby={attr(hid)}"
        parts.append(f"<h3 id={attr(hid)}>{spans_html(unbold(ctx.spans(body.title)))}</h3>")
    elif body.kind == "warning":
        label = f" aria-label={attr(ctx.strings['callout_warning'])}"
    if body.text:
        parts.append(paragraph(ctx, body.text))
    if body.bullets:
        parts.append(_list("ul", "", [ctx.inline(t) for t in body.bullets]))
    return f'<aside class="callout {body.kind}"{label}>{"".join(parts)}</aside>'


def faq(ctx: HtmlContext, block: Faq, loc: Loc) -> str:
    items = "".join(
        f"<dt>{ctx.inline(qa.q)}</dt><dd>{ctx.inline(qa.a)}</dd>" for qa in block.faq
    )
    return f'<dl class="faq">{items}</dl>'


def illustration(ctx: HtmlContext, block: Illustration, loc: Loc) -> str:
    body = block.illustration
    picture = None
    if body.asset:
        path = resolve_asset(body.asset, ctx.workspace)
        if path is not None and path.is_file():
            try:
                picture = embed(path)
            except ValueError as exc:
                ctx.warn(loc + ("illustration", "asset"),
                         f"picture `{body.asset}` left out of the HTML edition: {exc}")
    if picture is not None:
        shown = (
            f"<img src={attr(picture.uri)} alt={attr(body.alt)} "
            f'width="{picture.width}" height="{picture.height}">'
        )
    else:
        label = text(ctx.strings["illustration_placeholder"].upper())
        shown = (
            f'<div class="placeholder" role="img" aria-label={attr(body.alt)}>'
            f'<p class="label">{label}</p><p>{text(body.description)}</p></div>'
        )
    caption: list[str] = []
    if body.caption:
        caption.append(ctx.inline(body.caption))
    if body.credit:
        credit = "".join(s.text for s in ctx.spans(body.credit))
        caption.append(text(ctx.strings["credit"].format(credit=credit)))
    figcaption = f"<figcaption>{' '.join(caption)}</figcaption>" if caption else ""
    return f'<figure class="illustration">{shown}{figcaption}</figure>'


def notes(ctx: HtmlContext, block: Notes, loc: Loc) -> str:
    """Ruled lines are for paper: shown only when the page is printed."""
    title = block.notes.title
    heading = spans_html(unbold(ctx.spans(title))) if title else text(ctx.strings["notes"])
    lines = '<div class="line"></div>' * block.notes.lines
    return f'<div class="notes"><h3>{heading}</h3>{lines}</div>'


def _table_html(
    ctx: HtmlContext, title: str | None, columns: list[str], rows: list[list[str]], kind: str
) -> str:
    """A real <table> (header cells with scope, so a screen reader names each cell's
    column); a log's empty cells are for writing in on paper."""
    label = ctx.new_id(kind)
    if title:
        caption = f"<caption id={attr(label)}>{spans_html(unbold(ctx.spans(title)))}</caption>"
        name = f" aria-labelledby={attr(label)}"
    else:
        caption = ""
        plain_columns = ", ".join("".join(s.text for s in ctx.spans(c)) for c in columns)
        name = f" aria-label={attr(plain_columns)}"
    head = "".join(f'<th scope="col">{ctx.inline(c)}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{ctx.inline(cell) if cell else ''}</td>" for cell in row)
        + "</tr>"
        for row in rows
    )
    # The box scrolls sideways by itself when a phone is too narrow for the table (the page
    # never does); keyboard users reach it, and it is named by the caption or the columns.
    return (f'<div class="table-wrap" role="region" tabindex="0"{name}><table class="{kind}">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def table(ctx: HtmlContext, block: Table, loc: Loc) -> str:
    body = block.table
    return _table_html(ctx, body.title, body.columns, [list(r) for r in body.rows], "table")


def log(ctx: HtmlContext, block: Log, loc: Loc) -> str:
    body = block.log
    rows = [[""] * len(body.columns) for _ in range(body.rows)]
    return _table_html(ctx, body.title, body.columns, rows, "log")


BUILDERS: dict[type, Callable[[HtmlContext, object, Loc], str]] = {
    ParagraphBlock: lambda ctx, b, loc: paragraph(ctx, b.paragraph),
    Bullets: bullets,
    Steps: steps,
    Callout: callout,
    Faq: faq,
    Illustration: illustration,
    Notes: notes,
    Table: table,
    Log: log,
}


def block_html(ctx: HtmlContext, block: Block, loc: Loc) -> str:
    if isinstance(block, str):
        return paragraph(ctx, block)
    builder = BUILDERS.get(type(block))
    if builder is None:  # a block kind with no HTML of its own yet: its text, in order
        return "".join(paragraph(ctx, value) for _, value in block_texts(block, loc))
    return builder(ctx, block, loc)
