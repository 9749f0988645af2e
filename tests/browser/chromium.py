"""Headless Chromium for the browser tests: Debian's `chromium`, driven by Playwright.

Playwright never downloads a browser here: it is given the distribution's binary
(`BROCHURE_CHROMIUM`, else `chromium` on PATH). Without it (or without axe-core from
`npm ci` in tests/browser/) the tests skip on a developer's machine and fail on CI
(`CI=true`), where .ci/run installs both.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing(what: str) -> None:
    """Skip locally, fail on CI: CI must really run the browser tests."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (CI installs it in .ci/run)")
    pytest.skip(what)


def chromium_path() -> str:
    found = os.environ.get("BROCHURE_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not found:
        missing("no chromium: `apt-get install chromium` (or set BROCHURE_CHROMIUM)")
    return found


def axe_source() -> str:
    if not AXE.is_file():
        missing("no axe-core: run `npm ci` in tests/browser/")
    return AXE.read_text(encoding="utf-8")


@contextmanager
def launched() -> Iterator[object]:
    """A Playwright Chromium browser (sync API), closed afterwards."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    path = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page, source: str) -> list[dict]:
    """axe-core's violations at WCAG 2.2 AA for the page as it is now."""
    page.add_script_tag(content=source)
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
        }""",
        WCAG_22_AA,
    )
