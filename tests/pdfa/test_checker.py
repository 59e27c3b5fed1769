"""The in-suite checker catches what it claims to: each check fails on a file broken on purpose."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pdfa_check import check_pdfa
from PIL import Image, ImageCms

import unified_forms as uf
from unified_forms.render.icc import srgb_profile


@pytest.fixture(scope="module")
def good() -> bytes:
    return uf.render_pdf("grade_sheet", uf.sample("grade_sheet"), pdfa=True)


def _clauses(pdf: bytes, part: int = 2) -> set[str]:
    return {p.split(":")[0] for p in check_pdfa(pdf, part).problems}


def _edit(pdf: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        change(doc)
        doc.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def test_the_good_file_passes(good: bytes) -> None:
    assert check_pdfa(good).problems == []


def test_a_plain_pdf_fails() -> None:
    clauses = _clauses(uf.render_pdf("grade_sheet", uf.sample("grade_sheet")))
    assert {"6.6.2.1-1", "6.2.3-1"} <= clauses


def test_wrong_widths_are_found(good: bytes) -> None:
    def change(doc: pikepdf.Pdf) -> None:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == pikepdf.Name.CIDFontType2:
                obj.DW = 500

    assert "6.2.11.5-1" in _clauses(_edit(good, change))


def test_info_and_xmp_must_agree(good: bytes) -> None:
    def change(doc: pikepdf.Pdf) -> None:
        doc.docinfo["/Title"] = "別の表題"

    assert "6.6.3-1" in _clauses(_edit(good, change))


def test_cmyk_and_transparency_are_found(good: bytes) -> None:
    def change(doc: pikepdf.Pdf) -> None:
        page = doc.pages[0]
        page.contents_add(doc.make_stream(b"q 0 0 0 1 k 0 0 10 10 re f Q"), prepend=False)
        page.obj.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency)

    clauses = _clauses(_edit(good, change))
    assert {"6.2.4.3-2", "6.2.10-4"} <= clauses


def test_missing_output_intent_and_part(good: bytes) -> None:
    def change(doc: pikepdf.Pdf) -> None:
        del doc.Root["/OutputIntents"]

    assert "6.2.3-1" in _clauses(_edit(good, change))
    assert "6.6.4-1" in _clauses(good, part=3)


def test_a_header_without_binary_comment(good: bytes) -> None:
    broken = re.sub(rb"^%PDF-1\.7\n%[^\n]*\n", b"%PDF-1.7\n%abcd\n", good, count=1)
    assert "6.1.2-2" in _clauses(broken)


def test_srgb_profile_agrees_with_littlecms() -> None:
    """Our generated profile converts colours exactly as LittleCMS's built-in sRGB does."""
    ours = ImageCms.ImageCmsProfile(io.BytesIO(srgb_profile()))
    theirs = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    lab = ImageCms.createProfile("LAB")
    colours = [(r, g, b) for r in (0, 37, 128, 200, 255) for g in (0, 90, 255) for b in (0, 160, 255)]
    im = Image.new("RGB", (len(colours), 1))
    im.putdata(colours)
    a = ImageCms.applyTransform(im, ImageCms.buildTransform(ours, lab, "RGB", "LAB"))
    b = ImageCms.applyTransform(im, ImageCms.buildTransform(theirs, lab, "RGB", "LAB"))
    assert a is not None and b is not None
    for i in range(len(colours)):
        pa, pb = a.getpixel((i, 0)), b.getpixel((i, 0))
        assert isinstance(pa, tuple) and isinstance(pb, tuple)
        assert max(abs(x - y) for x, y in zip(pa, pb, strict=True)) <= 1
    assert ours.profile.version == 2.1 and ours.profile.device_class == "mntr"
    assert srgb_profile() == srgb_profile()
