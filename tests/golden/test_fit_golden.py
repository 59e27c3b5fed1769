"""Golden page: 600 characters of 所見 at each fit step (as laid out, shrunk, continued on a 別紙).

Compared as pixels at 80 dpi with a tolerance, so a change of fitting, 禁則 or
glyph drawing shows up as an image diff rather than a byte diff. Regenerate
deliberately with ``UNIFIED_FORMS_UPDATE_GOLDEN=1 pytest tests/golden``;
on failure the actual PNGs are left in the test's tmp folder.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml
from PIL import Image, ImageChops

from unified_forms.layout.bound import Bound, Value
from unified_forms.layout.compile import compile_document
from unified_forms.render.pdf import render_pdf

HERE = Path(__file__).resolve().parent
SHOKEN = (
    "学習面では、国語の「書くこと」の単元で、自分の考えを理由とともに分かりやすく書くことができました。"
    "算数では、図や式を使って考え方を説明し、友達の意見を聞いて自分の考えを深めていました。"
    "生活面では、係活動に責任をもって取り組み、学級のために進んで仕事を見付けて働く姿が見られました。"
    "休み時間には下級生に優しく声をかけ、思いやりのある行動が光っていました。"
)
TEXT = (SHOKEN * 4)[:600]


def _layout(tmp_path: Path) -> Path:
    def box(y: float, h: float, label: str, overflow: str) -> list[dict[str, object]]:
        fit = {"min_size": 7, "wrap": True, "overflow": overflow, "line_height": 1.3}
        return [
            {"kind": "text", "rect": [15, y - 6, 180, 6], "text": label, "style": {"size": 9}},
            {"kind": "box", "rect": [15, y, 180, h], "width": 0.5},
            {"kind": "text", "rect": [15, y, 180, h], "slot": "text", "label": "所見",
             "style": {"size": 10.5, "valign": "top", "fit": fit}},
        ]

    layout = {
        "format_version": 1, "id": "golden", "version": "1", "title": "所見の収め方",
        "paper": {"size": "A4", "orientation": "portrait"}, "blocks": [],
        "elements": [
            *box(20, 95, "1. そのまま（10.5pt）", "error"),
            *box(130, 55, "2. 縮小", "error"),
            *box(200, 18, "3. 最小7ptで収まらない分は別紙へ", "continuation"),
        ],
    }
    path = tmp_path / "golden.yaml"
    path.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    return path


def _pngs(pdf: bytes, out: Path) -> list[Path]:
    (out / "p.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-gray", "-png", str(out / "p.pdf"), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def test_fit_steps_golden(tmp_path: Path) -> None:
    compiled = compile_document(_layout(tmp_path), Bound(slots={"text": Value(TEXT, "remarks")}), form_id="golden")
    sizes = [fit.size for _, fit in compiled.fits[:3]]
    assert sizes[0] == 10.5 and 7 < sizes[1] < 10.5 and sizes[2] == 7  # the three steps really happen
    assert compiled.fits[2][1].remainder
    pages = _pngs(render_pdf(compiled.document), tmp_path)
    assert len(pages) == 2
    for i, actual in enumerate(pages):
        golden = HERE / f"fit_steps_{i + 1}.png"
        if os.environ.get("UNIFIED_FORMS_UPDATE_GOLDEN") == "1":
            golden.write_bytes(actual.read_bytes())
            continue
        a = Image.open(actual).convert("L")
        g = Image.open(golden).convert("L")
        assert a.size == g.size
        diff = ImageChops.difference(a, g).point(lambda v: 255 if v > 64 else 0)
        changed = diff.histogram()[255] / (a.size[0] * a.size[1])
        assert changed < 0.002, f"page {i + 1}: {changed:.2%} of pixels differ (see {actual})"
