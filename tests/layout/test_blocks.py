"""The block of a text in the page model (issue 13: one label size per block).

``TextBox.block`` names the layout element that placed a text and the part of it (a header row,
a column); tests/forms/test_typesetting.py holds every sample to one label size per block. Here:
the names themselves, and ``uniform_headers``, the grid option that makes a header block one size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from unified_forms.layout.bound import Bound, Value
from unified_forms.layout.compile import compile_document
from unified_forms.layout.page import Rect, TextBox


def _texts(tmp_path: Path, elements: list[dict[str, Any]], bound: Bound) -> list[TextBox]:
    layout = {
        "format_version": 1,
        "id": "blocks",
        "version": "test",
        "title": "ブロック",
        "paper": {"size": "A4", "orientation": "portrait"},
        "text_role": "data",
        "elements": elements,
    }
    path = tmp_path / "blocks.yaml"
    path.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    return list(compile_document(path, bound, form_id="blocks").document.pages[0].texts)


OPTIONS = ["異常なし", "治療中", "ブラッシング指導済"]
GRID: dict[str, Any] = {
    "kind": "grid",
    "origin": [10, 10],
    "width": 90,
    "source": "marks",
    "columns_from": "options",
    "rows": 1,
    "row_height": 9,
    "header_height": 7,
    "lead": [{"key": "label", "label": "診察結果", "width": 30, "header_style": {"size": 9, "align": "center"}}],
    "column_header_style": {"size": 8.5, "align": "center", "padding": 0.4, "fit": {"min_size": 6}},
}


def _bound() -> Bound:
    options = [{"key": f"o{i}", "label": Value(t, f"options[{i}].label")} for i, t in enumerate(OPTIONS)]
    return Bound(lists={"options": options, "marks": [{"label": Value("○印", "marks[0].label")}]})


def test_every_text_names_its_element_and_part(tmp_path: Path) -> None:
    title = {"kind": "text", "rect": [10, 0, 90, 8], "text": "受診結果報告書", "style": {"size": 14}}
    blocks = {t.text: t.block for t in _texts(tmp_path, [title, GRID], _bound())}
    assert blocks["受診結果報告書"] == "elements[0]: text"
    assert blocks["診察結果"] == "elements[1]: header lead"
    assert {blocks[t] for t in OPTIONS} == {"elements[1]: header data"}
    assert blocks["○印"] == "elements[1]: column label"


def test_uniform_headers_print_the_data_heads_at_the_size_all_of_them_fit(tmp_path: Path) -> None:
    sizes = {t.text: t.size for t in _texts(tmp_path, [GRID], _bound())}
    assert sizes["異常なし"] == 8.5 and sizes["ブラッシング指導済"] < 8.5  # each its own size
    texts = _texts(tmp_path, [{**GRID, "uniform_headers": True}], _bound())
    heads = [t for t in texts if t.text in OPTIONS]
    assert {t.size for t in heads} == {min(t.size for t in heads)} and heads[0].size < 8.5
    assert all(t.static for t in heads)  # still printed labels of the form
    assert next(t.size for t in texts if t.text == "診察結果") == 9  # the lead head is its own block


def test_the_block_does_not_make_equal_chrome_unequal() -> None:
    """Two pages with the same labels share one PDF template whatever element placed them."""
    a = TextBox(Rect(0, 0, 1, 1), "番号", 6, (), static=True, block="pages[0].elements[2]: header lead")
    b = TextBox(Rect(0, 0, 1, 1), "番号", 6, (), static=True, block="pages[1].elements[2]: header lead")
    assert a == b and hash(a) == hash(b)
