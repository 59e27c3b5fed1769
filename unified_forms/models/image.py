"""An image a school supplies (校章, 公印 or 学校医 印影): PNG or JPEG bytes, checked before anything uses them.

Why images come as bytes: an input record never names a file. A record travels from a school
system, a batch file or an HTTP request, and a path in it would let any of those make the
library read a file on the printing machine. So input carries the image itself, base64 in a
JSON string (``Base64Image``); only a layout file (which the school installs, like a font)
may name an image file, relative to itself (layout/kinds/image.py).

What is checked here, without decoding a pixel: the base64, the format (PNG or baseline /
progressive JPEG, by signature), the pixel size from the header, and limits on bytes and
pixels that no 校章 comes near. The renderers decode (Pillow) only what passed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, Strict

from unified_forms.models.rules import Listed
from unified_forms.models.text import invalid

MAX_IMAGE_BYTES = 4 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096
MAX_IMAGE_SIDE = 8192
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ImageFormat = Literal["png", "jpeg"]


class ImageError(ValueError):
    """Bytes that are not a PNG or JPEG this library will print (the message says why, in Japanese)."""


@dataclass(frozen=True, slots=True)
class ImageData:
    """Checked image bytes with their format and pixel size; ``digest`` names it (embedded once per PDF)."""

    data: bytes
    format: ImageFormat
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from the first SOFn marker (every JPEG has one before its scan)."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageError("JPEG の構造が壊れています")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in (0xC0, 0xC1, 0xC2):  # baseline, extended, progressive (Huffman)
            if pos + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        if 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise ImageError("この JPEG の符号化方式（ロスレス・算術符号）は PDF に入れられません")
        if marker == 0xDA:
            break
        pos += 2 + length
    raise ImageError("JPEG の大きさ（SOF）が見つかりません")


def inspect_image(data: bytes) -> ImageData:
    """The format and size of ``data``, or ImageError."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"画像が大きすぎます（{len(data):,} バイト、上限 {MAX_IMAGE_BYTES:,} バイト）")
    fmt: ImageFormat
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 33 or data[12:16] != b"IHDR":
            raise ImageError("PNG の構造が壊れています")
        width, height = struct.unpack(">II", data[16:24])
        fmt = "png"
    elif data.startswith(b"\xff\xd8"):
        width, height = _jpeg_size(data)
        fmt = "jpeg"
    else:
        raise ImageError("PNG または JPEG の画像ではありません")
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE) or width * height > MAX_IMAGE_PIXELS:
        raise ImageError(f"画像の画素数が範囲外です（{width}×{height}）")
    return ImageData(data, fmt, width, height)


def decode_base64_image(text: str) -> ImageData:
    """A ``Base64Image`` string as checked image data (ImageError when it is not one)."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ImageError("base64 として読めません") from None
    return inspect_image(raw)


def _check(text: str) -> str:
    """画像は base64 で書いた PNG か JPEG（中身を読んで確かめる）。"""
    try:
        decode_base64_image(text)
    except ImageError as exc:
        raise invalid("image", str(exc)) from None
    return text


Base64Image = Annotated[
    str,
    Strict(),
    Field(
        max_length=(MAX_IMAGE_BYTES * 4) // 3 + 4,
        json_schema_extra={"contentEncoding": "base64", "contentMediaType": "image/png"},
        description="PNG または JPEG の画像を base64 で（ファイル名ではなく画像そのもの）",
    ),
    AfterValidator(_check),
    Listed(_check, rule_id="image"),  # the content check is listed in the JSON Schema (not statable)
]
