"""Text roles in the layout format (issue 13): a minimum size per kind of box, labels that break
only between words, one size for a column of labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from unified_forms.errors import FormDataError, LayoutError
from unified_forms.layout.bound import Bound, Value
from unified_forms.layout.compile import compile_document
from unified_forms.layout.spec import ROLE_MIN_PT, TextStyle


def _layout(tmp_path: Path, elements: list[dict[str, Any]], **top: Any) -> Path:
    layout = {
        "format_version": 1,
        "id": "roles",
        "version": "test",
        "title": "役割",
        "paper": {"size": "A4", "orientation": "portrait"},
        "elements": elements,
        **top,
    }
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    return path


def _texts(tmp_path: Path, elements: list[dict[str, Any]], bound: Bound, **top: Any) -> list[Any]:
    doc = compile_document(_layout(tmp_path, elements, **top), bound, form_id="roles").document
    return list(doc.pages[0].texts)


def test_the_table_of_minimums() -> None:
    assert ROLE_MIN_PT["label"] == ROLE_MIN_PT["parent"] == ROLE_MIN_PT["legal"] == 6.0
    assert ROLE_MIN_PT["data"] < 6.0
    assert TextStyle().role is None  # unset by default: a form adopts roles by declaring them


def test_a_role_raises_the_boxs_minimum_and_refuses_below_it(tmp_path: Path) -> None:
    long = "保護者の方へ：" * 6
    box = {"kind": "text", "rect": [10, 10, 40, 5], "slot": "note", "style": {"size": 9, "fit": {"min_size": 4}}}
    plain = _texts(tmp_path, [box], Bound(slots={"note": Value(long[:20], "note")}))
    assert plain[0].size < 6 and plain[0].role is None  # no role: the box's own minimum (4 pt)
    with pytest.raises(FormDataError) as info:
        _texts(
            tmp_path,
            [{**box, "style": {**box["style"], "role": "parent"}}],
            Bound(slots={"note": Value(long[:20], "note")}),
        )
    assert info.value.errors[0].path == "note"  # the capacity at 6 pt is reported, nothing printed smaller


def test_the_forms_text_role_applies_to_data_and_makes_printed_text_labels(tmp_path: Path) -> None:
    elements = [
        {"kind": "text", "rect": [10, 10, 60, 8], "text": "出席停止・忌引等の日数", "style": {"size": 9}},
        {"kind": "text", "rect": [10, 20, 60, 8], "slot": "value", "style": {"size": 9}},
        {"kind": "text", "rect": [10, 30, 60, 8], "slot": "code", "style": {"size": 9, "role": "data"}},
    ]
    texts = _texts(tmp_path, elements, Bound(slots={"value": Value("3", "v"), "code": "X1"}), text_role="legal")
    assert [t.role for t in texts] == ["label", "legal", "data"]


def test_a_label_breaks_at_the_middle_dot_or_shrinks_whole(tmp_path: Path) -> None:
    box = {
        "kind": "text",
        "rect": [10, 10, 9, 12],
        "style": {"size": 10, "align": "center", "fit": {"min_size": 6, "wrap": True}},
    }
    texts = _texts(
        tmp_path,
        [{**box, "text": "技術・家庭"}, {**box, "rect": [30, 10, 9, 12], "text": "外国語"}],
        Bound(),
        text_role="parent",
    )
    lines = {t.text: [ln.run.text for ln in t.lines] for t in texts}
    assert lines == {"技術・家庭": ["技術・", "家庭"], "外国語": ["外国語"]}
    # without a role the same boxes break inside the words (what conformance.md found)
    texts = _texts(tmp_path, [{**box, "text": "外国語"}], Bound())
    assert [ln.run.text for ln in texts[0].lines] == ["外国", "語"]


def test_a_label_drawn_below_its_minimum_is_a_layout_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="below the 6 pt minimum"):
        _texts(
            tmp_path,
            [{"kind": "text", "rect": [10, 10, 60, 8], "text": "凡例", "style": {"size": 5}}],
            Bound(),
            text_role="legal",
        )


def test_a_uniform_column_prints_all_its_labels_at_one_size(tmp_path: Path) -> None:
    grid = {
        "kind": "grid",
        "origin": [10, 10],
        "width": 60,
        "source": "rows",
        "row_height": 6,
        "header_height": 0,
        "lead": [{"key": "item", "width": 24, "style": {"size": 10, "fit": {"min_size": 6}}}],
        "columns": [{"key": "v"}],
    }
    rows = [{"item": Value(t, f"rows[{i}].item")} for i, t in enumerate(["国語", "生命尊重・自然愛護", "体育"])]
    sizes = {t.text: t.size for t in _texts(tmp_path, [grid], Bound(lists={"rows": rows}))}
    assert sizes["国語"] == 10 and sizes["生命尊重・自然愛護"] < 10  # each its own size
    uniform = {**grid, "lead": [{**grid["lead"][0], "uniform": True}]}
    sizes = {t.text: t.size for t in _texts(tmp_path, [uniform], Bound(lists={"rows": rows}))}
    assert len(set(sizes.values())) == 1 and sizes["国語"] < 10
