"""A placed picture as a PDF image XObject: JPEG passed through, anything else decoded and deflated.

Why these choices: a JPEG in DeviceGray or DeviceRGB goes in as it is (DCTDecode), so a
校章 photographed or scanned keeps its bytes; CMYK JPEGs and every PNG are decoded (Pillow)
and written as 8-bit DeviceGray or DeviceRGB samples, the two colour spaces an sRGB output
intent covers. Transparency: in a plain PDF an alpha channel becomes a soft mask (a seal over
a printed name shows the name through it). PDF/A files from this library carry no
transparency at all, so there the alpha is flattened onto white — which looks the same only
when nothing is printed under the picture; the writer checks that (pdf.py) and otherwise
refuses with a message naming the image. Deterministic: Pillow's decoding and zlib are.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import cast

from unified_forms import caches
from unified_forms.models.image import ImageData

DEFLATE_LEVEL = 6
_CACHE_LIMIT = 16
_CACHE: dict[tuple[str, bool], PdfImage] = {}


@dataclass(frozen=True, slots=True)
class PdfImage:
    """The image XObject's dictionary entries (without /Length) and data, and its soft mask if any."""

    entries: str
    data: bytes
    smask: tuple[str, bytes] | None = None
    had_alpha: bool = False  # the source had transparent pixels (flattened when ``flatten``)


def _samples(mode: str, width: int, height: int, raw: bytes) -> tuple[str, bytes]:
    space = "/DeviceGray" if mode == "L" else "/DeviceRGB"
    entries = f"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {space} "
    entries += "/BitsPerComponent 8 /Filter /FlateDecode"
    return entries, zlib.compress(raw, DEFLATE_LEVEL)


def pdf_image(image: ImageData, *, flatten: bool) -> PdfImage:
    """The XObject of ``image``; ``flatten``: composite any transparency onto white (PDF/A)."""
    key = (image.digest, flatten)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _convert(image, flatten)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = hit
    return hit


def _convert(image: ImageData, flatten: bool) -> PdfImage:
    from PIL import Image

    with Image.open(io.BytesIO(image.data)) as im:
        w, h = im.size
        if image.format == "jpeg" and im.mode in ("L", "RGB"):
            space = "/DeviceGray" if im.mode == "L" else "/DeviceRGB"
            entries = (
                f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {space} "
                "/BitsPerComponent 8 /Filter /DCTDecode"
            )
            return PdfImage(entries, image.data)
        im.load()
        has_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info
        gray = im.mode in ("1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L")
        if has_alpha:
            rgba = im.convert("RGBA")
            alpha = rgba.getchannel("A")
            # one band (mode "L") gives (min, max); Pillow's type also covers the per-band tuples of many
            lo, _hi = cast(tuple[int, int], alpha.getextrema())
            has_alpha = lo < 255
        if not has_alpha:
            base = im.convert("L" if gray else "RGB")
            entries, data = _samples(base.mode, w, h, base.tobytes())
            return PdfImage(entries, data)
        colour = rgba.convert("L" if gray else "RGB")
        if flatten:
            white = Image.new(colour.mode, (w, h), 255 if gray else (255, 255, 255))
            white.paste(colour, mask=alpha)
            entries, data = _samples(white.mode, w, h, white.tobytes())
            return PdfImage(entries, data, had_alpha=True)
        entries, data = _samples(colour.mode, w, h, colour.tobytes())
        mask_entries, mask = _samples("L", w, h, alpha.tobytes())
        return PdfImage(entries, data, (mask_entries, mask), had_alpha=True)


def clear_cache() -> None:
    _CACHE.clear()


caches.register_dict("render.pdfimage: converted images", _CACHE, per_text=False)
