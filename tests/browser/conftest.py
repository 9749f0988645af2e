"""One browser for the whole browser-test session (starting Chromium takes a second)."""

from __future__ import annotations

import pytest

from tests.browser.chromium import launched


@pytest.fixture(scope="session")
def browser():
    with launched() as b:
        yield b
