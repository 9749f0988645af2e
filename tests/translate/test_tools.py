"""Our files as other translation tools read them: translate-toolkit (the library behind
Pootle and Virtaal, and its `pofilter` checker)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.translate.conftest import run

toolkit = pytest.importorskip("translate.storage.factory")

STRUCTURE_CHECKS = ["urls", "xmltags", "variables", "escapes", "newlines", "emails"]


def test_translate_toolkit_reads_every_unit_code_and_state(shipped: Path) -> None:
    assert run("translate", "export", "ms-stem-cells", "es", "-o", "es.xlf")[0] == 0
    store = toolkit.getobject("es.xlf")
    units = [u for u in store.units if u.istranslatable()]
    assert len(units) == 98
    ids = [u.getid().split("\x04")[-1] for u in units]
    assert ids[:5] == ["title", "subtitle", "summary", "what-is/title", "what-is/1"]
    unit = units[ids.index("what-is/3")]
    kinds = [type(e).__name__ + ":" + str(e) for e in unit.rich_target[0].sub
             if type(e).__name__ != "StringElem"]
    assert [k.split(":", 1)[1] for k in kinds] == ["**", "**", "**", "**", "[@shroff2018]"]
    assert unit.istranslated() and not unit.isfuzzy()
    assert sum(u.istranslated() for u in units) == 95  # 3 drug names left as in English
    assert "Section: What is stem-cell therapy?" in unit.getnotes()


def _pofilter(path: str, *tests: str) -> str:
    args = [sys.executable, "-m", "translate.filters.pofilter", "--progress=none"]
    args += [f"--test={t}" for t in tests] + [path, "-o", "report.po"]
    Path("report.po").unlink(missing_ok=True)
    subprocess.run(args, check=True, capture_output=True)
    report = Path("report.po")  # written only when some unit fails a test
    return report.read_text(encoding="utf-8") if report.exists() else ""


@pytest.mark.parametrize("lang", ["es", "ru", "ar", "vi", "zh-Hans"])
def test_pofilter_finds_no_broken_structure_in_shipped_translations(shipped: Path,
                                                                    lang: str) -> None:
    assert run("translate", "export", "ms-stem-cells", lang, "-o", "x.po")[0] == 0
    assert "(pofilter)" not in _pofilter("x.po", *STRUCTURE_CHECKS)


def test_pofilter_sees_a_changed_url(demo: Path) -> None:
    """The check above can fail: a URL changed in a translation is one pofilter finds."""
    from tests.translate.fill import reverse_po

    run("translate", "add", "demo", "fr")
    run("translate", "export", "demo", "fr", "-o", "fr.po")
    lines = reverse_po(Path("fr.po").read_bytes()).decode().split("\n")
    k = next(k for k, line in enumerate(lines) if line.startswith("msgstr") and "wound)" in line)
    lines[k] = lines[k].replace("example.org/wound", "example.org/other")
    Path("bad.po").write_text("\n".join(lines))
    assert "(pofilter) urls" in _pofilter("bad.po", *STRUCTURE_CHECKS)


def test_a_file_saved_by_translate_toolkit_imports(demo: Path) -> None:
    """Pre-translate as a CAT tool does (copy source to target, codes included), translate
    two texts through translate-toolkit's own API, save with it, import."""
    run("translate", "add", "demo", "fr")
    run("translate", "export", "demo", "fr", "-o", "fr.xlf")
    store = toolkit.getobject("fr.xlf")
    for unit in store.units:
        if not unit.istranslatable():
            continue
        unit.rich_target = unit.rich_source
        if unit.getid().endswith("\x04care/title"):
            unit.settarget("Soigner la plaie")
        if unit.getid().endswith("\x04moving/3/illustration/alt"):
            unit.settarget("Dessin d'un exercice de flexion du genou au lit.")
    store.save()
    code, out, err = run("translate", "import", "demo", "fr.xlf")
    assert code == 0, err
    assert "2 text(s) changed" in out
    fr = (demo / "content" / "demo" / "fr.yaml").read_text()
    assert "title: Soigner la plaie" in fr
    assert "alt: \"Dessin d'un exercice de flexion du genou au lit.\"" in fr
    assert '"Keep the dressing **dry** and *clean* for two weeks [@smith2020]."' in fr
