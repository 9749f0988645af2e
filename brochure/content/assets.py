"""Is a picture file safe and usable? Checked before anything draws it.

Illustrations and logos come from authors and clinics, so a picture may be cut short,
not a picture at all, or built to hurt: a PNG header that claims 20000×20000 pixels, an
SVG whose nested `<use>` expands to a hundred million shapes, an `<image>` that reads a
local file. `picture_problem` says what is wrong in one sentence, from the file's size
(stat), its header and its structure, and decodes raster pixels only once the header
passed. The loader calls it for every illustration and the clinic profile for the logo,
so `check` finds what `build` would trip on.
"""

from __future__ import annotations

import math
import re
import warnings
from functools import lru_cache
from pathlib import Path

from brochure.content.limits import limits, megabytes

RASTER_TYPES = (".png", ".jpg", ".jpeg")
PICTURE_TYPES = (*RASTER_TYPES, ".svg")
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that draw nothing we can embed safely: other files, scripts, HTML, text (it
# would print in a font that is not embedded).
_REFUSED = {
    "image": "an <image> element (a picture inside the SVG); embed the picture as a "
             "PNG or JPEG asset instead",
    "script": "a <script> element; remove it",
    "foreignObject": "a <foreignObject> element (HTML inside SVG); remove it",
    "text": "text, which would print in a font that is not embedded; convert the text to "
            "outlines (paths)",
}
# A reference to anything but an element of the drawing itself (#id).
_OUTSIDE_URL = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.I)
# Any number in an attribute (path data, points, lengths, transforms). PDF writers cannot
# write numbers past about 1e20 (ReportLab stops with an error), and no drawing needs
# more than a billion units (350 km in points).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FARTHEST = 1e9
_HASHED = re.compile(r"#[\w-]*")
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|mm|cm|in|pc)?\s*$")


def picture_problem(path: Path) -> str | None:
    """Why the picture at `path` cannot be used (one sentence with the fix), or None."""
    try:
        stat = path.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    return _cached_problem(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _cached_problem(path: str, size: int, _mtime: int) -> str | None:
    """Cached by size and modification time: the loader, checks and builds ask again."""
    limit = limits().picture_file_bytes
    if size > limit:
        return f"is {megabytes(size)}, over the {megabytes(limit)} limit for a picture; " \
               "save it smaller"
    if size == 0:
        return "is an empty file; save the picture again"
    if path.lower().endswith(".svg"):
        return svg_problem(Path(path))
    return raster_problem(Path(path))


def raster_problem(path: Path) -> str | None:
    """A PNG or JPEG: its pixel count from the header first, then a full decode."""
    from PIL import Image  # ~10 ms: only for a brochure with raster pictures

    max_pixels = limits().picture_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError:
        return f"claims over {max_pixels // 1_000_000} megapixels; use a smaller picture " \
               "(print needs about 2400×3000 pixels at most)"
    except (OSError, SyntaxError, ValueError):
        return "is not a PNG or JPEG picture (or is damaged); save it again as PNG or JPEG"
    with image:
        if image.format not in ("PNG", "JPEG"):
            return f"is a {image.format} file, not PNG or JPEG; save it as PNG or JPEG"
        width, height = image.size
        if width * height > max_pixels:
            return (f"is {width}×{height} pixels, over the {max_pixels // 1_000_000}-megapixel "
                    "limit; use a smaller picture (print needs about 2400×3000 at most)")
        if not width or not height:
            return "has no pixels (width or height 0)"
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return "is damaged or cut short (it cannot be decoded); save the picture again"
    return None


def svg_problem(path: Path) -> str | None:
    """An SVG: well-formed, no DTD or entities, nothing external, finite size, within
    the element and nesting limits with every `<use>` expanded."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "declares a DTD or entities (<!DOCTYPE ...>); remove the DOCTYPE"
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return f"is not a well-formed SVG file (XML error: {exc.msg}); save it again"
    if not isinstance(root.tag, str) or root.tag not in (f"{_SVG_NS}svg", "svg"):
        return "is not an SVG drawing (its root element is not <svg>)"
    size = _svg_size_problem(root)
    if size:
        return size
    return _svg_structure_problem(root)


def _svg_size_problem(root) -> str | None:
    for key in ("width", "height"):
        value = root.get(key)
        if value is None or value.strip().endswith("%"):
            continue
        match = _LENGTH.match(value)
        if not match or not math.isfinite(float(match.group(1))) or float(match.group(1)) <= 0:
            return f"has {key}=\"{value[:40]}\"; give a positive number, e.g. {key}=\"120\""
    view_box = root.get("viewBox")
    if view_box is not None:
        try:
            numbers = [float(v) for v in view_box.replace(",", " ").split()]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or not all(map(math.isfinite, numbers)) or min(numbers[2:]) <= 0:
            return f"has viewBox=\"{view_box[:60]}\"; give four numbers with a positive " \
                   "width and height, e.g. viewBox=\"0 0 120 80\""
    if root.get("width") is None and view_box is None:
        return "has neither a width and height nor a viewBox; add viewBox=\"0 0 W H\""
    return None


def _farthest(value: str) -> float:
    """The largest magnitude among the numbers written in an attribute value (not in a
    colour or reference: `#3e20aa`, `url(#a1e9)`)."""
    numbers = _NUMBER.findall(_HASHED.sub("", value))
    return max((abs(float(n)) for n in numbers), default=0.0)


def _local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _svg_structure_problem(root) -> str | None:
    """Refused elements, outside references, depth, and the element count after `<use>`."""
    max_depth, max_elements = limits().svg_depth, limits().svg_elements
    by_id: dict[str, object] = {}
    count = 0
    for element in root.iter():
        count += 1
        if count > max_elements:
            return f"has more than {max_elements:,} elements; simplify the drawing"
        name = _local_name(element.tag)
        if name in _REFUSED:
            return f"contains {_REFUSED[name]}"
        if name == "style" and _OUTSIDE_URL.search(element.text or ""):
            return "has a <style> that loads a file or address (@import or url(...)); only " \
                   "url(#id) references are allowed"
        if name == "style" and (far := _farthest(element.text or "")) > _FARTHEST:
            return f"has the number {far:.3g} in its <style>, too " \
                   "large to print; save the drawing again with its shapes inside its page"
        for attr, value in element.attrib.items():
            if _local_name(attr) == "href" or attr == _XLINK_HREF:
                if not value.startswith("#"):
                    return f"refers to `{value[:60]}` outside the drawing (<{name} href=...>); " \
                           "only references inside the SVG (#id) are allowed"
            elif _OUTSIDE_URL.search(value):
                return f"refers to a file or address in {_local_name(attr)}=\"{value[:60]}\"; " \
                       "only url(#id) references are allowed"
            far = _farthest(value) if _local_name(attr) not in ("id", "class") else 0.0
            if far > _FARTHEST:
                return f"has the number {far:.3g} in {_local_name(attr)}=\"{value[:40]}\", " \
                       "too large to print; save the drawing again with its shapes inside " \
                       "its page"
        if element.get("id"):
            by_id.setdefault(element.get("id"), element)
    for element in root.iter():
        depth = sum(1 for _ in element.iterancestors())
        if depth >= max_depth:
            return f"nests elements more than {max_depth} deep; simplify the drawing"
    try:
        expanded = _expanded_count(root, by_id, max_elements, max_depth)
    except RecursionError:
        return f"chains <use> references more than {max_depth} deep; simplify the drawing"
    if expanded is None:
        return "has a <use> that refers to itself (directly or through others)"
    if expanded > max_elements:
        return f"expands to more than {max_elements:,} elements once every <use> is " \
               "resolved; simplify the drawing"
    return None


def _expanded_count(root, by_id: dict, cap: int, max_depth: int) -> int | None:
    """Elements drawn once each `<use>` stands for a copy of its target (capped just over
    `cap`, so a bomb costs no more than the cap); None for a reference cycle.
    RecursionError (raised here, not by Python) when elements and `<use>` targets nest
    more than `max_depth` deep together."""
    memo: dict[object, int] = {}  # keyed by the element: lxml proxies live while referenced
    active: set[object] = set()

    def size(element) -> int | None:
        key = element
        if key in memo:
            return memo[key]
        if key in active:
            return None
        if len(active) > max_depth * 2:
            raise RecursionError
        active.add(key)
        total = 1
        for child in element:
            if not isinstance(child.tag, str):
                continue
            part = size(child)
            if part is None:
                return None
            total = min(cap + 1, total + part)
        if _local_name(element.tag) == "use":
            href = element.get(_XLINK_HREF) or element.get("href") or ""
            target = by_id.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                part = size(target)
                if part is None:
                    return None
                total = min(cap + 1, total + part)
        active.discard(key)
        memo[key] = total
        return total

    return size(root)
