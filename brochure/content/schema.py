"""JSON Schemas generated from the content model, for editors' autocompletion.

Content files point at the shipped copies with a first line such as
`# yaml-language-server: $schema=../../brochure/schema/language.schema.json`.
"""

from __future__ import annotations

import json

from brochure.files import package_file

# kind -> (model class in brochure.content.model, title of its schema)
SCHEMAS: dict[str, tuple[str, str]] = {
    "language": ("LanguageFile", "brochure language file (<lang>.yaml)"),
    "brochure": ("BrochureMeta", "brochure.yaml"),
    "clinic": ("Clinic", "clinic profile"),
}


def schema_json(kind: str) -> str:
    """The schema generated from the content model now (the shipped files are its copies)."""
    from brochure.content import model

    name, title = SCHEMAS[kind]
    schema = getattr(model, name).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shipped_schema(kind: str) -> str:
    """The shipped copy in brochure/schema/ (tests/cli/test_cli.py keeps it equal to
    `schema_json`), so `brochure schema` prints it without building the pydantic models."""
    return package_file("brochure", "schema", f"{kind}.schema.json").read_text(
        encoding="utf-8"
    )
