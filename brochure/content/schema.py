"""JSON Schemas generated from the content model, for editors' autocompletion.

Content files point at the shipped copies with a first line such as
`# yaml-language-server: $schema=../../brochure/schema/language.schema.json`.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from brochure.content.model import BrochureMeta, Clinic, LanguageFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "language": LanguageFile,
    "brochure": BrochureMeta,
    "clinic": Clinic,
}


def schema_json(kind: str) -> str:
    model = SCHEMAS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = {
        "language": "brochure language file (<lang>.yaml)",
        "brochure": "brochure.yaml",
        "clinic": "clinic profile",
    }[kind]
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
