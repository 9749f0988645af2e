"""What an author may write, and what a build prints of it.

The content contract as pydantic models (`model`), YAML read with positions
(`yamlnodes`) and validated into models with friendly FILE:LINE:COL messages
(`validation`, `loader`), inline markup parsed into spans (`markup`, `spans`), the
reference style (`references`), the JSON Schemas for editors (`schema`), and the plan
of one document: sections in order and citation numbers (`plan`).
Imports only `brochure.errors` and `brochure.files`.
"""
