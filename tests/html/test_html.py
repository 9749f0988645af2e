"""The HTML edition without a browser: valid HTML5, structure, safety, determinism, CLI.

Browser checks (axe-core, widths, text order, RTL) are in tests/browser/.
"""

from __future__ import annotations

import re

import html5lib
import pytest
from click.testing import CliRunner

from brochure.cli import main
from brochure.content.loader import load_brochure
from brochure.content.markup import parse, to_spans
from brochure.content.model import language_texts
from brochure.content.plan import plan
from brochure.content.references import DOI_RESOLVER
from brochure.content.spans import Span
from brochure.html import email_html, render_html
from tests.conftest import ROOT

MS = ROOT / "content" / "ms-stem-cells"
LANGS = sorted(p.stem for p in MS.glob("*.yaml") if p.name != "brochure.yaml")
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def loaded():
    return load_brochure(MS, ROOT)


def tree(html: str):
    """Parse as a browser would; html5lib's strict mode raises on any parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def elements(root, tag: str):
    return list(root.iter(NS + tag))


def text_of(element) -> str:
    return "".join(element.itertext())


def content_links(loaded, lang: str) -> set[str]:
    """Every link the content itself makes: inline links, DOIs and source URLs."""
    links = set()
    for _, value in language_texts(loaded.languages[lang].content):
        links |= {i.href for i in parse(value).items if isinstance(i, Span) and i.href}
    for source in loaded.meta.sources:
        if source.doi:
            links.add(DOI_RESOLVER + source.doi)
        if source.url:
            links.add(source.url)
    return links


@pytest.mark.parametrize("lang", LANGS)
def test_parses_without_errors_and_is_self_contained(loaded, lang):
    html = render_html(loaded, lang).html
    root = tree(html)
    assert not elements(root, "script")
    assert "<script" not in html.lower()
    assert not elements(root, "link") and "@import" not in html and "url(" not in html
    allowed = content_links(loaded, lang)
    for element in root.iter():
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.get(name)
            if value is None:
                continue
            if name == "src":
                assert value.startswith("data:image/"), value
            else:
                assert name == "href" and (value.startswith("#") or value in allowed), value


@pytest.mark.parametrize("lang", LANGS)
def test_structure_follows_the_content(loaded, lang):
    the_plan = plan(loaded, lang)
    root = tree(render_html(loaded, lang).html)
    html = root.find(NS + "html") if root.tag != NS + "html" else root
    assert html.get("lang") == lang
    assert html.get("dir") == ("rtl" if lang == "ar" else "ltr")
    assert len(elements(root, "h1")) == 1
    h2 = [text_of(h) for h in elements(root, "h2")]
    titles = [parse(p.section.title).plain_text() for p in the_plan.sections]
    assert h2[: len(titles)] == titles and len(h2) == len(titles) + 1  # + sources
    content = loaded.languages[lang].content
    blocks = [b for s in content.sections for b in s.blocks]
    kinds = {type(b).__name__ for b in blocks}
    steps = [ol for ol in elements(root, "ol") if ol.get("class") == "steps"]
    assert len(steps) == sum(type(b).__name__ == "Steps" for b in blocks)
    if "Callout" in kinds:
        asides = [a for a in elements(root, "aside") if "callout" in a.get("class", "")]
        assert len(asides) == sum(type(b).__name__ == "Callout" for b in blocks)
        for aside in asides:
            if "warning" in aside.get("class"):
                assert aside.get("aria-labelledby") or aside.get("aria-label")
    for figure in elements(root, "figure"):
        labelled = [e for e in figure.iter() if e.get("alt") or e.get("aria-label")]
        assert labelled, "every figure has alt text"
    if "Faq" in kinds:
        assert elements(root, "dl") and elements(root, "dt") and elements(root, "dd")
    refs = [ol for ol in elements(root, "ol") if ol.get("dir") == "ltr"]
    assert len(refs) == 1
    items = elements(refs[0], "li")
    assert len(items) == len(the_plan.cited_sources)
    for item, source in zip(items, the_plan.cited_sources, strict=True):
        if source.doi:
            assert [a.get("href") for a in elements(item, "a")] == [DOI_RESOLVER + source.doi]
    footer = elements(root, "footer")[0]
    assert [t.get("datetime") for t in elements(footer, "time")] == [
        loaded.meta.reviewed.isoformat(), loaded.meta.next_review().isoformat()]
    draft = [p for p in elements(root, "p") if p.get("class") == "draft"]
    assert len(draft) == (1 if loaded.languages[lang].is_draft else 0)


def test_text_order_is_content_order(loaded):
    """Every text value appears in the page in the order the content gives it."""
    html = render_html(loaded, "en").html
    body = re.sub(r"\s+", " ", text_of(tree(html)))
    numbers = plan(loaded, "en").citation_numbers
    at = 0
    for loc, value in language_texts(loaded.languages["en"].content):
        if "notes" in loc or "credit" in loc:
            continue
        words = re.sub(r"\s+", " ", "".join(s.text for s in to_spans(value, numbers))).strip()
        found = body.find(words, at)
        assert found >= 0, (loc, words)
        at = found + len(words)


def test_deterministic(loaded):
    for lang in ("en", "ar"):
        assert render_html(loaded, lang).data == render_html(loaded, lang).data


def test_edition_sections_and_citation_numbers_match_the_pdf_plan(loaded):
    ids = [s.id for s in loaded.source.content.sections]
    chosen = [ids[2], ids[0]]
    root = tree(render_html(loaded, "en", sections=chosen).html)
    sections = [s for s in elements(root, "section") if (s.get("aria-labelledby") or "")
                .startswith("s-")]
    assert [s.get("aria-labelledby") for s in sections] == [f"s-{i}" for i in chosen]
    the_plan = plan(loaded, "en", None, chosen)
    refs = [ol for ol in elements(root, "ol") if ol.get("dir") == "ltr"]
    titles = [text_of(li) for li in elements(refs[0], "li")] if refs else []
    assert len(titles) == len(the_plan.cited_sources)
    for title, source in zip(titles, the_plan.cited_sources, strict=True):
        assert source.title.rstrip(".") in title


def test_author_text_is_never_markup(ms_workspace):
    en = ms_workspace / "content" / "ms-stem-cells" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    hostile = '<img src=x onerror=alert(1)> &amp; <script>alert(2)</script> \\"'
    text = re.sub(r"(?m)^title: .*$", "title: '" + hostile.replace("'", "''") + "'", text, count=1)
    en.write_text(text, encoding="utf-8")
    loaded = load_brochure(en.parent, ms_workspace, ["en"])
    html = render_html(loaded, "en").html
    root = tree(html)
    assert not elements(root, "script")
    assert all(img.get("src", "").startswith("data:") for img in elements(root, "img"))
    assert text_of(elements(root, "h1")[0]) == hostile


def test_clinic_colours_logo_and_contact(ms_workspace):
    from brochure.clinic.profile import load_profile

    loaded = load_brochure(ms_workspace / "content" / "ms-stem-cells", ms_workspace, ["en"])
    clinic = load_profile(ms_workspace / "clinics" / "lakeside.yaml", ms_workspace)
    html = render_html(loaded, "en", clinic=clinic).html
    root = tree(html)
    assert f"--primary: {clinic.colors.primary};" in html
    logo = [i for i in elements(root, "img") if i.get("class") == "logo"]
    assert logo and logo[0].get("alt") == clinic.name
    assert logo[0].get("src").startswith("data:image/svg+xml;base64,")
    hrefs = [a.get("href") for a in elements(root, "a")]
    assert "tel:+15550100" in hrefs and f"mailto:{clinic.email}" in hrefs


def test_dark_mode_primary_reads_on_the_dark_page():
    from brochure.clinic.contrast import ratio
    from brochure.html.css import DARK_PAGE, on_dark

    for colour in ("#1F4E79", "#1B5E63", "#000000", "#7A0000"):
        assert ratio(on_dark(colour), DARK_PAGE) >= 7


def test_picture_is_embedded_and_resampled(ms_workspace):
    from PIL import Image

    pictures = ms_workspace / "assets" / "illustrations"
    pictures.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (3000, 1500), "#336699").save(pictures / "wide.png")
    en = ms_workspace / "content" / "ms-stem-cells" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    assert "illustration:" in text
    text = re.sub(r"(?m)^(\s+)id: ([a-z-]+)\n(\s+)description:",
                  r"\1id: \2\n\1asset: illustrations/wide.png\n\3description:", text, count=1)
    en.write_text(text, encoding="utf-8")
    loaded = load_brochure(en.parent, ms_workspace, ["en"])
    root = tree(render_html(loaded, "en").html)
    images = [i for f in elements(root, "figure") for i in elements(f, "img")]
    assert images and images[0].get("width") == "1200" and images[0].get("height") == "600"
    assert images[0].get("src").startswith("data:image/png;base64,")


def test_email_form_has_styles_inlined(loaded):
    page = email_html(loaded, "en", preface=["<p>Hello,</p>"]).html
    root = tree(page)
    assert not elements(root, "style") and "var(--" not in page
    h2 = elements(root, "h2")[0]
    assert "color:" in h2.get("style", "")
    assert text_of(elements(root, "p")[0]) == "Hello,"


def test_cli_writes_html_atomically_and_refuses_print_options(ms_workspace, monkeypatch):
    monkeypatch.chdir(ms_workspace)
    runner = CliRunner()
    result = runner.invoke(main, ["build", "ms-stem-cells", "--format", "html"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (ms_workspace / "output").iterdir())
    assert written == [f"ms-stem-cells-{lang}.html" for lang in LANGS]
    good = (ms_workspace / "output" / "ms-stem-cells-en.html").read_bytes()
    result = runner.invoke(main, ["build", "ms-stem-cells", "--format", "html", "--paper", "a4"])
    assert result.exit_code == 2 and "--paper" in result.output
    result = runner.invoke(main, ["build", "ms-stem-cells", "--format", "html", "-o", "x.html"])
    assert result.exit_code == 2 and "-o names one file" in result.output
    en = ms_workspace / "content" / "ms-stem-cells" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    result = runner.invoke(main, ["build", "ms-stem-cells", "--format", "html", "--lang", "en"])
    assert result.exit_code == 1 and "en.yaml:" in result.output and "titel" in result.output
    assert (ms_workspace / "output" / "ms-stem-cells-en.html").read_bytes() == good
    assert not [p for p in (ms_workspace / "output").iterdir() if p.name.startswith(".")]


def test_preview_html_without_a_browser_says_where_the_page_is(ms_workspace, monkeypatch):
    import brochure.workflow.preview

    monkeypatch.setattr(brochure.workflow.preview, "find_chromium", lambda: None)
    monkeypatch.chdir(ms_workspace)
    runner = CliRunner()
    result = runner.invoke(main, ["preview", "ms-stem-cells", "--format", "html", "--lang",
                                  "en", "--out", "shots"])
    assert result.exit_code == 0, result.output
    assert "open it in a browser" in result.output
    assert (ms_workspace / "shots" / "ms-stem-cells-en.html").is_file()
    result = runner.invoke(main, ["preview", "ms-stem-cells", "--format", "html", "--paper", "a4"])
    assert result.exit_code == 2 and "--paper" in result.output


def test_every_block_kind_has_its_own_html():
    from brochure.content.model import BLOCK_KINDS
    from brochure.html.blocks import BUILDERS

    assert set(BLOCK_KINDS.values()) <= set(BUILDERS)


def test_same_bytes_from_separate_processes(ms_workspace):
    """No hash order, clock or process state leaks into the page."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = ms_workspace / f"ar-{seed}.html"
        subprocess.run([sys.executable, "-m", "brochure", "build", "ms-stem-cells", "--format",
                        "html", "--lang", "ar", "--clinic", "lakeside", "-o", str(out)],
                       cwd=ms_workspace, check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_long_tokens_break_where_print_breaks_them():
    from brochure.html.inline import text

    url = "https://www.example.org/treating-ms/stem-cells?a=1&b=2"
    out = text(f"see {url} or ACC/AHA and Pseudopseudohypoparathyroidismcontrolled <b>")
    assert "https://<wbr>www.<wbr>example.<wbr>org/<wbr>treating-<wbr>ms/" in out
    assert "?<wbr>a=<wbr>1&amp;<wbr>b=2" in out
    assert " ACC/AHA " in out  # short: moves whole, never cut
    assert '<span class="long">Pseudopseudohypoparathyroidismcontrolled</span>' in out
    assert out.endswith("&lt;b&gt;")
    assert re.sub(r"<wbr>|</?span[^>]*>", "", out).replace("&amp;", "&").startswith("see " + url)
