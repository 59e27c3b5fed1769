"""pydantic errors → FormDataError: bracketed list paths, Japanese labels, nothing lost, no personal data."""

from __future__ import annotations

import pytest
from pydantic import Field, ValidationError, model_validator

from unified_forms.errors import FormDataError
from unified_forms.models.common import Assessment, AttendanceTotals, ClassRef, InputModel, PersonName, Sex
from unified_forms.models.errors_map import RuleViolations, format_path, validate_model


class Student(InputModel):
    number: int = Field(title="出席番号")
    name: PersonName = Field(title="氏名")
    sex: Sex = Field(default=Sex.UNSPECIFIED, title="性別")
    attendance: AttendanceTotals | None = Field(default=None, title="出欠の記録")
    marks: dict[str, list[Assessment]] = Field(default_factory=dict, title="観点別学習状況")
    note: int | str | None = Field(default=None, title="メモ")


class Roster(InputModel):
    klass: ClassRef = Field(title="学級")
    students: list[Student] = Field(title="児童生徒")


def good_student(i: int) -> dict[str, object]:
    return {"number": i + 1, "name": {"family": "山田", "given": f"太郎{i}"}}


def test_nested_list_path_and_label() -> None:
    students = [good_student(i) for i in range(5)]
    students[3] = {"number": 4, "name": {"family": "", "given": "花子"}}
    with pytest.raises(FormDataError) as exc:
        validate_model(Roster, {"klass": {"grade": 1, "kumi": "1"}, "students": students}, form_id="roster")
    (entry,) = exc.value.errors
    assert entry.path == "students[3].name.family"
    assert entry.label == "氏名（姓）"
    assert exc.value.form_id == "roster"
    assert str(exc.value).startswith("roster: students[3].name.family（氏名（姓））: ")


def test_every_error_is_kept_in_order() -> None:
    data = {
        "klass": {"grade": 9, "kumi": ""},
        "students": [
            {"number": "x", "name": {"family": "a", "kana_family": "カナ1"}, "extra": 1},
            {"name": {}, "sex": "?", "attendance": {"lesson_days": 3, "suspension_days": 4}},
        ],
        "unknown": True,
    }
    with pytest.raises(ValidationError) as raw:
        Roster.model_validate(data)
    with pytest.raises(FormDataError) as exc:
        validate_model(Roster, data)
    assert len(exc.value.errors) == raw.value.error_count()
    got = [(e.path, e.label) for e in exc.value.errors]
    assert got == [
        ("klass.kumi", "組"),
        ("students[0].number", "出席番号"),
        ("students[0].name.kana_family", "ふりがな（姓）"),
        ("students[0].extra", "児童生徒"),
        ("students[1].number", "出席番号"),
        ("students[1].name.family", "氏名（姓）"),
        ("students[1].sex", "性別"),
        ("students[1].attendance.suspension_days", "出席停止・忌引等の日数"),
        ("unknown", ""),
    ]
    text = str(exc.value)
    for path, _ in got:
        assert path in text
    assert all(e.message for e in exc.value.errors)


def test_messages_are_japanese_and_do_not_echo_input() -> None:
    secret = "秘密花子"
    with pytest.raises(FormDataError) as exc:
        validate_model(PersonName, {"family": secret + "\x00", "given": 12, "kana_given": secret})
    text = str(exc.value)
    assert secret not in text
    assert [e.path for e in exc.value.errors] == ["family", "given", "kana_given"]
    assert exc.value.errors[1].message == "文字列で入力してください"


def test_union_tags_are_not_in_the_path() -> None:
    data = {
        "klass": {"grade": 1, "kumi": "1"},
        "students": [good_student(0) | {"marks": {"国語": ["A", {"kind": "grade", "value": 7}]}, "note": 1.5}],
    }
    with pytest.raises(FormDataError) as exc:
        validate_model(Roster, data)
    paths = [(e.path, e.label) for e in exc.value.errors]
    assert ("students[0].marks.国語[1].value", "評定") in paths
    # ``int | str``: pydantic reports one error per member ('int', 'str'); both map to the field
    note = [p for p in paths if p[0].startswith("students[0].note")]
    assert note and all(p == ("students[0].note", "メモ") for p in note)


def test_instance_passes_through_and_non_dict_is_an_error() -> None:
    n = PersonName(family="山田")
    assert validate_model(PersonName, n) is n
    with pytest.raises(FormDataError) as exc:
        validate_model(PersonName, ["山田"])
    assert exc.value.errors[0].path == ""
    assert exc.value.errors[0].message


class Pair(InputModel):
    low: int = Field(title="下限")
    high: int = Field(title="上限")

    @model_validator(mode="after")
    def _ordered(self) -> Pair:
        v = RuleViolations("Pair")
        if self.high < self.low:
            v.add("high", "上限が下限より小さい")
            v.add("low", "下限が上限より大きい")
        v.raise_if_any()
        return self


class Pairs(InputModel):
    pairs: list[Pair] = Field(title="組")


def test_rule_violations_are_located_and_all_reported() -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(Pairs, {"pairs": [{"low": 1, "high": 2}, {"low": 5, "high": 1}]})
    assert [(e.path, e.label, e.message) for e in exc.value.errors] == [
        ("pairs[1].high", "上限", "上限が下限より小さい"),
        ("pairs[1].low", "下限", "下限が上限より大きい"),
    ]


def test_rule_violation_message_with_braces_is_literal() -> None:
    v = RuleViolations("X")
    v.add(("a", 0), "{not a placeholder}")
    assert len(v) == 1 and v
    with pytest.raises(ValidationError) as exc:
        v.raise_if_any()
    assert exc.value.errors()[0]["msg"] == "{not a placeholder}"
    assert exc.value.errors()[0]["loc"] == ("a", 0)
    RuleViolations("empty").raise_if_any()  # nothing collected: no error


def test_format_path() -> None:
    assert format_path(["students", 3, "name", "family"]) == "students[3].name.family"
    assert format_path([0, "a"]) == "[0].a"
    assert format_path([]) == ""


def test_form_data_error_raised_inside_a_validator_keeps_its_inner_paths() -> None:
    from typing import Any

    from pydantic import field_validator

    from unified_forms.errors import ErrorEntry, FormDataError
    from unified_forms.models.common import InputModel
    from unified_forms.models.errors_map import validate_model

    class Book(InputModel):
        attendance: Any

        @field_validator("attendance")
        @classmethod
        def _check(cls, value: Any) -> Any:
            raise FormDataError([ErrorEntry("pupils[1].records[0].date", "祝日です", "日付")])

    try:
        validate_model(Book, {"attendance": {}})
    except FormDataError as exc:
        assert [(e.path, e.label, e.message) for e in exc.errors] == [
            ("attendance.pupils[1].records[0].date", "日付", "祝日です")
        ]
    else:
        raise AssertionError("expected FormDataError")
