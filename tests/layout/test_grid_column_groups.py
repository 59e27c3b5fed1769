"""``grid`` columns_from refinements used by P-19 集計表: a chosen column set, grouped captions,
a header style of their own. Absent, the grid draws exactly what it drew before (every golden
snapshot is unchanged by them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unified_forms.errors import LayoutError
from unified_forms.layout.bound import Bound
from unified_forms.layout.compile import compile_document
from unified_forms.layout.page import Document

_LAYOUT = """
format_version: 1
id: grid_groups_test
version: "1"
title: test
paper: {size: A4, orientation: landscape, margins: [10, 10, 10, 10]}
elements:
  - kind: grid
    origin: [10, 10]
    width: 200
    source: rows
    columns_from: cols
    header_height: 20
    row_height: 8
    lead:
      - {key: label, label: 区分, width: 20}
EXTRA
"""


def _bound() -> Bound:
    cols = [
        {"key": "a", "label": "在籍者数"},
        {"key": "b", "label": "人", "group": "う歯のない者"},
        {"key": "c", "label": "％", "group": "う歯のない者"},
        {"key": "d", "label": "人", "group": "処置完了者"},
    ]
    return Bound(lists={"cols": cols, "rows": [{"label": "男", "a": "10", "b": "4", "c": "40.0", "d": "3"}]})


def _compile(tmp_path: Path, extra: str = "") -> Document:
    f = tmp_path / "grid.yaml"
    f.write_text(_LAYOUT.replace("EXTRA", extra), encoding="utf-8")
    return compile_document(f, _bound(), form_id="grid_groups_test").document


def _static(doc: Document) -> list[tuple[str, float, float, float]]:
    return [(t.text, t.rect.x, t.rect.y, t.rect.w) for t in doc.pages[0].texts if t.static]


def test_a_group_caption_spans_its_columns_and_the_labels_sit_under_it(tmp_path: Path) -> None:
    texts = {text: (x, y, w) for text, x, y, w in _static(_compile(tmp_path))}
    # 20 mm lead + 4 columns sharing 180 mm: 45 mm each
    assert texts["在籍者数"] == pytest.approx((30.0, 10.0, 45.0))  # no group: the full header height
    assert texts["う歯のない者"] == pytest.approx((75.0, 10.0, 90.0))  # over b and c
    assert texts["処置完了者"] == pytest.approx((165.0, 10.0, 45.0))
    unders = [(round(x, 3), round(y, 3)) for text, x, y, _ in _static(_compile(tmp_path)) if text in ("人", "％")]
    assert unders == [(75.0, 20.0), (120.0, 20.0), (165.0, 20.0)]  # lower tier, half the header


def test_the_rule_between_two_columns_of_one_group_starts_under_the_caption(tmp_path: Path) -> None:
    rules = _compile(tmp_path).pages[0].rules
    between_b_and_c = [r for r in rules if r.x1 == r.x2 == pytest.approx(120.0)]
    assert [r.y1 for r in between_b_and_c] == pytest.approx([20.0])
    between_groups = [r for r in rules if r.x1 == r.x2 == pytest.approx(165.0)]
    assert [r.y1 for r in between_groups] == pytest.approx([10.0])


def test_column_keys_choose_and_order_the_columns(tmp_path: Path) -> None:
    doc = _compile(tmp_path, "    column_keys: [d, a]\n    group_height: 8")
    cells = [t.text for t in doc.pages[0].texts if not t.static]
    assert cells == ["男", "3", "10"]
    assert ("処置完了者", 30.0, 10.0, 90.0) in _static(doc)  # 20 + 180/2 per column, caption 8 mm high


def test_an_unknown_column_key_is_a_layout_error_naming_the_offered_keys(tmp_path: Path) -> None:
    with pytest.raises(LayoutError) as info:
        _compile(tmp_path, "    column_keys: [a, zz]")
    assert "zz" in info.value.message and "a, b, c, d" in info.value.message


def test_column_header_style_applies_to_the_data_headers(tmp_path: Path) -> None:
    doc = _compile(tmp_path, "    column_header_style: {size: 6.5, align: center, vertical: true}")
    label = next(t for t in doc.pages[0].texts if t.text == "在籍者数")
    assert label.vertical and label.size == 6.5
    caption = next(t for t in doc.pages[0].texts if t.text == "う歯のない者")
    assert not caption.vertical
