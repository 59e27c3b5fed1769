"""``image``: a picture placed by the layout (校章 on a 通知表 cover, a 公印 or 学校医 印影).

Where the bytes come from decides who may supply them: an input record gives the image
itself (base64 in a slot, checked by ``models.image.Base64Image``), never a file name; only a
layout file may name a file, and only one beside or below itself (``kousho.png``,
``images/kousho.png``): no absolute path, no ``..``, a regular file, at most
``MAX_IMAGE_BYTES``. A ``$option`` file name is relative to the form layout that set the
option (a school's arrangement placing P-04), a literal one to the file that holds the
element. The picture keeps its aspect ratio inside ``rect`` (centred vertically, aligned as
asked); the renderers embed each distinct image once per document.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path, PurePosixPath

from unified_forms.errors import ErrorEntry, LayoutError
from unified_forms.layout.bound import Bound, as_value
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.page import PlacedImage, Rect
from unified_forms.layout.spec import ImageElement
from unified_forms.models.image import MAX_IMAGE_BYTES, ImageData, ImageError, decode_base64_image, inspect_image

_TOLERANCE = 0.5  # mm, as for the other kinds


def expand(el: ImageElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    rect = frame.rect(el.rect)
    image: ImageData | None = None
    field: str | None = None
    if el.slot is not None:
        value = as_value(bound.slots.get(el.slot))
        if value.text:
            field = value.path or el.slot
            try:
                image = decode_base64_image(value.text)
            except ImageError as exc:
                out.errors.append(ErrorEntry(field, str(exc), el.label or ""))
                return
    if image is None and el.file:
        name = frame.text(el.file)
        if name.startswith("$"):
            raise LayoutError(str(frame.file), f"{frame.where}.file", f"'{name}' is not a known option")
        if name:
            base = out.layout_file if el.file.startswith("$") and out.layout_file is not None else frame.file
            image = _file_image(base, name, frame)
            field = name
    if image is None:
        return
    placed = fit(rect, image, el.align)
    page = out.paper
    if page is not None and (
        placed.x < page.x - _TOLERANCE
        or placed.y < page.y - _TOLERANCE
        or placed.right > page.right + _TOLERANCE
        or placed.bottom > page.bottom + _TOLERANCE
    ):
        raise LayoutError(str(frame.file), frame.where, f"image at {placed} lies outside the page")
    out.images.append(PlacedImage(placed, image, field))


def fit(rect: Rect, image: ImageData, align: str = "center") -> Rect:
    """The largest rectangle of the image's aspect ratio inside ``rect``, centred vertically."""
    scale = min(rect.w / image.width, rect.h / image.height)
    w, h = image.width * scale, image.height * scale
    x = rect.x if align == "left" else rect.right - w if align == "right" else rect.x + (rect.w - w) / 2
    return Rect(x, rect.y + (rect.h - h) / 2, w, h)


def _file_image(base: Path, name: str, frame: Frame) -> ImageData:
    where = f"{frame.where}.file"
    rel = PurePosixPath(name.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or (rel.parts and ":" in rel.parts[0]):
        raise LayoutError(str(base), where, f"'{name}': an image file must be named relative to the layout file")
    folder = base.resolve().parent
    path = (folder / Path(*rel.parts)).resolve()
    if not path.is_relative_to(folder):
        raise LayoutError(str(base), where, f"'{name}' lies outside the layout file's folder")
    try:
        st = path.stat()
    except OSError as exc:
        raise LayoutError(str(base), where, f"cannot read image '{name}': {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise LayoutError(str(base), where, f"'{name}' is not a regular file")
    if st.st_size > MAX_IMAGE_BYTES:
        raise LayoutError(str(base), where, f"image '{name}' is larger than {MAX_IMAGE_BYTES:,} bytes")
    try:
        return _read(str(path), st.st_mtime_ns, st.st_size)
    except ImageError as exc:
        raise LayoutError(str(base), where, f"image '{name}': {exc}") from None
    except OSError as exc:
        raise LayoutError(str(base), where, f"cannot read image '{name}': {exc.strerror or exc}") from None


@functools.lru_cache(maxsize=32)
def _read(path: str, mtime_ns: int, size: int) -> ImageData:
    """The checked image of a file, once per version of it (a batch prints it on every record)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_IMAGE_BYTES + 1)
    return inspect_image(data)
