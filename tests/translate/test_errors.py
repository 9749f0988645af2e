"""Broken translator files: every problem at FILE:LINE:COL with the unit id, exit 1, and
the language file untouched. Expected messages are golden files in
tests/data/translate/errors/ (UPDATE_GOLDENS=1 rewrites them after a wording change)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.translate.conftest import run
from tests.translate.fill import reverse_po, reverse_xliff

GOLDEN = DATA / "translate" / "errors"
UPDATE = bool(os.environ.get("UPDATE_GOLDENS"))

BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n <!ENTITY a "aaaaaaaaaa">\n'
        + b"".join(b' <!ENTITY %c "%s">\n' % (98 + k, (b"&%c;" % (97 + k)) * 10)
                   for k in range(9))
        + b"]>\n")

XLIFF_CASES: dict[str, Callable[[str], str]] = {
    "missing-placeholder": lambda x: x.replace(
        'skeew owt rof <ph id="3" ctype="x-citation">[@smith2020]</ph>.', "skeew owt rof."),
    "duplicated-citation": lambda x: x.replace(
        'emoh og uoy erofeb <ph id="2"', 'emoh <ph id="2" ctype="x-citation">[@smith2020; '
        '@lee2021]</ph> og uoy erofeb <ph id="2"'),
    "unknown-unit": lambda x: x.replace('<trans-unit id="moving/2/faq/1/q"',
                                        '<trans-unit id="moving/2/faq/9/q"'),
    "changed-url": lambda x: x.replace('dnuow<ept id="1">](https://example.org/wound)',
                                       'dnuow<ept id="1">](https://evil.example/wound)'),
    "misordered-codes": lambda x: x.replace(
        'peeK<bpt id="1" ctype="bold">**</bpt>yrd<ept id="1">**</ept>',
        'peeK<ept id="1">**</ept>yrd<bpt id="1" ctype="bold">**</bpt>'),
    "wrong-target-language": lambda x: x.replace('target-language="fr"', 'target-language="de"'),
    "malformed-xml": lambda x: x.replace("</trans-unit>", "</trans-unit", 3),
    "entity-bomb": lambda x: BOMB.decode() + x.split("\n", 1)[1].replace(
        "eenk wen ruoy", "&j;", 1),
    "external-entity": lambda x: x.replace(
        "<xliff ", '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<xliff ', 1
    ).replace("eenk wen ruoy", "&x;", 1),
    "several-at-once": lambda x: XLIFF_CASES["changed-url"](XLIFF_CASES["unknown-unit"](
        XLIFF_CASES["missing-placeholder"](x))),
}

def _msgstr(old: str, new: str) -> Callable[[str], str]:
    """Change the first translation (msgstr line) that holds `old`."""
    def mutate(po: str) -> str:
        lines = po.split("\n")
        k = next(k for k, line in enumerate(lines) if line.startswith("msgstr") and old in line)
        lines[k] = lines[k].replace(old, new)
        return "\n".join(lines)
    return mutate


PO_CASES: dict[str, Callable[[str], str]] = {
    "missing-placeholder": _msgstr("skeew [@smith2020].", "skeew."),
    "duplicated-citation": _msgstr("[@smith2020; @lee2021].",
                                   "[@smith2020; @lee2021] [@smith2020; @lee2021]."),
    "unknown-unit": lambda p: p.replace('msgctxt "moving/2/faq/1/q"', 'msgctxt "moving/2/faq/9/q"'),
    "changed-url": _msgstr("](https://example.org/wound)", "](https://evil.example/wound)"),
    "wrong-target-language": lambda p: p.replace('"Language: fr\\n"', '"Language: de\\n"'),
    "malformed-po": lambda p: p.replace('msgctxt "care/title"', 'msgctxtt "care/title"'),
}


def _case(demo: Path, fmt: str, name: str, mutate: Callable[[str], str]) -> None:
    assert run("translate", "add", "demo", "fr")[0] == 0
    assert run("translate", "export", "demo", "fr", "-o", f"fr.{fmt}")[0] == 0
    data = Path(f"fr.{fmt}").read_bytes()
    filled = (reverse_xliff(data) if fmt == "xlf" else reverse_po(data)).decode("utf-8")
    broken = mutate(filled)
    assert broken != filled, "the mutation found nothing to change"
    Path(f"{name}.{fmt}").write_text(broken, encoding="utf-8")
    fr = demo / "content" / "demo" / "fr.yaml"
    before = fr.read_bytes()
    started = time.monotonic()
    code, out, err = run("translate", "import", "demo", f"{name}.{fmt}")
    assert time.monotonic() - started < 60  # an entity bomb would never get here
    assert code == 1 and "Traceback" not in err
    assert fr.read_bytes() == before
    golden = GOLDEN / f"{name}.{fmt}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(err, encoding="utf-8")
    assert err == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(XLIFF_CASES))
def test_broken_xliff_is_refused_with_positions(demo: Path, name: str) -> None:
    _case(demo, "xlf", name, XLIFF_CASES[name])


@pytest.mark.parametrize("name", sorted(PO_CASES))
def test_broken_po_is_refused_with_positions(demo: Path, name: str) -> None:
    _case(demo, "po", name, PO_CASES[name])
