"""Live reload in a real browser: a save makes the open preview page reload by itself."""

from __future__ import annotations

import time

from tests.serve.test_serve import BROCHURE, edit, server  # noqa: F401 - the fixture

H1 = """() => { const f = document.querySelector('iframe');
    const h = f && f.contentDocument && f.contentDocument.querySelector('h1');
    return h ? h.textContent : ''; }"""


def test_open_page_reloads_on_save_and_shows_errors(browser, server):  # noqa: F811
    proc, port, workspace = server
    en = workspace / "content" / "ms-stem-cells" / "en.yaml"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}{BROCHURE}", wait_until="load")
        page.wait_for_function(f"({H1})().startsWith('Stem-cell treatment')", timeout=30_000)
        start = time.perf_counter()
        edit(en, "title: Stem-cell treatment", "title: Live words on stem-cell treatment")
        page.wait_for_function(f"({H1})().startsWith('Live words')", timeout=30_000)
        print(f"page showed the saved change {time.perf_counter() - start:.2f} s after the save")
        edit(en, "\ntitle:", "\ntitel:")
        page.wait_for_function(
            "document.body.innerText.includes('unknown key `titel`')", timeout=30_000)
        page.click("text=Show the last good preview")
        page.wait_for_function(f"({H1})().startsWith('Live words')", timeout=30_000)
    finally:
        context.close()
