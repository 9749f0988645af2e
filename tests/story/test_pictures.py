"""story/pictures.py: pictures read from files (PNG, JPEG, SVG) scale into their box
keeping their shape; a file that cannot be used is a ValueError saying why."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from brochure.story.pictures import Picture, image_resolution, read_picture, resampled


def png(tmp_path: Path, size=(40, 20), name: str = "pic.png", fmt: str = "PNG") -> Path:
    path = tmp_path / name
    Image.new("RGB", size, "teal").save(path, fmt)
    return path


def test_png_reads_at_its_pixel_size(tmp_path: Path) -> None:
    source = read_picture(png(tmp_path))
    assert isinstance(source, ImageReader)
    assert source.getSize() == (40, 20)


def test_picture_scales_to_its_box_keeping_the_aspect(tmp_path: Path) -> None:
    picture = Picture(read_picture(png(tmp_path)), 100, 100)
    width, height = picture.wrap(400, 400)
    assert width == 400  # takes the frame's width; the drawing is narrower
    assert (picture.drawn_width, height) == pytest.approx((100, 50))
    # A narrow frame wins over the box: still 2:1.
    _, height = picture.wrap(30, 400)
    assert (picture.drawn_width, height) == pytest.approx((30, 15))
    # A short box limits the height: still 2:1.
    short = Picture(read_picture(png(tmp_path)), 100, 10)
    _, height = short.wrap(400, 400)
    assert (short.drawn_width, height) == pytest.approx((20, 10))


def test_picture_shrinks_to_the_room_left_down_to_its_floor(tmp_path: Path) -> None:
    picture = Picture(read_picture(png(tmp_path)), 100, 100, shrink_floor=0.6)
    assert picture.wrap(400, 40)[1] == pytest.approx(40)  # 80 % of full size fits
    assert picture.wrap(400, 10)[1] == pytest.approx(30)  # never below 60 %: moves on


def _drawn_x(picture: Picture, avail: float = 300) -> float:
    picture.wrap(avail, 1000)
    canvas = Canvas(BytesIO())
    at: list[float] = []
    canvas.drawImage = lambda image, x, *a, **kw: at.append(x)
    picture.drawOn(canvas, 0, 0)
    return at[0]


def test_picture_sits_on_the_reading_start_side_or_centred(tmp_path: Path) -> None:
    source = read_picture(png(tmp_path))
    assert _drawn_x(Picture(source, 100, 100)) == 0
    assert _drawn_x(Picture(source, 100, 100, rtl=True)) == pytest.approx(200)
    assert _drawn_x(Picture(source, 100, 100, centred=True)) == pytest.approx(100)


def test_svg_reads_as_a_vector_drawing_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">'
                    '<rect width="120" height="30" fill="#123456"/></svg>')
    drawing = read_picture(path)
    assert isinstance(drawing, Drawing)
    assert (drawing.width, drawing.height) == (90, 22.5)  # CSS pixels: 96 to the inch
    picture = Picture(drawing, 60, 60)
    assert picture.wrap(300, 300)[1] == pytest.approx(15)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "is an empty file"),
        (b"this is not a picture", "is not a PNG or JPEG picture"),
        ("cut", "is damaged or cut short"),
        ("gif", "is a GIF file, not PNG or JPEG"),
    ],
)
def test_a_file_that_cannot_be_used_is_a_value_error_saying_why(
    tmp_path: Path, content, why: str
) -> None:
    path = tmp_path / "broken.png"
    if content == "cut":
        whole = png(tmp_path, (300, 300), "whole.png")
        Image.effect_noise((300, 300), 80).save(whole)  # noise: does not compress away
        data = whole.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif content == "gif":
        png(tmp_path, name="broken.png", fmt="GIF")
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=why):
        read_picture(path)


def test_svg_with_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                    '<text x="0" y="5">Clinic</text></svg>')
    with pytest.raises(ValueError, match="text"):
        read_picture(path)


def test_resampled_only_when_over_the_resolution(tmp_path: Path) -> None:
    reader = read_picture(png(tmp_path, (400, 200)))
    small = resampled(reader, 72, 36, 100)  # 1 x 0.5 in at 100 dpi
    assert small.getSize() == (100, 50)
    assert resampled(reader, 72 * 8, 72 * 4, 100) is reader  # already under 100 dpi
    jpeg = read_picture(png(tmp_path, (400, 200), "photo.jpg", "JPEG"))
    assert resampled(jpeg, 72, 36, 100)._image.format == "JPEG"  # a photo stays JPEG


def test_image_resolution_applies_only_inside_its_block(tmp_path: Path) -> None:
    picture = Picture(read_picture(png(tmp_path, (400, 200))), 72, 72)
    picture.wrap(300, 300)
    assert picture._image(72, 36) is picture.source
    with image_resolution(50):
        assert picture._image(72, 36).getSize() == (50, 25)
    assert picture._image(72, 36) is picture.source
