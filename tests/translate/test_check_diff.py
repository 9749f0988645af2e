"""What `check`, `translate diff` and `translate status` say about a translation as the
source moves on."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.translate.conftest import run
from tests.translate.fill import reverse_xliff

OLD = "Do not take a bath or swim."
NEW = "Do not take a bath, swim or use a hot tub."


def _translated(demo: Path) -> Path:
    """fr made with `add`, filled by script and imported: up to date with en."""
    assert run("translate", "add", "demo", "fr")[0] == 0
    assert run("translate", "export", "demo", "fr", "-o", "fr.xlf")[0] == 0
    Path("done.xlf").write_bytes(reverse_xliff(Path("fr.xlf").read_bytes()))
    assert run("translate", "import", "demo", "done.xlf")[0] == 0
    return demo / "content" / "demo"


def _findings(code: str) -> list[dict]:
    status, out, _ = run("check", "demo", "--lang", "fr", "--format", "json")
    return [p for p in json.loads(out)["problems"] if p["code"] == code]


def test_new_translation_is_not_translated_everywhere_and_fails_strict(demo: Path) -> None:
    assert run("translate", "add", "demo", "fr")[0] == 0
    fr = (demo / "content" / "demo" / "fr.yaml").read_text()
    found = _findings("not-translated")
    lines = fr.splitlines()
    # the summary and every longer text, each at the line and column of its text
    number = next(k for k, line in enumerate(lines, 1) if line.startswith("summary:"))
    summary = next(p for p in found if p["line"] == number)
    assert lines[number - 1][summary["column"] - 1:].startswith("Move a little")
    # 35 texts; 13 are under 3 words or numbers ("Walk", "Moving again", table headings):
    # names and short labels may stay the same in a translation
    assert len(found) == 22 and all(p["severity"] == "warning" for p in found)
    flagged = {lines[p["line"] - 1].strip() for p in found}
    assert not flagged & {"title: Walk", "title: Moving again", "title: My questions"}
    code, out, _ = run("check", "demo", "--lang", "fr", "--strict")
    assert code == 1
    # English is not scored as French: nothing is left to score
    status, out, _ = run("check", "demo", "--lang", "fr", "--format", "json")
    (fr_report,) = [x for x in json.loads(out)["languages"] if x["language"] == "fr"]
    assert fr_report["readability"]["document"]["words"] == 0


def test_translated_file_has_no_translation_findings(demo: Path) -> None:
    _translated(demo)
    assert _findings("not-translated") == [] and _findings("translation-outdated") == []


def test_changed_source_sentence_shows_in_diff_and_check(demo: Path) -> None:
    folder = _translated(demo)
    en = folder / "en.yaml"
    en.write_text(en.read_text().replace(OLD, NEW))
    code, out, _ = run("translate", "diff", "demo", "fr")
    assert code == 0
    assert f"care/3/bullets/2 (changed)\n  - {OLD}\n  + {NEW}\n  fr: {OLD[::-1]}" in out
    assert out.count("(changed)") == 1
    (finding,) = [p for p in _findings("translation-outdated") if "changed since" in p["message"]]
    fr_lines = (folder / "fr.yaml").read_text().splitlines()
    line = fr_lines[finding["line"] - 1]
    assert line[finding["column"] - 1:].startswith(OLD[::-1])  # at the translated text
    assert OLD in finding["message"] and NEW in finding["message"]
    code, out, _ = run("translate", "status", "demo")
    row = next(r for r in out.splitlines() if r.startswith("fr "))
    assert re.split(r"\s+", row)[:5] == ["fr", "35", "34", "1", "0"]


def test_reexport_marks_unchanged_final_and_changed_for_review(demo: Path) -> None:
    folder = _translated(demo)
    en = folder / "en.yaml"
    en.write_text(en.read_text().replace(OLD, NEW))
    assert run("translate", "export", "demo", "fr", "-o", "again.xlf")[0] == 0
    xliff = Path("again.xlf").read_text()
    assert xliff.count('state="final"') == 34
    assert xliff.count('state="needs-review-translation"') == 1
    unit = xliff[xliff.index('id="care/3/bullets/2"'):]
    unit = unit[: unit.index("</trans-unit>")]
    assert f"the source was: {OLD}" in unit and OLD[::-1] in unit
    # the translator updates it; import records the new source revision, check is clean
    Path("again-done.xlf").write_bytes(reverse_xliff(
        Path("again.xlf").read_bytes(), keep=lambda uid: uid != "care/3/bullets/2"))
    code, out, err = run("translate", "import", "demo", "again-done.xlf")
    assert code == 0, err
    assert "1 text(s) changed" in out
    assert NEW[::-1] in (folder / "fr.yaml").read_text()
    assert _findings("translation-outdated") == []
    assert run("translate", "diff", "demo", "fr")[1].startswith("fr: no source changes")


def test_review_marks_a_finished_translation_and_refuses_an_unfinished_one(demo: Path) -> None:
    assert run("translate", "add", "demo", "fr")[0] == 0
    code, _, err = run("translate", "review", "demo", "fr", "--by", "A. Martin")
    assert code == 1  # 34 texts (the 35th is a number, the same in every language)
    assert "34 text(s) not translated yet" in err
    folder = demo / "content" / "demo"
    Path("fr.xlf").unlink(missing_ok=True)
    assert run("translate", "export", "demo", "fr", "-o", "fr.xlf")[0] == 0
    Path("done.xlf").write_bytes(reverse_xliff(Path("fr.xlf").read_bytes()))
    assert run("translate", "import", "demo", "done.xlf")[0] == 0
    assert run("translate", "review", "demo", "fr", "--by", "A. Martin")[0] == 0
    head = (folder / "fr.yaml").read_text().splitlines()[2]
    assert head == ("translation: {status: reviewed, source_revision: "
                    f"{head.split('source_revision: ')[1].split(',')[0]}, "
                    "reviewed_by: A. Martin}")
    status = run("translate", "status", "demo")[1]
    assert re.search(r"^fr .* reviewed\s+A\. Martin$", status, re.M)


def test_import_follows_a_source_whose_structure_changed(demo: Path) -> None:
    folder = _translated(demo)
    en = folder / "en.yaml"
    text = en.read_text()
    text = text.replace(f'          - "{OLD}"\n',
                        f'          - "{OLD}"\n          - "Keep pets away from the wound."\n')
    text = text.replace("  - id: moving\n", "  - id: food\n    title: Eating well\n    blocks:\n"
                        '      - "Eat fruit, vegetables and protein to help the wound heal."\n'
                        "  - id: moving\n")
    text = text.replace("      - notes:\n          title: My questions\n          lines: 3\n", "")
    en.write_text(text)
    new = {"care/3/bullets/3", "food/title", "food/1"}
    assert run("translate", "export", "demo", "fr", "-o", "again.xlf")[0] == 0
    Path("again-done.xlf").write_bytes(reverse_xliff(Path("again.xlf").read_bytes(),
                                                     keep=lambda uid: uid not in new))
    code, out, err = run("translate", "import", "demo", "again-done.xlf")
    assert code == 0, err
    fr = (folder / "fr.yaml").read_text()
    assert "# a comment that must survive an import" in fr  # blocks not rewritten keep it
    assert fr.index("id: care") < fr.index("id: food") < fr.index("id: moving")
    assert ".dnuow eht morf yawa step peeK" in fr and "llew gnitaE" in fr
    assert "notes:" not in fr and OLD[::-1] in fr
    assert _findings("not-translated") == [] and _findings("translation-outdated") == []
    before = (folder / "fr.yaml").read_bytes()
    assert "already up to date" in run("translate", "import", "demo", "again-done.xlf")[1]
    assert (folder / "fr.yaml").read_bytes() == before
