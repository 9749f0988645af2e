"""A block kind is described once (its model in content/model.py, with its texts and assets)
and every stage finds it: a kind without a PDF or HTML builder fails here."""

from __future__ import annotations

import pytest

from brochure.content.model import BLOCK_KINDS, BlockModel, Illustration, block_texts
from brochure.html.blocks import BUILDERS as HTML_BUILDERS
from brochure.story.blocks import BUILDERS as PDF_BUILDERS


@pytest.mark.parametrize("kind", sorted(BLOCK_KINDS))
def test_every_kind_has_a_pdf_and_an_html_builder(kind: str) -> None:
    model = BLOCK_KINDS[kind]
    assert issubclass(model, BlockModel)
    assert model in PDF_BUILDERS, f"story/blocks.py BUILDERS lacks {kind}"
    assert model in HTML_BUILDERS, f"html/blocks.py BUILDERS lacks {kind}"


def test_texts_and_assets_come_from_the_block() -> None:
    block = Illustration.model_validate({"illustration": {
        "id": "fig", "description": "A drawing.", "alt": "Alt.", "caption": "Cap **b**",
        "asset": "pictures/x.png"}})
    assert block_texts(block, ("sections", 0)) == [
        (("sections", 0, "illustration", "caption"), "Cap **b**")]
    assert block.assets() == ["pictures/x.png"]
    assert block_texts("plain", ("s",)) == [(("s",), "plain")]
