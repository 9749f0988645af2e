"""The preview's own pages: index, brochure × language, problems, source view.

Everything from the workspace is escaped here (titles, messages, file text). The only
script is the live-reload listener: an EventSource that reloads the page when the
server says the brochure changed.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote, urlencode

from brochure.errors import Problem
from brochure.layouts import LAYOUTS, PAPERS
from brochure.serve.state import Choice, Outcome

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f4f5f7}
header.bar{background:#1F4E79;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;
 flex-wrap:wrap;align-items:center}
header.bar a{color:#fff}
main{padding:1rem;display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:1100px){main.preview{grid-template-columns:420px minmax(0,1fr) 28rem}}
section.pane{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:.75rem;
 min-width:0}
h1{font-size:1.4rem;margin:.25rem 0}h2{font-size:1.15rem;margin:.25rem 0 .5rem}
iframe{width:100%;height:80vh;border:1px solid #d0d4da;background:#fff}
img.page{display:block;max-width:100%;height:auto;margin:0 0 .75rem;
 border:1px solid #d0d4da;box-shadow:0 1px 3px #0002}
.errors{grid-column:1/-1;background:#FDECEA;border:2px solid #C62828;padding:.75rem 1rem;
 border-radius:4px}
.errors pre,.findings li{white-space:pre-wrap;overflow-wrap:anywhere}
.findings{padding-left:1.2rem}.findings li{margin:.25rem 0}
.error{color:#9B1C1C}.warning{color:#7A4E0B}.notice{color:#555}
form.choice{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
table{border-collapse:collapse}td,th{padding:.25rem .75rem;border-bottom:1px solid #ddd;
 text-align:left;vertical-align:top}
pre.source{counter-reset:line;background:#fff;padding:.5rem;overflow:auto}
pre.source span{display:block}pre.source span:target{background:#FFF3B0}
pre.source span::before{counter-increment:line;content:counter(line);display:inline-block;
 width:3.5em;color:#888;user-select:none}
"""


def page(title: str, body: str, reload: str | None = None) -> str:
    script = ""
    if reload:
        script = (
            "<script>new EventSource(" + _js(reload) + ")"
            ".addEventListener('reload',()=>location.reload());</script>"
        )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · brochure serve</title><style>{STYLE}</style>{script}"
        f"</head><body>{body}</body></html>\n"
    )


def _js(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _bar(extra: str = "") -> str:
    return f'<header class="bar"><a href="/"><strong>brochure serve</strong></a>{extra}</header>'


def source_link(file: str, line: int, column: int) -> str:
    """A finding's FILE:LINE:COL, linked to that line in the source view."""
    where = f"{file}:{line}:{column or 1}" if line else file
    if not file.endswith((".yaml", ".yml")):
        return escape(where)
    anchor = f"#L{line}" if line else ""
    return f'<a href="/source/{quote(file)}{anchor}">{escape(where)}</a>'


def problem_item(problem: Problem) -> str:
    kind = "warning" if problem.severity == "warning" else "error"
    prefix = "warning: " if kind == "warning" else ""
    link = source_link(problem.file, problem.line, problem.column)
    return f'<li class="{kind}">{link}: {escape(prefix + problem.message)}</li>'


def index(rows: list[dict], today: dt.date) -> str:
    """The brochures with their languages, editions and review status."""
    items = []
    for row in rows:
        if row.get("problems"):
            status = '<ul class="findings">' + "".join(
                problem_item(p) for p in row["problems"]) + "</ul>"
            items.append(f"<tr><td>{escape(row['id'])}</td><td colspan=3>{status}</td></tr>")
            continue
        langs = " ".join(
            f'<a href="/b/{quote(row["id"])}/{quote(tag)}">{escape(tag)}</a>'
            + (" (draft)" if draft else "")
            for tag, draft in row["languages"]
        )
        due = row["next_review"]
        overdue = " <strong class=error>OVERDUE</strong>" if due < today else ""
        review = f"reviewed {row['reviewed']}, next review {due}{overdue}"
        items.append(
            f"<tr><td><strong>{escape(row['id'])}</strong><br>{escape(row['title'])}</td>"
            f"<td>{langs}</td><td>{escape(', '.join(row['editions']))}</td>"
            f"<td>{review}</td></tr>"
        )
    table = (
        "<table><thead><tr><th>brochure</th><th>languages</th><th>editions</th>"
        "<th>review</th></tr></thead><tbody>" + "".join(items) + "</tbody></table>"
    )
    return page("brochures", _bar() + f'<main><section class="pane"><h1>Brochures</h1>'
                f"{table}</section></main>")


def brochure_page(
    brochure: str, lang: str, langs: list[str], editions: list[str], clinics: list[str],
    choice: Choice, outcome: Outcome, last: bool,
) -> str:
    """One brochure × language: the HTML edition, the PDF pages, the check report."""
    query = _query(choice)
    base = f"/b/{quote(brochure)}/{quote(lang)}"
    links = " ".join(
        f'<a href="/b/{quote(brochure)}/{quote(t)}{query}"'
        + (' aria-current="page"' if t == lang else "") + f">{escape(t)}</a>"
        for t in langs
    )
    form = _choice_form(base, choice, editions, clinics)
    bar = _bar(f"<span>{escape(brochure)}</span><span>{links}</span>{form}")
    shown = outcome.preview
    notice = ""
    if outcome.problems:
        items = "".join(problem_item(p) for p in outcome.problems)
        notice = (
            '<section class="pane errors" role="alert"><h2>The content does not build</h2>'
            f'<ul class="findings">{items}</ul>'
            f"<p>{len(outcome.problems)} problem(s), as `brochure build` reports them. "
            "Fix and save: this page reloads by itself."
        )
        if outcome.last_good is not None and not last:
            sep = "&amp;" if query else "?"
            notice += f' <a href="{base}{query}{sep}last=1">Show the last good preview</a>'
        notice += "</p></section>"
        shown = outcome.last_good if last else None
    body = ""
    if shown is not None:
        edition_url = f"{base}/edition.html{_query(choice, v=outcome.version, last=last)}"
        pages = "".join(
            f'<img class="page" alt="PDF page {n}" '
            f'src="{base}/page/{n}.png{_query(choice, v=outcome.version, last=last)}">'
            for n in range(1, len(shown.pages) + 1)
        )
        findings = "".join(finding_item(f) for f in shown.findings)
        findings = f'<ul class="findings">{findings}</ul>' if findings else "<p>No findings.</p>"
        warnings = "".join(problem_item(p) for p in shown.warnings)
        warn = f'<ul class="findings">{warnings}</ul>' if warnings else ""
        label = " (last good build)" if last and outcome.problems else ""
        body = (
            f'<section class="pane"><h2>HTML edition{label}</h2>'
            f'<iframe title="HTML edition" src="{edition_url}"></iframe>'
            f'<p><a href="{edition_url}">Open the HTML edition</a></p></section>'
            f'<section class="pane"><h2>PDF: {escape(choice.layout)}, {escape(choice.paper)}'
            f"{label}</h2>{pages}</section>"
            f'<section class="pane"><h2>Check report</h2>{warn}{findings}</section>'
        )
    reload = f"/events/{quote(brochure)}/{quote(lang)}?v={outcome.version}"
    return page(f"{brochure} {lang}", bar + f'<main class="preview">{notice}{body}</main>',
                reload)


def finding_item(finding) -> str:
    """A check finding in `brochure check`'s words, its position linked."""
    link = source_link(finding.file, finding.line, finding.column)
    text = f"{finding.severity}: {finding.message} [{finding.code}]"
    return f'<li class="{escape(finding.severity)}">{link}: {escape(text)}</li>'


def _query(choice: Choice, v: int | None = None, last: bool = False) -> str:
    values = {k: getattr(choice, k) for k in ("layout", "paper", "clinic", "edition")}
    values = {k: val for k, val in values.items() if val and val != getattr(Choice(), k)}
    if v is not None:
        values["v"] = str(v)
    if last:
        values["last"] = "1"
    return ("?" + escape(urlencode(values))) if values else ""


def _choice_form(base: str, choice: Choice, editions: list[str], clinics: list[str]) -> str:
    def select(name: str, options: list[str], current: str, label: str, empty: str = "") -> str:
        opts = "".join(
            f'<option value="{escape(o)}"' + (" selected" if o == current else "")
            + f">{escape(o or empty)}</option>" for o in options
        )
        return f'<label>{label} <select name="{name}">{opts}</select></label>'

    return (
        f'<form class="choice" method="get" action="{base}">'
        + select("layout", sorted(LAYOUTS), choice.layout, "layout")
        + select("paper", sorted(PAPERS), choice.paper, "paper")
        + select("edition", ["", *editions], choice.edition, "edition", "(default)")
        + select("clinic", ["", *clinics], choice.clinic, "clinic", "none")
        + "<button>show</button></form>"
    )


def source_page(relative: str, text: str) -> str:
    """A YAML file with numbered lines; #L12 highlights line 12."""
    lines = "".join(
        f'<span id="L{n}">{escape(line)}</span>'
        for n, line in enumerate(text.splitlines() or [""], start=1)
    )
    return page(relative, _bar(f"<span>{escape(relative)}</span>")
                + f'<main><pre class="source">{lines}</pre></main>')


def not_found() -> str:
    return page("not found", _bar() + '<main><section class="pane"><h1>Not found</h1>'
                "</section></main>")
