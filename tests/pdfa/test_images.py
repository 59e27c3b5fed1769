"""Pictures in layouts: the 通知表's 校章 in PDF, PDF/A and XLSX; files named by a layout; refusals."""

from __future__ import annotations

import base64
import dataclasses
import io
import math
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from pdfa_check import check_pdfa
from PIL import Image, ImageDraw

import unified_forms as uf
from unified_forms.layout.page import PlacedImage
from unified_forms.models.image import inspect_image
from unified_forms.render.pdf import render_pdf
from unified_forms.render.pdfa import Archive


def emblem_png(size: int = 240, alpha: bool = True) -> bytes:
    """A made-up 校章: a ring and three circles, transparent (or white) around them."""
    im = Image.new("RGBA" if alpha else "RGB", (size, size), (0, 0, 0, 0) if alpha else (255, 255, 255))
    d = ImageDraw.Draw(im)
    c = size / 2
    d.ellipse((8, 8, size - 8, size - 8), outline=(20, 40, 120, 255), width=14)
    for k in range(3):
        a = math.radians(90 + 120 * k)
        x, y, r = c + math.cos(a) * size * 0.18, c - math.sin(a) * size * 0.18, size * 0.16
        d.ellipse((x - r, y - r, x + r, y + r), fill=(20, 40, 120, 255))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def emblem_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.open(io.BytesIO(emblem_png(alpha=False))).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def card(image: bytes) -> dict:  # type: ignore[type-arg]
    data = uf.sample("report_card")
    data["emblem"] = base64.b64encode(image).decode()
    return data


def _image_dicts(pdf: bytes) -> list[dict[str, str]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            {k: str(v) for k, v in o.stream_dict.items()}
            for o in doc.objects
            if isinstance(o, pikepdf.Stream) and o.stream_dict.get("/Subtype") == pikepdf.Name.Image
        ]


def test_the_emblem_prints_on_the_cover_in_pdf_pdfa_and_xlsx() -> None:
    png = emblem_png()
    data = card(png)
    doc = uf.compile_form("report_card", data).document
    placed = [(n, im) for n, page in enumerate(doc.pages) for im in page.images]
    assert len(placed) == 1
    n, im = placed[0]
    assert im.field == "emblem" and im.image.data == png
    title = next(t for t in doc.pages[n].texts if t.field == "title")
    school = next(t for t in doc.pages[n].texts if t.field == "school.name")
    assert title.rect.bottom <= im.rect.y and im.rect.bottom <= school.rect.y  # between 表題 and 学校名
    assert abs(im.rect.w - im.rect.h) < 1e-6  # square image kept square

    plain = uf.render_pdf("report_card", data)
    dicts = _image_dicts(plain)
    assert sorted(d["/ColorSpace"] for d in dicts) == ["/DeviceGray", "/DeviceRGB"]  # colour + its soft mask
    assert any("/SMask" in d for d in dicts)

    pdfa = uf.render_pdf("report_card", data, pdfa=True)
    assert check_pdfa(pdfa, 2).problems == []
    (only,) = _image_dicts(pdfa)
    assert "/SMask" not in only  # flattened onto white: nothing is printed under the 校章
    assert uf.render_pdf("report_card", data, pdfa=True) == pdfa

    book = zipfile.ZipFile(io.BytesIO(uf.render_xlsx("report_card", data)))
    media = [n for n in book.namelist() if n.startswith("xl/media/")]
    assert [book.read(n) for n in media] == [png]
    assert "oneCellAnchor" in book.read("xl/drawings/drawing1.xml").decode()


def test_a_jpeg_is_embedded_as_it_is() -> None:
    jpeg = emblem_jpeg()
    pdf = uf.render_pdf("report_card", card(jpeg), pdfa=True)
    assert check_pdfa(pdf, 2).problems == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        (img,) = [o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image]
        assert img.Filter == pikepdf.Name.DCTDecode and img.read_raw_bytes() == jpeg


def test_one_image_is_embedded_once_per_document() -> None:
    doc = uf.compile_form("report_card", card(emblem_png())).document
    twice = dataclasses.replace(doc, pages=doc.pages + doc.pages)
    pdf = render_pdf(twice)
    assert len([d for d in _image_dicts(pdf) if "/SMask" in d]) == 1
    with pikepdf.open(io.BytesIO(pdf)) as d:
        used = [p.obj.Resources.XObject.Im1.objgen for p in d.pages if "/Im1" in p.obj.Resources.get("/XObject", {})]
    assert len(used) == 2 and len(set(used)) == 1


def test_pdfa_refuses_a_transparent_image_over_printed_text() -> None:
    doc = uf.compile_form("report_card", card(emblem_png())).document
    n = next(i for i, p in enumerate(doc.pages) if p.images)
    page = doc.pages[n]
    name = next(t for t in page.texts if t.field == "student.name")
    seal = PlacedImage(name.rect, page.images[0].image, "seal")
    pages = list(doc.pages)
    pages[n] = dataclasses.replace(page, images=(seal,))
    over = dataclasses.replace(doc, pages=tuple(pages))
    with pytest.raises(uf.FormDataError) as info:
        render_pdf(over, archive=Archive())
    assert info.value.errors[0].path == "seal" and "透明" in info.value.errors[0].message
    assert b"/SMask" in render_pdf(over)  # a plain PDF keeps the transparency: the name shows through
    opaque = PlacedImage(name.rect, inspect_image(emblem_png(alpha=False)), "seal")
    covered = dataclasses.replace(page, images=(opaque,))
    # an opaque picture over the name is the school's choice: PDF/A has nothing to flatten
    render_pdf(dataclasses.replace(doc, pages=(covered,)), archive=Archive())


def test_bad_image_data_names_the_field() -> None:
    for bad in ("not base64!", base64.b64encode(b"GIF89a....").decode()):
        with pytest.raises(uf.FormDataError) as info:
            uf.validate("report_card", {**uf.sample("report_card"), "emblem": bad})
        assert [e.path for e in info.value.errors] == ["emblem"]
        assert info.value.errors[0].label == "校章"


def _arrangement(tmp_path: Path, emblem_file: str) -> Path:
    """A school's own copy of the shipped 通知表 layout whose P-04 names an image file."""
    shipped = uf.registry.get("report_card").layout_file()
    text = shipped.read_text(encoding="utf-8")
    placement = "{use: P-04, panel: cover, at: [14, 15], size: [182, 267]}"
    assert placement in text
    options = f'options: {{emblem_file: "{emblem_file}"}}'
    mine = text.replace(placement, placement[:-1] + f", {options}}}")
    out = tmp_path / "school" / "report_card.ours.yaml"
    out.parent.mkdir(parents=True)
    out.write_text(mine, encoding="utf-8")
    return out


def test_a_school_arrangement_names_its_emblem_file(tmp_path: Path) -> None:
    layout = _arrangement(tmp_path, "images/kousho.png")
    (layout.parent / "images").mkdir()
    (layout.parent / "images" / "kousho.png").write_bytes(emblem_png())
    doc = uf.compile_form("report_card", uf.sample("report_card"), layout=layout).document
    (im,) = [im for p in doc.pages for im in p.images]
    assert im.field == "images/kousho.png"
    # the input's image wins over the arrangement's default
    jpeg = emblem_jpeg()
    doc = uf.compile_form("report_card", card(jpeg), layout=layout).document
    assert [im.image.data for p in doc.pages for im in p.images] == [jpeg]
    pdf = uf.render_pdf("report_card", uf.sample("report_card"), layout=layout, pdfa=True)
    assert check_pdfa(pdf, 2).problems == []


@pytest.mark.parametrize("name", ["../kousho.png", "/etc/passwd", "missing.png", "C:/x.png", "images"])
def test_an_image_file_outside_the_layout_folder_is_refused(tmp_path: Path, name: str) -> None:
    layout = _arrangement(tmp_path, name)
    (tmp_path / "kousho.png").write_bytes(emblem_png())  # beside the folder, not in it
    (layout.parent / "images").mkdir()
    with pytest.raises(uf.LayoutError):
        uf.compile_form("report_card", uf.sample("report_card"), layout=layout)


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    layout = _arrangement(tmp_path, "kousho.png")
    shutil.copy(Path(__file__), layout.parent / "kousho.png")
    with pytest.raises(uf.LayoutError, match="PNG"):
        uf.compile_form("report_card", uf.sample("report_card"), layout=layout)
