"""Arrangement files (通知表 layouts a school may write itself): bad ones are rejected with a
LayoutError naming the file and the entry, and no arrangement — however mangled — crashes
the compiler with anything else."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unified_forms import api
from unified_forms.cli import main
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.families.report_card.arrangements import arrangements

ROOT = Path(__file__).resolve().parents[2]
VALID = yaml.safe_load((ROOT / "layouts" / "forms" / "report_card.yaml").read_text(encoding="utf-8"))
DATA = json.loads((ROOT / "samples" / "report_card.json").read_text(encoding="utf-8"))
_counter = itertools.count()


def _compile(arrangement: Any, folder: Path) -> None:
    # a fresh file name per call: layout files are cached by path
    f = folder / f"arr_{next(_counter)}.yaml"
    f.write_text(yaml.safe_dump(arrangement, allow_unicode=True), encoding="utf-8")
    api.compile_form("report_card", DATA, layout=f)


def _inner_blocks(arr: dict[str, Any]) -> list[dict[str, Any]]:
    return arr["pages"][1]["blocks"]


def test_shipped_arrangements_compile_and_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    names = [a.name for a in arrangements("report_card")] + [a.name for a in arrangements("report_card_special_needs")]
    assert names == [
        "elementary_3term",
        "elementary_2term",
        "elementary_3term_a4",
        "junior_high_2term",
        "junior_high_3term",
        "intellectual",
        "non_intellectual",
    ]
    assert main(["layouts"]) == 0
    out = capsys.readouterr().out
    for name in names:
        assert name in out


def test_valid_copy_compiles(tmp_path: Path) -> None:
    _compile(VALID, tmp_path)


@pytest.mark.parametrize(
    ("mutate", "where", "words"),
    [
        (lambda a: _inner_blocks(a)[0].__setitem__("use", "P-99"), "use", "unknown pattern"),
        (
            lambda a: _inner_blocks(a)[1].__setitem__("at", [12, 100]),
            "pages[1].blocks[1]",
            "overlaps pages[1].blocks[0]",
        ),
        (lambda a: _inner_blocks(a)[9].__setitem__("size", [186, 200]), "pages[1].blocks[9]", "outside panel 'life'"),
        (lambda a: _inner_blocks(a)[0].__setitem__("at", [30, 12]), "pages[1].blocks[0]", "outside panel 'learning'"),
        (
            lambda a: _inner_blocks(a)[0].__setitem__("options", {"column_width": "wide"}),
            "options.column_width",
            "expected a number",
        ),
        (lambda a: _inner_blocks(a)[0].__setitem__("options", {"colour": "red"}), "options.colour", "no option"),
        (lambda a: _inner_blocks(a)[0].__setitem__("panel", "attic"), "pages[1].blocks[0].panel", "unknown panel"),
        (lambda a: a.__setitem__("blocks", [{"use": "P-01", "at": [0, 0]}]), "", "either pages or top-level"),
        (lambda a: a["pages"][0].__setitem__("name", a["pages"][1]["name"]), "", "page names must be unique"),
    ],
)
def test_bad_arrangement_names_file_and_entry(mutate: Any, where: str, words: str, tmp_path: Path) -> None:
    arr = copy.deepcopy(VALID)
    mutate(arr)
    with pytest.raises(LayoutError) as exc:
        _compile(arr, tmp_path)
    assert exc.value.file.endswith(".yaml")
    assert where in exc.value.where
    assert words in str(exc.value)


# ---------------------------------------------------------------- fuzzing
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-500, 500),
    st.floats(-500, 500, allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["P-05", "P-12", "learning", "life", "grid", "$columns", "terms", "subject_rows"]),
)
_yamlish = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


ALL_PATHS = _paths(VALID)[1:]


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    arr = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = arr
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["replace", "delete"]))
            if action == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif action == "delete" and isinstance(parent, list) and path[-1] < len(parent):
                parent.pop(path[-1])
            else:
                parent[path[-1]] = draw(_yamlish)
        except (KeyError, IndexError, TypeError):
            continue
    return arr


def _only_clean_errors(arrangement: Any, folder: Path) -> None:
    try:
        _compile(arrangement, folder)
    except (LayoutError, FormDataError) as exc:
        assert str(exc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_mutated())
def test_mutated_arrangements_never_crash(tmp_path: Path, arrangement: dict[str, Any]) -> None:
    _only_clean_errors(arrangement, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_yamlish)
def test_random_yaml_shapes_never_crash(tmp_path: Path, arrangement: Any) -> None:
    if isinstance(arrangement, dict):
        arrangement.setdefault("format_version", 1)
    _only_clean_errors(arrangement, tmp_path)


# ---------------------------------------------------------------- the grid kind
def _grid(**kw: Any) -> Any:
    from unified_forms.layout.spec import GridElement

    base: dict[str, Any] = {
        "kind": "grid",
        "source": "rows",
        "columns_from": "cols",
        "column_width": 20,
        "height": 0,
        "header_height": 8,
        "lead": [
            {"key": "subject", "label": "教科", "width": 10, "span": True, "vertical": "auto"},
            {"key": "viewpoint", "label": "観点"},
        ],
    }
    base.update(kw)
    return GridElement.model_validate(base)


def _expand(el: Any, rows: list[dict[str, Any]], cols: int = 2, h: float = 88) -> Any:
    from unified_forms.layout.bound import Bound
    from unified_forms.layout.build import Frame, PageBuilder
    from unified_forms.layout.kinds import expand

    bound = Bound(lists={"rows": rows, "cols": [{"key": f"t{i + 1}", "label": f"{i + 1}学期"} for i in range(cols)]})
    out = PageBuilder()
    expand(el, Frame(10.0, 20.0, 100.0, h, {}, Path("test.yaml"), "elements[0]"), bound, out)
    return out


def _rows() -> list[dict[str, Any]]:
    rows = [{"subject": "国語", "viewpoint": f"観点{j}", "t1": "A", "t2": "B"} for j in range(3)]
    rows += [{"subject": "算数", "viewpoint": f"観点{j}", "t1": "C", "t2": "", "_slash": "t2"} for j in range(2)]
    return rows


def test_grid_row_groups_span_and_turn_vertical() -> None:
    out = _expand(_grid(), _rows())
    rh = (88 - 8) / 5
    kokugo = [t for t in out.texts if t.text == "国語"]
    assert len(kokugo) == 1 and abs(kokugo[0].rect.h - 3 * rh) < 1e-6 and kokugo[0].vertical
    sansu = [t for t in out.texts if t.text == "算数"]
    assert len(sansu) == 1 and abs(sansu[0].rect.h - 2 * rh) < 1e-6
    # inner row rules inside a group start after the 教科 column; the group boundary spans all
    starts = sorted({round(r.x1, 3) for r in out.rules if r.y1 == r.y2 and 20 + 8 < r.y1 < 20 + 88})
    assert starts == [10.0, 20.0]


def test_grid_columns_come_from_the_data() -> None:
    two = _expand(_grid(), _rows(), cols=2)
    three = _expand(_grid(), _rows(), cols=3)
    labels2 = [t.text for t in two.texts if t.static]
    labels3 = [t.text for t in three.texts if t.static]
    assert "3学期" not in labels2 and "3学期" in labels3
    # flexible 観点 column takes what the period columns leave
    vp = next(t for t in two.texts if t.text == "観点")
    assert abs(vp.rect.w - (100 - 10 - 2 * 20)) < 1e-6


def test_grid_slash_cells_get_a_diagonal_and_no_text() -> None:
    out = _expand(_grid(), _rows())
    diagonals = [r for r in out.rules if not r.static]
    assert len(diagonals) == 2 and all(r.x1 != r.x2 and r.y1 != r.y2 for r in diagonals)
    assert [t.text for t in out.texts if t.field and t.field.endswith(".t2")].count("B") == 3


def test_grid_rows_that_do_not_fit_are_a_data_error() -> None:
    many = [{"subject": f"教科{i}", "viewpoint": "x"} for i in range(40)]
    with pytest.raises(FormDataError) as exc:
        _expand(_grid(min_row_height=3.5), many)
    assert exc.value.errors[0].path == "rows"
    with pytest.raises(FormDataError):
        _expand(_grid(rows=3), _rows())


def test_grid_unknown_column_list_is_a_layout_error() -> None:
    with pytest.raises(LayoutError) as exc:
        _expand(_grid(columns_from="grades"), _rows())
    assert "grades" in str(exc.value) and exc.value.file == "test.yaml"


def test_same_patterns_print_grade_columns_for_a_guidance_record(tmp_path: Path) -> None:
    """指導要録/調査書 reuse: the period columns are a list in the data (学年 instead of 学期)."""
    from unified_forms.layout.bound import Bound
    from unified_forms.layout.compile import compile_document

    form = {
        "format_version": 1,
        "id": "guidance_demo",
        "version": "1",
        "title": "指導要録（試し）",
        "paper": {"size": "A4", "orientation": "portrait", "margins": [0, 0, 0, 0]},
        "blocks": [
            {"use": "P-05", "at": [10, 10], "size": [190, 120], "options": {"columns": "grades", "legend": False}},
            {"use": "P-10", "at": [10, 135], "size": [190, 70], "options": {"columns": "grades"}},
            {"use": "P-12", "at": [10, 210], "size": [190, 60], "options": {"columns": "grades"}},
        ],
    }
    f = tmp_path / "guidance_demo.yaml"
    f.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    grades = [{"key": f"g{g}", "label": f"第{g}学年"} for g in range(1, 7)]
    rows = [{"subject": "国語", "viewpoint": v, **{f"g{g}": "A" for g in range(1, 7)}} for v in ("知識・技能", "態度")]
    bound = Bound(
        slots={"learning_note": ""},
        lists={
            "grades": grades,
            "subject_rows": rows,
            "behavior_rows": [{"item": "責任感", "g3": "○"}],
            "attendance_rows": [{"item": "授業日数", "g1": "200"}],
        }
    )
    doc = compile_document(f, bound, form_id="guidance_demo").document
    labels = [t.text for t in doc.pages[0].texts if t.static]
    assert labels.count("第6学年") == 3 and "1学期" not in labels
    assert sum(1 for t in doc.pages[0].texts if t.text == "A") == 12


def test_a_schools_own_file_without_a_block_for_given_text_is_refused(tmp_path: Path) -> None:
    """Text is never dropped silently, whichever layout file is used."""
    import unified_forms as uf
    from unified_forms.layout.load import layouts_dir

    shipped = yaml.safe_load((layouts_dir() / "forms" / "report_card.yaml").read_text(encoding="utf-8"))

    def without(pattern: str) -> dict[str, Any]:
        pages = [{**page, "blocks": [b for b in page["blocks"] if b["use"] != pattern]} for page in shipped["pages"]]
        return {**shipped, "pages": pages}

    own = tmp_path / "our_school.yaml"
    own.write_text(yaml.safe_dump(without("P-11"), allow_unicode=True), encoding="utf-8")
    data = uf.sample("report_card")
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("report_card", data, layout=own)
    assert list(info.value.paths) == ["comments", "attendance"]  # 所見 and the 出欠の備考 (both P-11)
    assert info.value.file.endswith("our_school.yaml")
    own.write_text(yaml.safe_dump(without("P-12"), allow_unicode=True), encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("report_card", data, layout=own)
    assert list(info.value.paths) == ["attendance", *(f"attendance_periods[{t}]" for t in range(3))]
