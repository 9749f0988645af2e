"""clinic/branding.py: what a clinic profile adds to the story (logo, contact block, QR
code, review lines), and what a brochure without one gets instead (a care-team block)."""

from __future__ import annotations

import pytest
from PIL import Image

from brochure.clinic.branding import QrCode, brand_story, contact_block, questions_area
from brochure.content.model import Clinic
from brochure.rtl import RTLParagraph
from brochure.story.blocks import build_story
from brochure.story.figures import RuledLines
from brochure.story.flowables import TextParagraph, struct_of
from brochure.story.pictures import Picture
from tests.buildctx import build_context, load, workspace_with

URL = "https://lakeside.example/read"
FULL = Clinic(
    name="Lakeside MS Clinic",
    address="12 Shore Road, Lakeside",
    phone="+1 (555) 010-0200",
    email="ms@lakeside.example",
    website="https://lakeside.example/",
    online_url=URL,
)

AR = """\
language: ar
title: نشرة تجريبية
summary: هذه هي الرسالة الرئيسية.
translation:
  status: draft
sections:
  - id: intro
    title: مقدمة
    blocks:
      - نص.
  - id: more
    title: المزيد
    blocks:
      - paragraph: نص آخر.
"""


def text_of(flowable) -> str:
    text = getattr(flowable, "logical_text", None)
    return text if text is not None else flowable.text


def texts(flowables) -> list[str]:
    """The words of the text flowables, in order (spacers, QR code and rules skipped)."""
    return [text_of(f) for f in flowables if isinstance(f, (TextParagraph, RTLParagraph))]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    ws = workspace_with(tmp_path_factory.mktemp("branding"), {"ar.yaml": AR})
    Image.new("RGB", (200, 100), "navy").save(ws / "assets" / "logo.png")
    return load(ws)


@pytest.fixture(scope="module")
def ctx(loaded):
    return build_context(loaded, "en")


def test_contact_block_lists_the_details_in_order_as_links(ctx) -> None:
    block = contact_block(ctx, FULL)
    assert texts(block) == [
        "Contact us",
        "Lakeside MS Clinic",
        "12 Shore Road, Lakeside",
        "+1 (555) 010-0200",
        "ms@lakeside.example",
        "lakeside.example",  # shown without scheme and trailing slash
        "Scan to read this online",
        URL,
    ]
    heading = next(f for f in block if isinstance(f, TextParagraph))
    assert struct_of(heading).role == "H2"
    markup = {text_of(f): f.text for f in block if isinstance(f, TextParagraph)}
    assert 'href="tel:+15550100200"' in markup["+1 (555) 010-0200"]
    assert 'href="mailto:ms@lakeside.example"' in markup["ms@lakeside.example"]
    assert 'href="https://lakeside.example/"' in markup["lakeside.example"]
    assert f'href="{URL}"' in markup[URL]


def test_qr_code_only_with_online_url(ctx) -> None:
    (qr,) = [f for f in contact_block(ctx, FULL) if isinstance(f, QrCode)]
    assert qr.value == URL and qr.squares
    assert struct_of(qr).role == "Figure" and URL in struct_of(qr).alt

    bare = contact_block(ctx, Clinic(name="Small Clinic"))
    assert not any(isinstance(f, QrCode) for f in bare)
    assert texts(bare) == ["Contact us", "Small Clinic"]


def test_no_clinic_gives_care_team_block_and_no_branding(loaded) -> None:
    ctx = build_context(loaded, "en")
    story = brand_story(build_story(ctx), ctx, loaded.meta, None)
    assert story.logo is None
    assert story.back == []
    assert texts(story.care_team) == ["My care team", "Name", "Phone", "After hours"]
    assert sum(isinstance(f, RuledLines) for f in story.care_team) == 3
    # The publisher stands in for the clinic in the review lines.
    lines = texts(story.colophon)
    assert lines[0] == "Test Health"
    assert lines[1].startswith("Last reviewed ") and "2026" in lines[1]
    assert lines[2] == "Reviewed by Test team"
    assert lines[3].startswith("Next review due ") and "2028" in lines[3]
    assert lines[-1] == ctx.strings["disclaimer"]


def test_clinic_gives_logo_contact_block_and_no_care_team(loaded) -> None:
    ctx = build_context(loaded, "en")
    clinic = Clinic(name="Lakeside MS Clinic", logo="logo.png", phone="555 0100")
    story = brand_story(build_story(ctx), ctx, loaded.meta, clinic)
    assert isinstance(story.logo, Picture)
    assert story.logo.natural == (200.0, 100.0)
    assert struct_of(story.logo).role == "Figure" and struct_of(story.logo).alt == clinic.name
    assert texts(story.back)[:3] == ["Contact us", "Lakeside MS Clinic", "555 0100"]
    assert story.care_team == []
    assert "Test Health" not in texts(story.colophon)  # the clinic, not the publisher


def test_questions_area_titled_notes_when_content_has_no_notes_block(ctx) -> None:
    story = build_story(ctx)
    heading, lines = questions_area(ctx, story)
    assert text_of(heading) == "Notes" and struct_of(heading).role == "H2"
    assert isinstance(lines, RuledLines) and struct_of(lines).role == "Artifact"


def test_rtl_contact_block_sets_latin_and_numbers_left_to_right(loaded) -> None:
    ar = build_context(loaded, "ar")
    clinic = Clinic(name="عيادة البحيرة", phone="+1 555 0100", email="ms@lakeside.example")
    block = contact_block(ar, clinic)
    by_text = {text_of(f): f for f in block if isinstance(f, (TextParagraph, RTLParagraph))}
    assert by_text["عيادة البحيرة"].rtl  # Arabic text stays right to left
    # '+1 555 0100' must never print as '0100 555 1+': a left-to-right paragraph.
    for latin in ("+1 555 0100", "ms@lakeside.example"):
        assert not getattr(by_text[latin], "rtl", False)


def test_unbranded_story_has_cover_title_without_the_summary_box(ctx, loaded) -> None:
    story = brand_story(build_story(ctx), ctx, loaded.meta, None)
    roles = [struct_of(f).role for f in story.cover_title if struct_of(f)]
    assert "Aside" not in roles and "H1" in roles
    assert texts(story.message_band)[-1] == "This is the main message."
