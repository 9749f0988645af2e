"""Fonts: stacks per language, generated faces, coverage, runs, cache, embedding.

All tests share one cache folder per session (building Noto Sans costs ~11 s once);
tests about the cache itself use a fresh folder.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from fontTools.pens.areaPen import AreaPen
from fontTools.ttLib import TTFont as FTFont
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate

from brochure.files import CACHE_ENV
from brochure.fonts.cache import Store
from brochure.fonts.config import FaceSpec, FontError, load_table, parse_table
from brochure.fonts.fontset import FontSet, clear_process_cache, fontset_for, stack_for

# A real sentence per language (medication advice), and letters of its alphabet that a
# body font must have: a language whose letters the body font lacks would get words
# set in two typefaces.
SAMPLES: dict[str, str] = {
    "en": "Take one tablet twice a day with food. Call your doctor if you feel dizzy.",
    "es": "Tome una pastilla dos veces al día con comida. ¿Tiene preguntas? Llame a su médico.",
    "zh-Hans": "每天服药两次，饭后服用。如有疑问，请咨询医生。",
    "zh-Hant": "每天服藥兩次，飯後服用。如有疑問，請諮詢醫生。",
    "tl": "Uminom ng isang tableta dalawang beses sa isang araw kasama ng pagkain.",
    "fr": "Prenez un comprimé deux fois par jour pendant le repas. « Ça va ? » Œdème.",
    "vi": "Uống một viên thuốc hai lần mỗi ngày sau bữa ăn. Hỏi bác sĩ nếu cần.",
    "de": "Nehmen Sie zweimal täglich eine Tablette zum Essen ein. Bei Übelkeit: Arzt fragen.",
    "ko": "하루에 두 번 식사와 함께 한 알씩 복용하십시오.",
    "ru": "Принимайте по одной таблетке два раза в день во время еды.",
    "ar": "تناول قرصًا واحدًا مرتين يوميًا مع الطعام. اتصل بطبيبك إذا شعرت بالدوار.",
    "it": "Prenda una compressa due volte al giorno durante i pasti. Perché è così?",
    "pt": "Tome um comprimido duas vezes ao dia com as refeições. Não se esqueça.",
    "ht": "Pran yon grenn de fwa pa jou ak manje. Si ou gen kesyon, rele doktè ou.",
    "pl": "Przyjmuj jedną tabletkę dwa razy dziennie podczas posiłku. Zażółć gęślą jaźń.",
    "hi": "भोजन के साथ दिन में दो बार एक गोली लें। चक्कर आने पर डॉक्टर से बात करें।",
    "ja": "一日二回、食後に一錠ずつ服用してください。めまいがあれば医師に相談してください。",
    "fa": "روزی دو بار یک قرص را همراه غذا مصرف کنید. "
          "اگر سرگیجه دارید، می‌توانید با پزشک تماس بگیرید.",
}

VI_VOWELS = "aăâeêioôơuưy"
VI_TONES = "\u0300\u0301\u0309\u0303\u0323"

LETTERS: dict[str, str] = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "es": "abcdefghijklmnñopqrstuvwxyzáéíóúü¿¡",
    "tl": "abcdefghijklmnñopqrstuvwxyz",
    "fr": "abcdefghijklmnopqrstuvwxyzàâæçéèêëîïôœùûüÿ«»",
    "de": "abcdefghijklmnopqrstuvwxyzäöüß„“",
    "it": "abcdefghilmnopqrstuvzàèéìíîòóùú",
    "pt": "abcdefghijklmnopqrstuvwxyzãõçáâêéíóôúà",
    "ht": "abcdefghijklmnopqrstuvwxyzèò",
    "pl": "aąbcćdeęfghijklłmnńoóprsśtuwyzźż",
    "vi": "abcdđefghiklmnopqrstuvxy" + VI_VOWELS + "".join(
        unicodedata.normalize("NFC", v + t) for v in VI_VOWELS for t in VI_TONES),
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى٠١٢٣٤٥٦٧٨٩",
    "fa": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی۰۱۲۳۴۵۶۷۸۹",
    "hi": "अआइईउऊऋएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह०१२३४५६७८९",
}

SCRIPT_LANGS = ["en", "vi", "ar", "hi", "zh-Hans", "zh-Hant", "ja", "ko"]


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("font-cache")


@pytest.fixture(autouse=True)
def _cache_env(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(shared_cache))


def prepared(lang: str, text: str | None = None) -> FontSet:
    fs = fontset_for(lang)
    fs.prepare(SAMPLES[lang] if text is None else text)
    return fs


def weight(path: Path) -> int:
    return int(FTFont(str(path), lazy=True)["OS/2"].usWeightClass)


def ink(path: Path, char: str) -> float:
    """Area of a character's outline: thicker strokes in a real bold."""
    font = FTFont(str(path), lazy=True)
    pen = AreaPen(font.getGlyphSet())
    font.getGlyphSet()[font.getBestCmap()[ord(char)]].draw(pen)
    return float(abs(pen.value))


# -- families and faces ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi", "ar", "zh-Hans"])
def test_faces_are_distinct_fonts(lang: str) -> None:
    body = prepared(lang).body
    assert getFont(body.bold) is not getFont(body.regular)
    if lang in ("en", "vi"):  # families with real italics
        names = {body.regular, body.bold, body.italic, body.bold_italic}
        assert len({id(getFont(n)) for n in names}) == 4
        assert len({getFont(n).face.name for n in names}) == 4
    assert body.face() == body.regular
    assert body.face(bold=True, italic=True) == body.bold_italic


@pytest.mark.parametrize("lang", ["en", "vi", "ar", "hi", "zh-Hans", "ko"])
def test_bold_is_really_bold(lang: str) -> None:
    body = prepared(lang).body
    assert weight(body.paths["regular"]) == 400
    assert weight(body.paths["bold"]) == 700
    first = SAMPLES[lang][0]
    assert ink(body.paths["bold"], first) > 1.2 * ink(body.paths["regular"], first)
    if lang in ("en", "vi"):  # CJK and Arabic advance widths may not change with weight
        sample = SAMPLES[lang][:12]
        assert stringWidth(sample, body.bold, 10) > stringWidth(sample, body.regular, 10)


def test_markup_tags_resolve_to_faces() -> None:
    for lang in ("en", "ar"):
        body = prepared(lang).body
        assert tt2ps(body.name, 0, 0) == body.regular
        assert tt2ps(body.name, 1, 0) == body.bold
        assert tt2ps(body.name, 0, 1) == body.italic
        assert tt2ps(body.name, 1, 1) == body.bold_italic


def test_families_without_italic_set_it_upright() -> None:
    body = prepared("ar").body
    assert body.italic == body.regular and body.bold_italic == body.bold


# -- languages ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_body_covers_the_language(lang: str) -> None:
    fs = prepared(lang)
    assert fs.missing(SAMPLES[lang]) == []
    assert [fam for _, fam in fs.runs(SAMPLES[lang])] == [fs.body], "sample in one family"
    letters = LETTERS.get(lang, "")
    for text in (letters, letters.upper()):
        if text:
            assert [fam for _, fam in fs.runs(text)] == [fs.body], f"body lacks letters of {lang}"


def test_body_families_per_language() -> None:
    expect = {
        "en": "AtkinsonHyperlegible", "es": "AtkinsonHyperlegible", "pl": "AtkinsonHyperlegible",
        "ht": "AtkinsonHyperlegible", "tl": "AtkinsonHyperlegible", "vi": "NotoSans",
        "ru": "NotoSans", "ar": "NotoSansArabic", "fa": "NotoSansArabic",
        "hi": "NotoSansDevanagari", "zh-Hans": "NotoSansCJKsc", "zh-Hant": "NotoSansCJKtc",
        "ja": "NotoSansCJKjp", "ko": "NotoSansCJKkr",
    }
    table = load_table()
    for lang, name in expect.items():
        assert table.families[stack_for(lang)[0]].name == name, lang


@pytest.mark.parametrize(("tag", "family"), [
    ("EN-us", "atkinson-hyperlegible"), ("pt-BR", "atkinson-hyperlegible"),
    ("zh", "noto-sans-cjk-sc"), ("zh-TW", "noto-sans-cjk-tc"), ("zh-HK", "noto-sans-cjk-hk"),
    ("zh-Hant-TW", "noto-sans-cjk-tc"), ("zh_CN", "noto-sans-cjk-sc"),
    ("uk", "noto-sans"), ("el", "noto-sans"), ("sr-Latn", "atkinson-hyperlegible"),
    ("ur", "noto-sans-arabic"), ("ps", "noto-sans-arabic"), ("mr", "noto-sans-devanagari"),
    ("ha-Arab", "noto-sans-arabic"), ("tr", "noto-sans"), ("xx", "atkinson-hyperlegible"),
    ("", "atkinson-hyperlegible"),
])
def test_unknown_languages_by_script(tag: str, family: str) -> None:
    assert stack_for(tag)[0] == family


def test_rtl_flag() -> None:
    for lang in ("ar", "fa"):
        assert fontset_for(lang).body.rtl and fontset_for(lang).rtl
    for lang in ("en", "hi", "ru"):
        assert not fontset_for(lang).body.rtl


# -- runs and missing ------------------------------------------------------------------


def test_runs_split_by_script() -> None:
    fs = fontset_for("en")
    got = [(text, fam.name.split("-")[0]) for text, fam in fs.runs("Hello мир مرحبا 中文")]
    assert got == [("Hello ", "AtkinsonHyperlegible"), ("мир ", "NotoSans"),
                   ("مرحبا ", "NotoSansArabic"), ("中文", "NotoSansCJKsc")]


def test_runs_keep_words_marks_and_punctuation_together() -> None:
    fs = fontset_for("en")
    # Vietnamese word in an English text: the whole word in the family that has ở.
    assert [t for t, _ in fs.runs("Eat phở, then rest.")] == ["Eat ", "phở, ", "then rest."]
    # Decomposed (NFD) letters: the combining mark stays with its base.
    runs = fs.runs("Cafe\u0301 (12): fine")
    assert len(runs) == 1 and runs[0][1] == fs.body
    assert fs.runs("") == []
    # Digits and punctuation after Cyrillic stay in its run; the space before it does not.
    assert [t for t, _ in fs.runs("Dose: мир 2×, ok")] == ["Dose: ", "мир 2×, ", "ok"]
    # A space the body lacks (U+202F, French) changes font alone, not the colon after it.
    runs = fs.runs("Attention\u202f: danger")
    assert [t for t, _ in runs] == ["Attention", "\u202f", ": danger"]
    assert runs[0][1] == runs[2][1] == fs.body != runs[1][1]


def test_runs_cover_text_not_prepared() -> None:
    fs = prepared("zh-Hans")
    assert "龍" not in SAMPLES["zh-Hans"]
    (text, fam), = fs.runs("龍")  # not in the prepared subset: added as a safety net
    assert FTFont(str(fam.paths["regular"]), lazy=True).getBestCmap().get(ord("龍"))


def test_prepare_gives_the_body_every_character_it_has_as_assigning_them_would() -> None:
    """`prepare` skips the cluster-by-cluster assignment when the body family has every
    character: the subset is the same."""
    from brochure.fonts.coverage import needed

    fs = fontset_for("zh-Hans")
    text = SAMPLES["zh-Hans"] + " MS（多发性硬化）: 2×/day, 30 mg — “ok”。\n\u00ad\u200b e\u0301"
    assert fs._body_has_all(text)
    assigned: dict[int, set[int]] = {}
    for cluster, idx in fs._assign(text):
        assigned.setdefault(idx, set()).update(needed(cluster))
    assert assigned == {0: set(needed(text))}


def test_missing() -> None:
    fs = fontset_for("en")
    text = "Smile \U0001F600, Linear B \U00010000!\n\u00ad\u200d\u200b\t\ufe0f"
    assert fs.missing(text) == ["\U0001F600", "\U00010000"]
    assert fs.missing(SAMPLES["ja"] + SAMPLES["ar"] + SAMPLES["ru"]) == []


# -- cache, determinism ------------------------------------------------------------------


def test_cache_is_reused_and_written_atomically(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    messages: list[str] = []
    for lang in ("ar", "ko"):
        fontset_for(lang, messages.append).prepare(SAMPLES[lang])
    assert messages and all("…" in m for m in messages)
    assert any("first run only" in m for m in messages)
    files = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert not [p for p in files if p.name.endswith(".tmp")]
    assert sum(p.suffix == ".ttf" for p in files) == 4      # 2 Arabic faces, 2 Korean

    clear_process_cache()
    messages.clear()
    for lang in ("ar", "ko"):
        fontset_for(lang, messages.append).prepare(SAMPLES[lang])
    assert messages == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == files


BUILD_AR = (
    "import sys; from brochure.fonts.fontset import fontset_for\n"
    "fs = fontset_for('ar', lambda m: print(m, file=sys.stderr))\n"
    "print(fs.body.paths['regular']); print(fs.body.paths['bold'])\n"
)


def run_python(code: str, cache: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, CACHE_ENV: str(cache)}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_concurrent_first_runs_share_the_cache(tmp_path: Path) -> None:
    procs = [run_python(BUILD_AR, tmp_path) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert outs[0][0] == outs[1][0]
    # One process builds, the other waits for it and reuses its fonts.
    assert sorted(bool(err) for _, err in outs) == [False, True], outs
    for path in outs[0][0].split():
        assert FTFont(path)["OS/2"].usWeightClass in (400, 700)
    assert not list(tmp_path.rglob("*.tmp"))


def test_broken_cache_file_is_rebuilt(tmp_path: Path) -> None:
    first = run_python(BUILD_AR, tmp_path).communicate(timeout=120)[0].split()
    Path(first[1]).write_bytes(b"")                 # as if cut short by a crash
    proc = run_python(BUILD_AR, tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.split() == first and FTFont(first[1])["OS/2"].usWeightClass == 700


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for i in range(5):
        path = tmp_path / f"NotoSansCJKsc-{i}.ttf"
        path.write_bytes(b"x")
        os.utime(path, ns=(i * 10**9, i * 10**9))
    (tmp_path / "NotoSansCJKkr-0.ttf").write_bytes(b"x")
    store.prune("NotoSansCJKsc-", keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "NotoSansCJKkr-0.ttf", "NotoSansCJKsc-3.ttf", "NotoSansCJKsc-4.ttf"]


def test_builds_are_deterministic_across_processes(tmp_path: Path) -> None:
    """Same text, other process, other hash seed, other folder: byte-identical fonts
    (a CJK subset converted from CFF, and an instanced variable font)."""
    text = SAMPLES["zh-Hant"]
    mine = [prepared("zh-Hant", text).body, fontset_for("ar").body]
    script = (
        "import sys; from brochure.fonts.fontset import fontset_for\n"
        "fs = fontset_for('zh-Hant'); fs.prepare(sys.argv[1])\n"
        "for b in (fs.body, fontset_for('ar').body):\n"
        "    print(b.paths['regular']); print(b.paths['bold'])\n"
    )
    env = {**os.environ, CACHE_ENV: str(tmp_path), "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script, text], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert all(Path(p).is_relative_to(tmp_path) for p in out)
    assert [Path(p).read_bytes() for p in out] == [
        b.paths[face].read_bytes() for b in mine for face in ("regular", "bold")]


def test_generated_fonts_carry_no_build_time() -> None:
    body = prepared("ar").body
    head = FTFont(str(body.paths["bold"]), lazy=True)["head"]
    source = FTFont(str(load_table().families["noto-sans-arabic"].faces["bold"].path()),
                    lazy=True)["head"]
    assert (head.created, head.modified) == (source.created, source.modified)


def test_library_never_prints(capsys: pytest.CaptureFixture[str]) -> None:
    fontset_for("ru").prepare(SAMPLES["ru"])
    assert capsys.readouterr() == ("", "")


def test_bad_table_is_refused() -> None:
    good = {"format": 1, "families": {"a": {"name": "A", "label": "A", "faces": {
        "regular": {"package": "p", "file": "f.ttf"}}}}, "fallbacks": ["a"],
        "languages": {"en": {"body": "a"}}, "scripts": {}, "default_body": "a"}
    parse_table(good)
    with pytest.raises(FontError, match="unknown family"):
        parse_table({**good, "languages": {"en": {"body": "b"}}})
    with pytest.raises(FontError, match="unknown key"):
        parse_table({**good, "fallback": ["a"]})
    with pytest.raises(FontError, match="pip install no-such-font"):
        FaceSpec("no_such_font", "x.ttf").path()


# -- PDFs --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", SCRIPT_LANGS)
def test_pdf_embeds_only_our_fonts(lang: str) -> None:
    fs = prepared(lang, SAMPLES[lang] + " Bold")
    body = fs.body
    style = ParagraphStyle("body", fontName=body.regular, fontSize=11, leading=15,
                           shaping=lang in ("hi", "ar"))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, invariant=1, initialFontName=body.regular)
    text = SAMPLES[lang]
    doc.build([Paragraph(f'<font name="{body.name}">{text[:20]} <b>Bold {text[:8]}</b></font>',
                         style)])
    with pikepdf.open(io.BytesIO(buf.getvalue())) as pdf:
        names = set()
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                names.add(str(font.BaseFont).split("+", 1)[-1])
                assert "/FontFile2" in font.FontDescriptor, f"{font.BaseFont} not embedded"
        content = b"".join(page.Contents.read_bytes() if not isinstance(page.Contents,
                           pikepdf.Array) else b"" for page in pdf.pages)
    assert not any("Helvetica" in n for n in names)
    assert b"Helvetica" not in buf.getvalue()
    faces = {getFont(name).face.name.decode() for name in (body.regular, body.bold)}
    assert faces <= names
    assert content
