"""Font stacks as data: `fonts.yaml` read into small typed records.

Kept free of ReportLab and fontTools so that reading the table costs about a millisecond
on the warm path. Validation is strict: a typo in the data must fail at load time, not
as an empty box in a printed brochure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import Any

from brochure.files import package_file
from brochure.language.script import script_of, split_tag
from brochure.records import record
from brochure.safeyaml import safe_load

FACES = ("regular", "bold", "italic", "bold_italic")


class FontError(Exception):
    """The font table is invalid, or a font it names cannot be found or built."""


# Inclusive code point ranges, sorted and merged.
Ranges = tuple[tuple[int, int], ...]


def merge_ranges(pairs: Iterable[tuple[int, int]]) -> Ranges:
    """Sort and merge overlapping or touching inclusive ranges."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(pairs):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def ranges_of(codepoints: Iterable[int]) -> Ranges:
    """Compress a set of code points into ranges."""
    return merge_ranges((c, c) for c in set(codepoints))


@record(frozen=True)
class FaceSpec:
    """Where one face's outlines come from and how to turn them into a static TTF."""

    package: str                      # importable module that ships the file
    file: str                         # path of the file inside that package
    subfont: str | None = None        # PostScript name of the font inside a .ttc
    axes: tuple[tuple[str, float], ...] = ()   # variable font instance location
    cmap_from: str | None = None      # take the character map from this other face

    def path(self) -> Path:
        """The font file, located through the package, never a hard-coded path."""
        try:
            resource = package_file(self.package, self.file)
        except ModuleNotFoundError as exc:
            dist = self.package.replace("_", "-")
            raise FontError(
                f"font package {self.package!r} is not installed (pip install {dist})"
            ) from exc
        if not isinstance(resource, Path) or not resource.is_file():
            raise FontError(f"{self.file!r} not found as a file in package {self.package!r}")
        return resource


@record(frozen=True)
class FamilySpec:
    """One typeface as configured: four faces (some may repeat) and how to prepare it."""

    key: str                          # key in fonts.yaml, e.g. "noto-sans"
    name: str                         # ReportLab family name = name of the regular face
    label: str                        # for progress messages ("Arabic")
    faces: dict[str, FaceSpec]        # only the faces the font really has
    rtl: bool = False
    keep: Ranges | None = None        # subset the source to these ranges (None: all)
    per_text: bool = False            # build a subset per document's characters
    base: Ranges = ()                 # always in a per-text subset
    face_of: dict[str, str] = field(default_factory=dict)  # face -> face actually used

    @property
    def generated(self) -> bool:
        """Whether the faces must be built (instanced, subset, converted) and cached."""
        return self.per_text or self.keep is not None or any(
            f.axes or f.subfont or f.cmap_from for f in self.faces.values()
        )


@record(frozen=True)
class FontTable:
    """All of fonts.yaml."""

    families: dict[str, FamilySpec]
    languages: dict[str, tuple[str, ...]]   # lower-case language tag -> stack, body first
    scripts: dict[str, tuple[str, ...]]     # ISO 15924 script -> stack, body first
    fallbacks: tuple[str, ...]              # default fallbacks, in order
    default_body: str

    def default_stack(self) -> tuple[str, ...]:
        """The stack for a language of unknown script."""
        return tuple(dict.fromkeys([self.default_body, *self.fallbacks]))


def _parse_range(text: str) -> tuple[int, int]:
    lo, _, hi = str(text).partition("-")
    try:
        a, b = int(lo, 16), int(hi or lo, 16)
    except ValueError as exc:
        raise FontError(f"bad Unicode range {text!r} (want e.g. 0020-007E)") from exc
    if not 0 <= a <= b <= 0x10FFFF:
        raise FontError(f"bad Unicode range {text!r}")
    return a, b


def _ranges(value: Any, named: dict[str, Ranges], where: str) -> Ranges:
    if not isinstance(value, list):
        raise FontError(f"{where}: expected a list of range names or ranges")
    pairs: list[tuple[int, int]] = []
    for item in value:
        if isinstance(item, str) and item in named:
            pairs.extend(named[item])
        else:
            pairs.append(_parse_range(item))
    return merge_ranges(pairs)


def _check_keys(data: Any, allowed: set[str], where: str,
                required: frozenset[str] | set[str] = frozenset()) -> None:
    if not isinstance(data, dict):
        raise FontError(f"{where}: expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise FontError(f"{where}: unknown key(s) {sorted(unknown)}")
    lacking = required - set(data)
    if lacking:
        raise FontError(f"{where}: missing key(s) {sorted(lacking)}")


def _face(data: Any, where: str) -> FaceSpec:
    _check_keys(data, {"package", "file", "subfont", "axes", "cmap_from"}, where,
                {"package", "file"})
    axes = data.get("axes") or {}
    if not isinstance(axes, dict):
        raise FontError(f"{where}.axes: expected a mapping like {{wght: 700}}")
    cmap_from = data.get("cmap_from")
    if cmap_from is not None and cmap_from not in FACES:
        raise FontError(f"{where}.cmap_from: must name a face, one of {FACES}")
    return FaceSpec(
        package=str(data["package"]),
        file=str(data["file"]),
        subfont=data.get("subfont"),
        axes=tuple(sorted((str(k), float(v)) for k, v in axes.items())),
        cmap_from=cmap_from,
    )


def _family(key: str, data: Any, named: dict[str, Ranges]) -> FamilySpec:
    where = f"families.{key}"
    _check_keys(data, {"name", "label", "rtl", "keep", "subset", "base", "faces"}, where,
                {"name", "label", "faces"})
    faces_data = data["faces"]
    _check_keys(faces_data, set(FACES), f"{where}.faces", {"regular"})
    faces = {face: _face(spec, f"{where}.faces.{face}") for face, spec in faces_data.items()}
    for face, spec in faces.items():
        if spec.cmap_from is not None and spec.cmap_from not in faces:
            raise FontError(f"{where}.faces.{face}.cmap_from: no face {spec.cmap_from!r}")
    subset = data.get("subset", "none")
    if subset not in ("none", "text"):
        raise FontError(f"{where}.subset: 'text' or 'none'")
    # A missing face is drawn by its nearest existing one: a family without italics
    # sets emphasis upright (Arabic, Devanagari and CJK have no italic tradition).
    face_of = {"regular": "regular"}
    face_of["bold"] = "bold" if "bold" in faces else "regular"
    face_of["italic"] = "italic" if "italic" in faces else "regular"
    face_of["bold_italic"] = "bold_italic" if "bold_italic" in faces else face_of["bold"]
    name = str(data["name"])
    if not name.replace("-", "").isalnum():
        raise FontError(f"{where}.name: letters, digits and '-' only (a PostScript name)")
    return FamilySpec(
        key=key,
        name=name,
        label=str(data["label"]),
        faces=faces,
        rtl=bool(data.get("rtl", False)),
        keep=_ranges(data["keep"], named, f"{where}.keep") if "keep" in data else None,
        per_text=subset == "text",
        base=_ranges(data.get("base", []), named, f"{where}.base"),
        face_of=face_of,
    )


def parse_table(data: Any) -> FontTable:
    """Validate the loaded YAML and build the table."""
    _check_keys(data, {"format", "ranges", "families", "fallbacks", "languages", "scripts",
                       "default_body"}, "fonts.yaml",
                {"format", "families", "fallbacks", "languages", "scripts", "default_body"})
    if data["format"] != 1:
        raise FontError(f"fonts.yaml: unsupported format {data['format']!r}")
    named: dict[str, Ranges] = {}
    for rname, value in (data.get("ranges") or {}).items():
        named[str(rname)] = _ranges(value, named, f"ranges.{rname}")
    families = {str(k): _family(str(k), v, named) for k, v in data["families"].items()}
    names = [f.name for f in families.values()]
    if len(set(names)) != len(names):
        raise FontError("families: two families share a ReportLab name")

    def keys(value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise FontError(f"{where}: expected a non-empty list of family keys")
        for k in value:
            if k not in families:
                raise FontError(f"{where}: unknown family {k!r}")
        return tuple(value)

    fallbacks = keys(data["fallbacks"], "fallbacks")

    def stack(spec: Any, where: str) -> tuple[str, ...]:
        _check_keys(spec, {"body", "fallbacks"}, where, {"body"})
        body = keys([spec["body"]], f"{where}.body")[0]
        extra = keys(spec["fallbacks"], f"{where}.fallbacks") if "fallbacks" in spec else None
        return tuple(dict.fromkeys([body, *(fallbacks if extra is None else extra)]))

    languages = {str(t).lower(): stack(v, f"languages.{t}") for t, v in data["languages"].items()}
    scripts = {str(s): stack(v, f"scripts.{s}") for s, v in data["scripts"].items()}
    default_body = keys([data["default_body"]], "default_body")[0]
    return FontTable(families, languages, scripts, fallbacks, default_body)


@cache
def load_table() -> FontTable:
    """The package's fonts.yaml (cached per process)."""
    text = package_file("brochure.fonts", "fonts.yaml").read_text("utf-8")
    return parse_table(safe_load(text))


def stack_for(lang: str, table: FontTable | None = None) -> tuple[str, ...]:
    """Family keys for a language, body first: fonts.yaml, else by its script.

    The script is `brochure.language.script`'s answer, so a language written in another
    script in some regions (`pa-PK`, `az-IR`: Arabic) gets that script's fonts.
    """
    table = table or load_table()
    langs = table.languages
    lower = lang.strip().replace("_", "-").lower()
    if lower in langs:
        return langs[lower]
    language, _, region = split_tag(lower)
    script = script_of(lower)
    for key in (f"{language}-{script}-{region}", f"{language}-{script}"):
        if key.lower() in langs:
            return langs[key.lower()]
    if language in langs and script == script_of(language):
        return langs[language]
    return table.scripts.get(script) or table.default_stack()
