"""The content model: what an author may write, as typed classes.

These classes *are* the content contract (`docs/content-format.md`): unknown keys are
errors (they are usually typos), and the JSON Schema for editors is generated from
them. Text fields hold raw inline markup; `markup.py` parses it.
"""

# Annotations here are objects, not strings (no `from __future__ import annotations`):
# pydantic would compile and evaluate every field's annotation string when each class is
# made, at every cold start.

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    model_validator,
)

SectionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
SourceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]
Text = Annotated[str, StringConstraints(min_length=1), Field(description="Text with inline markup")]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
# File systems refuse longer names (255 bytes a name, ~4 KB a path); ours stay far below.
ASSET_PATH_CHARS, ASSET_NAME_BYTES = 1000, 255


def _asset_path(value: str) -> str:
    """A path under assets/ that every file system can look up: no control characters
    (a NUL ends a C string: the OS would look up another file), no over-long names."""
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise ValueError(
            f"the asset path has a control character (U+{ord(bad):04X}) at character "
            f"{value.index(bad) + 1}; give a plain file path under assets/"
        )
    if len(value) > ASSET_PATH_CHARS or any(
        len(part.encode("utf-8")) > ASSET_NAME_BYTES for part in value.split("/")
    ):
        raise ValueError(
            f"the asset path is {len(value):,} characters long: at most {ASSET_PATH_CHARS} "
            f"characters and {ASSET_NAME_BYTES} bytes a name; rename the file shorter"
        )
    return value


AssetPath = Annotated[str, AfterValidator(_asset_path)]
Loc = tuple[str | int, ...]


class Strict(BaseModel):
    """Base for every content class: unknown keys are errors, numbers are not silently text.

    `defer_build`: a model's validator is built when it is first used, not at import, and
    a nested model is built only inside the file it belongs to (`LanguageFile`,
    `BrochureMeta`, `Clinic`), so the twenty-odd block classes cost nothing on their own.
    Subclasses' `model_config` is merged with this one, so they defer too.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------- brochure.yaml


class Source(Strict):
    """A reference cited in the text as `[@id]`; printed in AMA style."""

    id: SourceId
    authors: list[str] = []
    et_al: bool = False
    title: Text
    container: str | None = None
    year: int | None = Field(default=None, ge=1000, le=2999)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class BrochureMeta(Strict):
    """brochure.yaml: what every language of a brochure shares."""

    id: SectionId
    source_language: str
    reviewed: dt.date = Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))
    reviewed_by: str | None = None
    review_every_months: int = Field(default=24, ge=1, le=120)
    publisher: str | None = None
    editions: dict[str, Literal["all"] | list[SectionId]] = {}
    hyphenate: bool = Field(
        default=False,
        description="Hyphenate body text with the patterns of each brochure language "
        "(never references, headings or page furniture). Off by default: ragged-right "
        "plain-language text reads best with whole words.",
    )
    sources: list[Source]

    def next_review(self) -> dt.date:
        """The day the content is due for its next clinical review."""
        month = self.reviewed.month - 1 + self.review_every_months
        year = self.reviewed.year + month // 12
        month = month % 12 + 1
        day = min(self.reviewed.day, _days_in_month(year, month))
        return dt.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


# ---------------------------------------------------------------- blocks


class BlockModel(Strict):
    """A block kind's model, and what every stage asks of any block: the texts it holds
    (readability, glyph checks, translation) and the asset files it draws (the build's
    inputs). A new kind is a subclass with its fields, `texts` and (if it draws a file)
    `assets`, plus one `BLOCK_KINDS` line; its PDF and HTML builders are found by class
    (`story.blocks.BUILDERS`, `html.blocks.BUILDERS`), and tests fail while one is missing.
    """

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        """Every TEXT value (inline markup) inside the block, with its path in the file."""
        return []

    def assets(self) -> list[str]:
        """Asset paths (under assets/) the block draws."""
        return []


class Paragraph(BlockModel):
    paragraph: Text

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        return [(loc + ("paragraph",), self.paragraph)]


class Bullets(BlockModel):
    bullets: list[Text] = Field(min_length=1)

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        return [(loc + ("bullets", k), t) for k, t in enumerate(self.bullets)]


class Step(Strict):
    title: Text | None = None
    text: Text


def _step_kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "step"


StepItem = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Step, Tag("step")],
    Discriminator(_step_kind),
]


class Steps(BlockModel):
    steps: list[StepItem] = Field(min_length=1)

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        for k, step in enumerate(self.steps):
            if isinstance(step, str):
                found.append((loc + ("steps", k), step))
            else:
                if step.title:
                    found.append((loc + ("steps", k, "title"), step.title))
                found.append((loc + ("steps", k, "text"), step.text))
        return found


class CalloutBody(Strict):
    kind: Literal["info", "key-facts", "tip", "warning"]
    title: Text | None = None
    text: Text | None = None
    bullets: list[Text] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _has_body(self) -> "CalloutBody":
        if self.text is None and self.bullets is None:
            raise ValueError("a callout needs `text` or `bullets` (or both)")
        return self


class Callout(BlockModel):
    callout: CalloutBody

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        body, here = self.callout, loc + ("callout",)
        found = [(here + (key,), getattr(body, key)) for key in ("title", "text")
                 if getattr(body, key)]
        return found + [(here + ("bullets", k), t) for k, t in enumerate(body.bullets or [])]


class Question(Strict):
    q: Text
    a: Text


class Faq(BlockModel):
    faq: list[Question] = Field(min_length=1)

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        return [(loc + ("faq", k, key), getattr(qa, key))
                for k, qa in enumerate(self.faq) for key in ("q", "a")]


class IllustrationBody(Strict):
    id: SectionId
    description: Text
    alt: Text
    caption: Text | None = None
    credit: Text | None = None
    asset: AssetPath | None = None


class Illustration(BlockModel):
    illustration: IllustrationBody

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        body, here = self.illustration, loc + ("illustration",)
        return [(here + (key,), getattr(body, key)) for key in ("caption", "credit")
                if getattr(body, key)]

    def assets(self) -> list[str]:
        return [self.illustration.asset] if self.illustration.asset else []


class NotesBody(Strict):
    title: Text | None = None
    lines: int = Field(ge=1, le=30)


class Notes(BlockModel):
    notes: NotesBody

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        return [(loc + ("notes", "title"), self.notes.title)] if self.notes.title else []


Cell = Annotated[
    str, Field(description="Cell text with inline markup; may be empty; a number is text too")
]


class TableBody(Strict):
    """A table of text, e.g. a medication schedule: a header row, then rows of cells."""

    title: Text | None = None
    columns: list[Text] = Field(min_length=1, max_length=8)
    rows: list[list[Cell]] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


def _grid_texts(body: "TableBody | LogBody", here: Loc) -> list[tuple[Loc, str]]:
    found = [(here + ("title",), body.title)] if body.title else []
    return found + [(here + ("columns", k), t) for k, t in enumerate(body.columns)]


class Table(BlockModel):
    table: TableBody

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        here = loc + ("table",)
        return _grid_texts(self.table, here) + [
            (here + ("rows", r, c), cell)
            for r, row in enumerate(self.table.rows)
            for c, cell in enumerate(row)
            if cell
        ]


class LogBody(Strict):
    """A fill-in form for the patient's own readings: a header row and empty rows."""

    title: Text | None = None
    columns: list[Text] = Field(min_length=1, max_length=8)
    rows: int = Field(ge=1, le=40)


class Log(BlockModel):
    log: LogBody

    def texts(self, loc: Loc) -> list[tuple[Loc, str]]:
        return _grid_texts(self.log, loc + ("log",))


BLOCK_KINDS: dict[str, type[BlockModel]] = {
    "paragraph": Paragraph,
    "bullets": Bullets,
    "steps": Steps,
    "callout": Callout,
    "faq": Faq,
    "illustration": Illustration,
    "notes": Notes,
    "table": Table,
    "log": Log,
}


def block_kind(value: Any) -> str | None:
    """Which block a raw value is: a bare string is a paragraph, a mapping names its kind."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, BaseModel):
        return next(k for k, v in BLOCK_KINDS.items() if isinstance(value, v))
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        if key in BLOCK_KINDS:
            return key
    return None


Block = Annotated[
    Annotated[str, Tag("text"), StringConstraints(min_length=1)]
    | Annotated[Paragraph, Tag("paragraph")]
    | Annotated[Bullets, Tag("bullets")]
    | Annotated[Steps, Tag("steps")]
    | Annotated[Callout, Tag("callout")]
    | Annotated[Faq, Tag("faq")]
    | Annotated[Illustration, Tag("illustration")]
    | Annotated[Notes, Tag("notes")]
    | Annotated[Table, Tag("table")]
    | Annotated[Log, Tag("log")],
    Discriminator(block_kind),
]


# ---------------------------------------------------------------- <lang>.yaml


class Translation(Strict):
    """Present on every file but the source language's."""

    status: Literal["draft", "reviewed"]
    reviewed_by: str | None = None
    source_revision: str | None = Field(
        default=None,
        description="Fingerprint of the source-language file this translation was made "
        "from (`brochure check` prints it); a different current fingerprint means the "
        "source changed since.",
    )


class Section(Strict):
    id: SectionId
    title: Text
    blocks: list[Block] = Field(min_length=1)


class LanguageFile(Strict):
    """One language of a brochure: the words, in sections of blocks."""

    language: str
    title: Text
    subtitle: Text | None = None
    summary: Text
    translation: Translation | None = None
    sections: list[Section] = Field(min_length=1)


# ---------------------------------------------------------------- clinic profile


class ClinicColours(Strict):
    primary: Colour | None = None
    accent: Colour | None = None


class Clinic(Strict):
    """An optional clinic profile: branding and contact details printed on brochures."""

    name: Text
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    logo: AssetPath | None = None
    colors: ClinicColours | None = None
    online_url: str | None = None
    _source: Any = PrivateAttr(default=None)  # the YamlDoc read, for positions in messages

    @property
    def source(self) -> Any:
        """The profile's YAML (set when it is loaded), so later checks can point into it."""
        return self._source


# ---------------------------------------------------------------- walking the text



def block_texts(block: Block, loc: Loc) -> list[tuple[Loc, str]]:
    """Every TEXT value (inline markup) inside one block, with its path in the file."""
    return [(loc, block)] if isinstance(block, str) else block.texts(loc)


def language_texts(content: LanguageFile) -> list[tuple[Loc, str]]:
    """Every TEXT value of a language file, in reading order, with its path."""
    found: list[tuple[Loc, str]] = [(("title",), content.title)]
    if content.subtitle:
        found.append((("subtitle",), content.subtitle))
    found.append((("summary",), content.summary))
    for si, section in enumerate(content.sections):
        found.append((("sections", si, "title"), section.title))
        for bi, block in enumerate(section.blocks):
            found += block_texts(block, ("sections", si, "blocks", bi))
    return found


def printed_plain_texts(content: LanguageFile) -> list[tuple[Loc, str]]:
    """Text printed as written (no inline markup): an illustration's description, shown
    in its placeholder box until the picture exists."""
    return [
        (("sections", si, "blocks", bi, "illustration", "description"),
         block.illustration.description)
        for si, section in enumerate(content.sections)
        for bi, block in enumerate(section.blocks)
        if isinstance(block, Illustration)
    ]
