"""Two style options of text boxes: ``strike`` (a superseded 学籍 entry kept on the record with a line
through it) and ``continued_mark`` (a box whose text goes on on a 別紙 says so inside the box)."""

from __future__ import annotations

from pathlib import Path

import yaml

from unified_forms.layout.bound import Bound, Value
from unified_forms.layout.compile import compile_document
from unified_forms.layout.page import Document


def _compile(tmp_path: Path, style: dict[str, object], text: str) -> Document:
    form = {
        "format_version": 1,
        "id": "style_demo",
        "version": "1",
        "title": "試し",
        "paper": {"size": "A4", "orientation": "portrait", "margins": [0, 0, 0, 0]},
        "elements": [{"kind": "text", "rect": [20, 20, 60, 12], "slot": "body", "label": "所見", "style": style}],
    }
    f = tmp_path / "style_demo.yaml"
    f.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    bound = Bound(slots={"body": Value(text, "comments")})
    return compile_document(f, bound, form_id="style_demo").document


def test_strike_draws_one_line_through_each_printed_line(tmp_path: Path) -> None:
    style = {"size": 9, "strike": True, "fit": {"min_size": 9, "wrap": True, "max_lines": 3}}
    doc = _compile(tmp_path, style, "山口県山口市湯田温泉五丁目2番18号コーポ湯田101号")
    box = next(t for t in doc.pages[0].texts if t.field == "comments")
    strikes = [r for r in doc.pages[0].rules if not r.static]
    assert len(box.lines) == 2 and len(strikes) == 2
    for line, rule in zip(box.lines, strikes, strict=True):
        assert rule.y1 == rule.y2 and line.baseline - 3.2 < rule.y1 < line.baseline  # through the glyphs
        assert rule.x1 == line.x and rule.x2 > line.x + 20


def test_no_strike_unless_asked(tmp_path: Path) -> None:
    doc = _compile(tmp_path, {"size": 9}, "山田　花子")
    assert not [r for r in doc.pages[0].rules if not r.static]


def test_continued_mark_sits_in_the_box_under_its_text(tmp_path: Path) -> None:
    style = {
        "size": 8,
        "continued_mark": "（別紙に続く）",
        "fit": {"min_size": 8, "wrap": True, "overflow": "continuation"},
    }
    text = "友達と協力して最後までやり遂げた。" * 12
    doc = _compile(tmp_path, style, text)
    page = doc.pages[0]
    box = next(t for t in page.texts if t.field == "comments")
    mark = next(t for t in page.texts if t.text == "（別紙に続く）")
    assert mark.rect.bottom == 32.0 and mark.size == 6.5 and not mark.static
    assert box.rect.bottom <= mark.rect.y and box.lines[-1].baseline < mark.rect.y
    besshi = "".join(t.text for p in doc.pages[1:] for t in p.texts if t.field == "comments")
    assert "".join(line.run.text for line in box.lines) + besshi == text


def test_no_mark_when_the_text_fits(tmp_path: Path) -> None:
    style = {"size": 8, "continued_mark": "（別紙に続く）", "fit": {"wrap": True, "overflow": "continuation"}}
    doc = _compile(tmp_path, style, "短い所見。")
    assert len(doc.pages) == 1
    assert "（別紙に続く）" not in [t.text for t in doc.pages[0].texts]
