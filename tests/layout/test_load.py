"""Layout files: the shipped ones are valid; bad ones are rejected naming the file and the entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unified_forms.errors import LayoutError
from unified_forms.layout.bound import Bound
from unified_forms.layout.compile import compile_document
from unified_forms.layout.load import layouts_dir, load_form_layout, load_pattern_file
from unified_forms.layout.spec import json_schema


def _write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
format_version: 1
id: t
version: "1"
title: テスト
paper: {size: A4, orientation: portrait}
blocks:
  - use: P-01
    at: [15, 10]
    options: {title: テスト}
"""


def test_every_shipped_layout_and_pattern_loads() -> None:
    forms = sorted((layouts_dir() / "forms").glob("*.yaml"))
    patterns = sorted((layouts_dir() / "patterns").glob("*.yaml"))
    assert forms and patterns
    for f in forms:
        assert load_form_layout(f).format_version == 1
    for p in patterns:
        assert load_pattern_file(p).pattern.startswith("P-")


def test_committed_json_schema_is_generated_from_the_models() -> None:
    committed = json.loads((layouts_dir() / "layout.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(json_schema())), "run the schema generator (see docs)"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("format_version: 1\nid: [\n", "line", "not valid YAML"),
        ("- a\n- b\n", "", "mapping"),
        (GOOD.replace("format_version: 1", "format_version: 9"), "format_version", "newer"),
        (GOOD.replace("format_version: 1\n", ""), "format_version", "missing"),
        (GOOD.replace("size: A4", "size: A9"), "paper.size", "Input should be"),
        (GOOD.replace("title: テスト\npaper", "title: テスト\ncolour: red\npaper"), "colour", "Extra inputs"),
    ],
)
def test_bad_layout_files_name_file_and_entry(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(LayoutError) as info:
        load_form_layout(path)
    assert str(path) in str(info.value)
    assert where in info.value.where
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("options", "where", "message"),
    [
        ("{title: 1}", "blocks[0].options.title", "expected a string"),
        ("{title: x, title_size: big}", "blocks[0].options.title_size", "expected a number"),
        ("{title: x, colour: red}", "blocks[0].options.colour", "no option 'colour'"),
        ("{}", "blocks[0].options.title", "required"),
    ],
)
def test_bad_pattern_options_are_rejected(tmp_path: Path, options: str, where: str, message: str) -> None:
    path = _write(tmp_path, GOOD.replace("{title: テスト}", options))
    with pytest.raises(LayoutError) as info:
        compile_document(path, Bound(), form_id="t")
    assert info.value.where == where
    assert message in info.value.message


def test_unknown_pattern_is_rejected_with_the_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("use: P-01", "use: P-99"))
    with pytest.raises(LayoutError, match=r"unknown pattern .P-99.*P-01"):
        compile_document(path, Bound(), form_id="t")


def test_a_font_size_given_as_a_pattern_option_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "P-90_sized.yaml").write_text(
        "format_version: 1\npattern: P-90\nname: sized\nversion: '1'\nsize: [100, 20]\n"
        "options: {label_size: {type: number, default: 7.5}}\n"
        "elements:\n  - {kind: text, rect: [0, 0, 100, 20], text: 見出し, style: {size: $label_size}}\n",
        encoding="utf-8",
    )
    from unified_forms.layout import load

    form = _write(tmp_path, GOOD.replace("use: P-01", "use: P-90").replace("{title: テスト}", "{label_size: 13}"))
    load.pattern_index.cache_clear()
    monkeypatch.setattr(load, "layouts_dir", lambda: tmp_path)
    try:
        page = compile_document(form, Bound(), form_id="t").document.pages[0]
    finally:
        load.pattern_index.cache_clear()
    assert [t.size for t in page.texts if t.text == "見出し"] == [13.0]
