"""The MS brochure's YAML as the JSON benchmarks/peers/brochure.typ lays out.

Read straight from the language file (no brochure import), so the Typst side of the
benchmark pays for none of our code. `**bold**` and `[@citation]` become runs; every
other character stays text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

CITE = re.compile(r"\[@([^\]]+)\]")


def _runs(text: str, numbers: dict[str, int]) -> list[dict]:
    out: list[dict] = []
    for i, part in enumerate(str(text).split("**")):
        pieces = CITE.split(part)
        for j, piece in enumerate(pieces):
            if j % 2 == 0:
                if piece:
                    out.append({"t": piece, "b": i % 2 == 1})
                continue
            ids = [p.strip().lstrip("@") for p in piece.split(";")]
            marks = ",".join(str(numbers.setdefault(k, len(numbers) + 1)) for k in ids)
            if not out:
                out.append({"t": ""})
            out[-1]["sup"] = marks
    return out


def _block(block, numbers: dict[str, int]) -> dict:
    if isinstance(block, str):
        return {"kind": "paragraph", "runs": _runs(block, numbers)}
    (kind, body), = block.items()
    if kind == "paragraph":
        return {"kind": kind, "runs": _runs(body, numbers)}
    if kind == "bullets":
        return {"kind": kind, "items": [_runs(t, numbers) for t in body]}
    if kind == "steps":
        return {"kind": kind, "items": [
            {"title": s["title"], "runs": _runs(s["text"], numbers)} for s in body]}
    if kind == "callout":
        return {"kind": kind, "tone": body.get("kind", "info"), "title": body.get("title", ""),
                "runs": _runs(body.get("text", ""), numbers) if body.get("text") else [],
                "items": [_runs(t, numbers) for t in body.get("bullets", [])]}
    if kind == "illustration":
        return {"kind": kind, "description": body["description"],
                "caption": body.get("caption", ""), "credit": body.get("credit", "")}
    if kind == "faq":
        return {"kind": kind, "items": [{"q": qa["q"], "a": _runs(qa["a"], numbers)}
                                        for qa in body]}
    if kind == "notes":
        return {"kind": kind, "title": body.get("title", ""), "lines": body.get("lines", 4)}
    raise ValueError(f"no Typst rendering for a {kind} block")


def _reference(source: dict) -> str:
    authors = ", ".join(source.get("authors", [])) + (" et al" if source.get("et_al") else "")
    parts = [authors, source["title"], source.get("container"), str(source.get("year") or "")]
    tail = source.get("doi") and f"doi:{source['doi']}" or source.get("url")
    return ". ".join(p for p in [*parts, tail] if p) + "."


def typst_content(folder: Path, lang: str = "en", title_suffix: str = "") -> str:
    """The JSON string for sys.inputs.content."""
    data = yaml.safe_load((folder / f"{lang}.yaml").read_text(encoding="utf-8"))
    meta = yaml.safe_load((folder / "brochure.yaml").read_text(encoding="utf-8"))
    numbers: dict[str, int] = {}
    doc = {
        "lang": lang,
        "title": data["title"] + title_suffix,
        "subtitle": data.get("subtitle", ""),
        "summary": _runs(data.get("summary", ""), numbers),
        "sections": [
            {"title": s["title"], "blocks": [_block(b, numbers) for b in s["blocks"]]}
            for s in data["sections"]
        ],
        "references-title": "References",
    }
    sources = {s["id"]: s for s in meta.get("sources", [])}
    doc["references"] = [_reference(sources[k]) for k in numbers if k in sources]
    return json.dumps(doc, ensure_ascii=False)
