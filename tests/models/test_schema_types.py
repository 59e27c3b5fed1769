"""The shared types' JSON Schema says exactly what their validators accept (issue 15 part 2).

Each rule is checked both ways on the same values: the model's validator and a standard
JSON Schema validator (jsonschema, Draft 2020-12) must agree, for text, ふりがな, dates, the
compact inputs (a 校長 as a string, 「男」, 「小学校」, 3学期制 as 3 …) and the rule listing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from schema_gen import validator_for

from unified_forms.models.assessment import Assessment
from unified_forms.models.base import InputModel
from unified_forms.models.dates import DATE_MAX, DATE_MIN, IsoDate
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.json_schema import input_schema
from unified_forms.models.marks import CircleMark, ViewpointMark
from unified_forms.models.people import PersonName, Sex, Teacher, _check_kana, kana_json_schema
from unified_forms.models.rules import rule_of
from unified_forms.models.school import ClassRef, School
from unified_forms.models.terms import TermSystem
from unified_forms.models.text import TEXT_RULES, check_text, grapheme_count, text_json_schema

jsonschema = pytest.importorskip("jsonschema")

# Characters where the rules have edges: controls, CR/LF, separators, spaces (ASCII, full-width,
# BOM), variation selectors (VS1, VS16, IVS, Mongolian FVS), kana with combining marks, kanji.
EDGES = (
    "\x00\x07\t\n\r\x1f\x7f\x85\x9f\u2028\u2029 \u3000\ufeff\u00a0"
    "\ufe00\ufe0f\U000e0100\U000e01ef\u180b"
    "あアゔ\u3099\u309aー・ヽヿ\uff71"
    "a1葛𠮷﨑髙"
)
texts = st.text(alphabet=st.sampled_from(EDGES), max_size=8)


def schema_accepts(schema: dict[str, Any], value: Any) -> bool:
    return bool(validator_for(schema).is_valid(value))


def model_accepts(func: Any, value: Any) -> bool:
    try:
        func(value)
    except (PydanticCustomError, ValueError):
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(texts, st.booleans(), st.booleans())
def test_text_schema_refuses_exactly_what_check_text_refuses(value: str, multiline: bool, required: bool) -> None:
    schema = {"type": "string", **text_json_schema(multiline=multiline, required=required)}
    ok = model_accepts(lambda v: check_text(v, multiline=multiline, required=required), value)
    assert schema_accepts(schema, value) == ok


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=0, max_value=4))
def test_the_length_is_stated_in_graphemes(value: str, limit: int) -> None:
    schema = {"type": "string", **text_json_schema(limit)}
    assert schema["x-max-graphemes"] == limit
    ok = model_accepts(lambda v: check_text(v, max_graphemes=limit), value)
    assert schema_accepts(schema, value) == ok


def test_an_unpaired_surrogate_is_a_listed_rule() -> None:
    """Portable patterns cannot name surrogates (Rust and Go regexes have none): listed, and the
    refusal names that rule."""
    schema = {"type": "string", **text_json_schema()}
    assert schema_accepts(schema, "a\ud800")
    with pytest.raises(ValidationError) as exc:
        _Compact.model_validate({**BASE, "teacher": "山口\ud800"})
    assert [rule_of(e) for e in exc.value.errors()] == ["text_surrogate"]
    assert {"id": "text_surrogate", "rule": TEXT_RULES["text_surrogate"]} in COMPACT_SCHEMA["x-rules"]


def test_a_grapheme_is_not_a_code_point() -> None:
    """Why x-max-graphemes and not maxLength: 葛 + IVS is one character of the limit, two code points."""
    name = "葛\U000e0102" * 24
    assert len(name) == 48 and grapheme_count(name) == 24
    assert model_accepts(lambda v: check_text(v, max_graphemes=24), name)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_kana_schema_refuses_exactly_what_the_name_refuses(value: str) -> None:
    schema = {"type": "string", **kana_json_schema(24)}
    ok = model_accepts(lambda v: _check_kana(check_text(v)), value)
    assert schema_accepts(schema, value) == ok


class _Dated(InputModel):
    d: IsoDate = Field(title="日付")


DATE_SCHEMA = input_schema(_Dated)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1, 1, 1)))
def test_dates_from_meiji_on_in_both(d: date) -> None:
    value = d.isoformat()
    ok = DATE_MIN <= d <= DATE_MAX
    assert schema_accepts(DATE_SCHEMA, {"d": value}) == ok
    assert model_accepts(lambda v: _Dated.model_validate({"d": v}), value) == ok


@pytest.mark.parametrize(
    "value", ["2025-02-30", "2025-4-01", "２０２５-04-01", "2025-04-01\n", "20250401", "1868-10-22"]
)
def test_malformed_dates_are_refused_by_both(value: str) -> None:
    assert not schema_accepts(DATE_SCHEMA, {"d": value})
    with pytest.raises(ValidationError):
        _Dated.model_validate({"d": value})


class _Compact(InputModel):
    teacher: Teacher = Field(title="担任")
    sex: Sex = Field(title="性別")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    system: TermSystem = Field(title="学期制")
    mark: Assessment = Field(title="評価")
    viewpoint: ViewpointMark = Field(default="", title="観点")
    circle: CircleMark = Field(default="", title="○")


COMPACT_SCHEMA = input_schema(_Compact)
BASE: dict[str, Any] = {
    "teacher": "山口\u3000太郎",
    "sex": "男",
    "school": {"name": "湯田小学校", "principal": {"name": "𠮷田\u3000誠一郎", "role": "校長"}},
    "homeroom": {"school_type": "小学校", "grade": 6, "kumi": "1"},
    "system": 3,
    "mark": "Ａ",
}


@pytest.mark.parametrize(
    ("change", "ok"),
    [
        ({}, True),
        ({"teacher": {"name": "山口\u3000太郎"}}, True),
        ({"teacher": {"name": {"family": "山口", "given": "太郎", "kana_family": "やまぐち"}, "role": "教諭"}}, True),
        ({"teacher": ""}, False),
        ({"teacher": " \u3000"}, False),
        ({"teacher": {"name": {"family": "山口", "kana_family": "山口"}}}, False),
        ({"teacher": {"name": {"family": "山口", "kana_family": "ﾔﾏｸﾞﾁ"}}}, False),
        ({"teacher": {"name": "a" * 25}}, False),
        ({"teacher": {"name": "葛\U000e0102" * 24}}, True),
        ({"sex": "female"}, True),
        ({"sex": "女"}, True),
        ({"sex": "M"}, False),
        ({"homeroom": {"school_type": "中学校", "grade": 3, "kumi": "A"}}, True),
        ({"homeroom": {"school_type": "高校", "grade": 1, "kumi": "A"}}, False),
        ({"system": "2学期制"}, True),
        ({"system": "two_terms"}, True),
        ({"system": 4}, False),
        ({"system": True}, False),
        ({"mark": 5}, True),
        ({"mark": "○"}, True),
        ({"mark": {"kind": "slash", "reason": "転入前"}}, True),
        ({"mark": "D"}, False),
        ({"viewpoint": "B"}, True),
        ({"viewpoint": "○"}, False),
        ({"circle": "○"}, True),
        ({"circle": "A"}, False),
        ({"school": {"name": "湯田小学校", "code": "B135210000018", "principal": "校長"}}, True),
        ({"school": {"name": "湯田小学校", "code": "B13521000001", "principal": "校長"}}, False),
        ({"school": {"name": "\x07湯田小学校", "principal": "校長"}}, False),
    ],
)
def test_compact_inputs_and_refusals_agree(change: dict[str, Any], ok: bool) -> None:
    data = {**BASE, **change}
    assert schema_accepts(COMPACT_SCHEMA, data) == ok
    assert model_accepts(_Compact.model_validate, data) == ok


def test_what_the_schema_cannot_state_is_listed() -> None:
    """A school code with a wrong check digit matches the pattern; the rule is listed instead, and
    a refusal names it; 小学校 7年 is valid JSON but refused by ClassRef's listed rule."""
    data = {**BASE, "school": {"name": "湯田小学校", "code": "B135210000015", "principal": "校長"}}
    assert schema_accepts(COMPACT_SCHEMA, data)
    with pytest.raises(ValidationError) as exc:
        _Compact.model_validate(data)
    assert [rule_of(e) for e in exc.value.errors()] == ["school_code_check"]
    defs = COMPACT_SCHEMA["$defs"]
    assert "school_code_check" in str(defs["School"]["properties"]["code"])
    data = {**BASE, "homeroom": {"school_type": "小学校", "grade": 7, "kumi": "1"}}
    assert schema_accepts(COMPACT_SCHEMA, data)
    with pytest.raises(ValidationError) as exc:
        _Compact.model_validate(data)
    assert [rule_of(e) for e in exc.value.errors()] == ["ClassRef._grade_in_range"]
    assert defs["ClassRef"]["x-rules"][0]["id"] == "ClassRef._grade_in_range"
    assert "学年は学校種の範囲内" in defs["ClassRef"]["description"]


class _Ruled(InputModel):
    """A model with one rule."""

    low: int = Field(title="下限")
    high: int = Field(title="上限")

    @model_validator(mode="after")
    def _ordered(self) -> _Ruled:
        """下限 ≤ 上限。"""
        v = RuleViolations("_Ruled")
        if self.low > self.high:
            v.add("high", "上限が下限より小さい")
        v.raise_if_any()
        return self


def test_a_validator_docstring_is_its_listed_rule_and_its_errors_name_it() -> None:
    schema = input_schema(_Ruled)
    assert schema["x-rules"][0] == {"id": "_Ruled._ordered", "rule": "下限 ≤ 上限。"}
    assert schema["description"].startswith("A model with one rule.\n\nJSON Schema では表せない規則")
    with pytest.raises(ValidationError) as exc:
        _Ruled.model_validate({"low": 2, "high": 1})
    assert [rule_of(e) for e in exc.value.errors()] == ["_Ruled._ordered"]


def test_person_name_parts_follow_the_class_limit() -> None:
    props = input_schema(PersonName)["properties"]
    assert props["family"]["x-max-graphemes"] == PersonName.max_graphemes == props["kana_given"]["x-max-graphemes"]
    assert props["family"]["minLength"] == 1 and "minLength" not in props["given"]


def test_dates_far_apart_are_one_pattern() -> None:
    for d in (DATE_MIN, DATE_MIN + timedelta(days=70), date(1999, 12, 31), date(2100, 12, 31), DATE_MAX):
        assert schema_accepts(DATE_SCHEMA, {"d": d.isoformat()})
    for d in (DATE_MIN - timedelta(days=1), DATE_MAX + timedelta(days=1), date(9999, 12, 31)):
        assert not schema_accepts(DATE_SCHEMA, {"d": d.isoformat()})
