"""What the docs tests share: checking that an image shows something (a preview, a screenshot)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageStat


def assert_not_blank(png: Path, min_side: int = 300) -> None:
    """A blank image is one flat colour; a printed form or a page of text has dark pixels on light."""
    with Image.open(png) as img:
        assert img.width >= min_side and img.height >= min_side, (png, img.size)
        gray = img.convert("L")
        stat = ImageStat.Stat(gray)
        assert stat.var[0] > 100, (png, stat.var)
        dark = sum(gray.histogram()[:128])
        assert dark > 0.002 * img.width * img.height, (png, dark)
