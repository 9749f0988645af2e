"""Turn pydantic validation errors into positioned, friendly problems.

A small message table (in the spirit of RenderCV) rewrites pydantic's wording into
what an author can act on, and `difflib` suggests the key they probably meant.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from brochure.content.model import BLOCK_KINDS
from brochure.content.yamlnodes import YamlDoc
from brochure.errors import Problem

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping (key: value)",
    type(None): "nothing (an empty value)",
}


def describe(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`? " if close else ""


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at a path, found by walking field annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return []
        if part in fields:
            current = _model_in(fields[part].annotation)
        elif part in BLOCK_KINDS and current is not None:
            current = BLOCK_KINDS[part]
        elif part == "Step":
            from brochure.content.model import Step

            current = Step
    return list(getattr(current, "model_fields", {}).keys())


def _model_in(annotation: Any) -> Any:
    """Find a pydantic model inside an annotation such as `list[Section] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        return _model_in(annotation.__origin__)
    return None


def _message(
    err: dict[str, Any], model: type[BaseModel]
) -> tuple[str, tuple[Any, ...], str | None]:
    """(message, path to point at, key to point at within it) for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    value = err.get("input")
    ctx = err.get("ctx") or {}
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(model, loc[:-1])
        hint = did_you_mean(key, allowed)
        listing = f"allowed here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key `{key}`; {hint}{listing}".rstrip("; "), loc[:-1], key
    if kind == "missing":
        return f"missing required key `{field}`", loc[:-1], None
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        kinds = ", ".join(BLOCK_KINDS)
        if isinstance(value, dict) and len(value) == 1:
            (key,) = value
            return (
                (
                    f"unknown block kind `{key}`; {did_you_mean(str(key), list(BLOCK_KINDS))}"
                    f"a block is text or one of: {kinds}"
                ),
                loc,
                None,
            )
        if isinstance(value, dict):
            keys = ", ".join(f"`{k}`" for k in value)
            return (
                (
                    f"a block has exactly one kind key, found {keys}; split it into "
                    "separate blocks or nest the extra keys inside the block"
                ),
                loc,
                None,
            )
        return (
            f"a block must be text or a mapping with one of: {kinds}; got {describe(value)}",
            loc,
            None,
        )
    if kind in ("string_type", "str_type"):
        return f"`{field}` should be text, got {describe(value)}", loc, None
    if kind in ("list_type",):
        return (
            f"`{field}` should be a list (lines starting with `- `), got {describe(value)}",
            loc,
            None,
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"`{field}` should be a mapping (key: value), got {describe(value)}", loc, None
    if kind == "literal_error":
        return (
            f"`{value}` is not allowed for `{field}`; use one of: {ctx.get('expected')}",
            loc,
            None,
        )
    if kind == "string_pattern_mismatch":
        if "A-Za-z" in str(ctx.get("pattern")):
            rule = "letters, digits, `_` and `-`"
        elif "#" in str(ctx.get("pattern")):
            rule = "a colour like #1F4E79"
        else:
            rule = "lowercase letters, digits and `-`"
        return f"`{value}` is not a valid `{field}`: use {rule}", loc, None
    if kind == "too_short":
        if isinstance(value, str):
            return f"`{field}` must not be empty", loc, None
        return f"`{field}` needs at least one item", loc, None
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"`{field}` should be a whole number, got `{value}`", loc, None
    if kind in ("bool_type", "bool_parsing"):
        return f"`{field}` should be true or false, got `{value}`", loc, None
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"`{field}` should be a date like 2026-11-01, got `{value}`", loc, None
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"`{field}` is out of range: {err['msg'].lower()}", loc, None
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), loc, None
    return f"`{field}`: {err['msg']}", loc, None


def validate(model: type[M], doc: YamlDoc) -> tuple[M | None, list[Problem]]:
    """Validate a YAML document against a model; all problems at once, with positions."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.display,
                *doc.position(()),
                f"expected a mapping of keys at the top level, got {describe(doc.data)}",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message, where, key = _message(err, model)
            line, col = doc.key_position(where, key) if key else doc.position(where)
            problems.append(Problem(doc.display, line, col, message))
        return None, problems
