"""Shared input types: exact text, kana, school code, class labels, 年度/学期, marks, 出欠 rules."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field, ValidationError

from unified_forms.errors import FormDataError
from unified_forms.models.common import (
    Assessment,
    AttendanceTotals,
    Blank,
    Circle,
    ClassRef,
    FiscalYear,
    GradeMark,
    InputModel,
    IsoDate,
    LetterMark,
    PersonName,
    School,
    SchoolCode,
    SchoolType,
    Sex,
    Slash,
    Teacher,
    TermCalendar,
    TermSystem,
    check_text,
    grapheme_count,
    to_hiragana,
    to_katakana,
)
from unified_forms.models.errors_map import validate_model

IVS = "\U000e0102"
KUZU_IVS = "葛" + IVS
TSUCHIYOSHI = "\U00020bb7"  # 𠮷
SAKI_COMPAT = "\ufa11"  # 﨑


def codepoints(s: str) -> list[int]:
    return [ord(c) for c in s]


# --------------------------------------------------------------------------- PersonName: exact text


def test_compat_ideograph_kept() -> None:
    n = validate_model(PersonName, {"family": "山" + SAKI_COMPAT, "given": "花子"})
    assert codepoints(n.family) == [0x5C71, 0xFA11]
    assert "\u5d0e" not in n.family  # never 崎
    assert n.model_dump()["family"] == "山" + SAKI_COMPAT
    assert json.loads(n.model_dump_json())["family"] == "山" + SAKI_COMPAT


def test_ivs_is_one_grapheme_and_kept() -> None:
    assert grapheme_count(KUZU_IVS) == 1
    n = validate_model(PersonName, {"family": KUZU_IVS + "西", "given": TSUCHIYOSHI + "田"})
    assert codepoints(n.family) == [0x845B, 0xE0102, 0x897F]
    assert codepoints(n.given) == [0x20BB7, 0x7530]
    assert n.full == KUZU_IVS + "西\u3000" + TSUCHIYOSHI + "田"


def test_max_graphemes_counts_ivs_as_one() -> None:
    validate_model(PersonName, {"family": KUZU_IVS * 24})  # 48 code points, 24 characters
    with pytest.raises(FormDataError) as exc:
        validate_model(PersonName, {"family": KUZU_IVS * 25})
    assert [e.path for e in exc.value.errors] == ["family"]
    assert exc.value.errors[0].label == "氏名（姓）"


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "\u3000", "山\x00田", "山\n田", "山\x85田", "\x7f", IVS + "葛", "\ufe00山", "山\ud800", "山\u2028田"],
)
def test_bad_family_rejected(bad: str) -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(PersonName, {"family": bad})
    assert [e.path for e in exc.value.errors] == ["family"]
    assert bad.strip() == "" or bad not in str(exc.value)  # the name itself is never echoed


def test_spaces_are_kept_not_stripped() -> None:
    n = validate_model(PersonName, {"family": " 山田 ", "given": "太郎\u3000"})
    assert n.family == " 山田 "
    assert n.given == "太郎\u3000"


def test_selector_after_space_is_not_leading() -> None:
    assert validate_model(PersonName, {"family": "葛" + IVS + "\ufe00"}).family == "葛" + IVS + "\ufe00"


name_chars = st.one_of(
    st.characters(),  # any code point hypothesis likes, incl. controls and non-BMP
    st.sampled_from([IVS, "\U000e0100", "\U000e01ef", "\ufe0f", SAKI_COMPAT, TSUCHIYOSHI, "葛", "\x00", "\x1f",
                     "\x7f", "\x9f", "\u3000", " ", "\ud800", "\udfff", "\u2028"]),
)


@given(st.lists(name_chars, max_size=40).map("".join))
def test_any_text_round_trips_or_errors_with_path(text: str) -> None:
    try:
        n = validate_model(PersonName, {"family": text, "given": text})
    except FormDataError as exc:
        assert exc.errors
        assert {e.path for e in exc.errors} <= {"family", "given"}
        assert all(e.label and e.message for e in exc.errors)
        return
    dumped = n.model_dump()
    assert codepoints(dumped["family"]) == codepoints(text)
    assert codepoints(dumped["given"]) == codepoints(text)
    assert text.strip() and grapheme_count(text) <= 24
    assert not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029" for c in text
    )


@given(st.text(min_size=1, max_size=30))
def test_check_text_returns_same_object(text: str) -> None:
    try:
        out = check_text(text)
    except ValueError:
        return
    assert out is text


# --------------------------------------------------------------------------- kana


def test_kana_hiragana_and_katakana_stored_as_given() -> None:
    n = validate_model(
        PersonName, {"family": "山田", "given": "太郎", "kana_family": "ヤマダ", "kana_given": "たろう"}
    )
    assert n.kana_family == "ヤマダ"
    assert n.kana_full == "ヤマダ\u3000たろう"
    assert n.kana_hiragana == "やまだ\u3000たろう"
    assert n.kana_katakana == "ヤマダ\u3000タロウ"


def test_kana_long_vowel_middle_dot_spaces() -> None:
    n = validate_model(
        PersonName, {"family": "スミス", "kana_family": "すみす ぶらうん", "kana_given": "じょー・ぽーる"}
    )
    assert n.kana_katakana == "スミス ブラウン\u3000ジョー・ポール"


@pytest.mark.parametrize("bad", ["ﾔﾏﾀﾞ", "山田", "yamada", "やまだ1"])
def test_kana_rejects_non_kana(bad: str) -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(PersonName, {"family": "山田", "kana_family": bad})
    assert exc.value.errors[0].path == "kana_family"
    assert exc.value.errors[0].label == "ふりがな（姓）"
    assert "ふりがな" in exc.value.errors[0].message


def test_kana_conversion_details() -> None:
    assert to_katakana("ゔぁゝゞー") == "ヴァヽヾー"
    assert to_hiragana("ヴァヽヾヶ") == "ゔぁゝゞゖ"
    assert to_hiragana("ヷ") == "わ\u3099"


@given(st.text(alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x3096)))
def test_hiragana_katakana_round_trip(text: str) -> None:
    assert to_hiragana(to_katakana(text)) == text


def test_alias_and_frozen() -> None:
    n = validate_model(PersonName, {"family": "金", "given": "英姫", "alias": "金田　英子"})
    assert n.full_with_alias == "金\u3000英姫（金田　英子）"
    with pytest.raises(ValidationError):
        n.family = "x"  # type: ignore[misc]


def test_unknown_key_is_error() -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(PersonName, {"family": "山田", "first_name": "太郎"})
    assert exc.value.errors[0].path == "first_name"


# --------------------------------------------------------------------------- Sex, Teacher, School


def test_sex_labels() -> None:
    assert [s.label for s in Sex] == ["男", "女", ""]
    assert Sex("男") is Sex.MALE


def test_teacher_plain_string_is_whole_name() -> None:
    t = validate_model(Teacher, "山口　花子")
    assert t.name.family == "山口　花子" and t.name.given == ""
    assert t.name.full == "山口　花子"
    t2 = validate_model(Teacher, {"name": {"family": "山口", "given": "花子"}, "role": "校長"})
    assert t2.name.full == "山口\u3000花子"


def test_school_code_example_and_parts() -> None:
    c = SchoolCode("F112310102342")
    assert (c.school_type, c.school_type_name, c.prefecture, c.establishment) == ("F1", "大学", 12, "私立")
    assert (c.school_number, c.check_digit) == ("1010234", "2")
    assert SchoolCode.compute_check_digit("B13521000000") == "9"


@pytest.mark.parametrize(
    "code",
    # the spec's example, then codes from an independent public validator's test-suite
    ["F112310102342", "F139190110515", "B139290002265", "C139290001200", "H239390000083", "A239290000106",
     "B101110000029", "B101310000025", "B120210000006", "B147210000005", "G101210000017"],
)
def test_school_code_check_digit_vectors(code: str) -> None:
    assert SchoolCode.compute_check_digit(code[:12]) == code[12]
    assert SchoolCode(code) == code


def test_school_code_check_digit_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SchoolCode, "verify_check_digit", False)
    assert SchoolCode("F112310102343").check_digit == "3"
    with pytest.raises(ValueError, match="学校種"):
        SchoolCode("Z112310102342")


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("F11231010234", "13桁"),
        ("Ｆ112310102342", "13桁"),
        ("Z112310102342", "学校種"),
        ("f112310102342", "学校種"),
        ("B148210000000", "都道府県"),
        ("B100210000000", "都道府県"),
        ("B135410000000", "設置区分"),
        ("B13521000A000", "学校番号"),
        ("F112310102343", "検査数字"),
        ("F11231010234X", "検査数字"),
    ],
)
def test_school_code_errors(code: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        SchoolCode(code)


def test_school_model() -> None:
    s = validate_model(School, {"code": "B135210000009", "name": "山口市立〇〇小学校", "principal": "山口　太郎"})
    assert isinstance(s.code, SchoolCode)
    assert s.model_dump(mode="json")["code"] == "B135210000009"
    with pytest.raises(FormDataError) as exc:
        validate_model(School, {"code": "B135210000008", "name": "", "principal": "x"})
    assert [e.path for e in exc.value.errors] == ["code", "name"]
    assert [e.label for e in exc.value.errors] == ["学校コード", "学校名"]


# --------------------------------------------------------------------------- ClassRef


@pytest.mark.parametrize(
    ("kumi", "label"),
    [("1", "3年1組"), ("A", "3年A組"), ("１", "3年１組"), ("1組", "3年1組"), ("ひまわり", "3年ひまわり")],
)
def test_class_label_rule(kumi: str, label: str) -> None:
    assert validate_model(ClassRef, {"grade": 3, "kumi": kumi}).label == label


def test_class_grade_range_by_school_type() -> None:
    validate_model(ClassRef, {"school_type": "compulsory", "grade": 9, "kumi": "1"})
    assert validate_model(ClassRef, {"school_type": "中学校", "grade": 3, "kumi": "2"}).school_type is (
        SchoolType.JUNIOR_HIGH
    )
    with pytest.raises(FormDataError) as exc:
        validate_model(ClassRef, {"school_type": "junior_high", "grade": 4, "kumi": "1"})
    assert [(e.path, e.label) for e in exc.value.errors] == [("grade", "学年")]
    with pytest.raises(FormDataError) as exc:
        validate_model(ClassRef, {"grade": True, "kumi": "ひまわり学級です"})
    assert [e.path for e in exc.value.errors] == ["grade", "kumi"]


# --------------------------------------------------------------------------- FiscalYear, terms


class _Year(InputModel):
    fiscal_year: FiscalYear = Field(title="年度")


def test_fiscal_year() -> None:
    y = validate_model(_Year, {"fiscal_year": 2025}).fiscal_year
    assert isinstance(y, FiscalYear) and y == 2025
    assert y.label == "令和7年度"
    assert FiscalYear(2019).label == "令和元年度"
    assert (y.start, y.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert y.contains(date(2026, 3, 31)) and not y.contains(date(2026, 4, 1))
    assert validate_model(_Year, {"fiscal_year": 2025}).model_dump() == {"fiscal_year": 2025}
    assert _Year.model_json_schema()["properties"]["fiscal_year"]["minimum"] == 1989
    for bad in (1988, 2101, True, "2025"):
        with pytest.raises(FormDataError) as exc:
            validate_model(_Year, {"fiscal_year": bad})
        assert exc.value.errors[0].label == "年度"


def _terms(*spans: tuple[str, str]) -> list[dict[str, object]]:
    return [{"id": i + 1, "start": s, "end": e} for i, (s, e) in enumerate(spans)]


THREE = _terms(("2025-04-07", "2025-07-18"), ("2025-08-25", "2025-12-24"), ("2026-01-07", "2026-03-24"))


def test_term_calendar_three_terms() -> None:
    cal = validate_model(TermCalendar, {"fiscal_year": 2025, "terms": THREE})
    assert [cal.name_of(t) for t in cal.terms] == ["1学期", "2学期", "3学期"]
    assert cal.term_of(date(2025, 8, 1)) is None
    assert cal.term_of(date(2026, 1, 7)) is cal.term(3)


def test_term_calendar_two_terms_and_names() -> None:
    terms = _terms(("2025-04-07", "2025-10-10"), ("2025-10-14", "2026-03-24"))
    terms[1]["name"] = "後期課程"
    cal = validate_model(TermCalendar, {"fiscal_year": 2025, "system": "2学期制", "terms": terms})
    assert cal.system is TermSystem.TWO
    assert [cal.name_of(1), cal.name_of(2)] == ["前期", "後期課程"]


def test_term_calendar_errors_located() -> None:
    bad = _terms(("2025-03-31", "2025-07-18"), ("2025-07-18", "2025-12-24"), ("2026-01-07", "2026-04-01"))
    bad[2]["id"] = 4
    with pytest.raises(FormDataError) as exc:
        validate_model(TermCalendar, {"fiscal_year": 2025, "terms": bad})
    paths = [e.path for e in exc.value.errors]
    assert paths == ["terms[2].id"]  # field-level errors stop before the cross-term rule
    bad[2]["id"] = 3
    with pytest.raises(FormDataError) as exc:
        validate_model(TermCalendar, {"fiscal_year": 2025, "terms": bad})
    paths = [e.path for e in exc.value.errors]
    assert paths == ["terms[0].start", "terms[1].start", "terms[2].end"]
    assert exc.value.errors[0].label == "学期の開始日"
    with pytest.raises(FormDataError) as exc:
        validate_model(TermCalendar, {"fiscal_year": 2025, "system": "two_terms", "terms": THREE})
    assert [e.path for e in exc.value.errors] == ["terms"]


def test_term_dates() -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(
            TermCalendar,
            {"fiscal_year": 2025, "terms": [THREE[0] | {"end": "2025-04-01"}, THREE[1], THREE[2]]},
        )
    assert [e.path for e in exc.value.errors] == ["terms[0].end"]
    with pytest.raises(FormDataError) as exc:
        validate_model(
            TermCalendar,
            {"fiscal_year": 2025, "terms": [THREE[0] | {"attendance_closing": "2025-07-19"}, *THREE[1:]]},
        )
    assert [e.path for e in exc.value.errors] == ["terms[0].attendance_closing"]


class _D(InputModel):
    d: IsoDate = Field(title="日付")


@pytest.mark.parametrize("bad", ["2025/04/01", "2025-4-1", "2025-02-30", 20250401, datetime(2025, 4, 1), None])
def test_iso_date_rejects(bad: object) -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(_D, {"d": bad})
    assert exc.value.errors[0].path == "d" and exc.value.errors[0].label == "日付"


def test_iso_date_accepts() -> None:
    assert validate_model(_D, {"d": "2025-04-01"}).d == date(2025, 4, 1)
    assert validate_model(_D, {"d": date(2019, 5, 1)}).d == date(2019, 5, 1)
    assert _D.model_json_schema()["properties"]["d"]["format"] == "date"


# --------------------------------------------------------------------------- Assessment


class _Cells(InputModel):
    cells: list[Assessment] = Field(title="評価")


def test_assessment_compact_and_tagged() -> None:
    m = validate_model(
        _Cells,
        {"cells": ["A", "Ｂ", "C", 3, "5", "○", "〇", "/", "", None,
                   {"kind": "slash", "reason": "転入前"}, {"kind": "grade", "value": 1}, {"kind": "blank"}]},
    )
    kinds = [type(c) for c in m.cells]
    assert kinds == [LetterMark, LetterMark, LetterMark, GradeMark, GradeMark, Circle, Circle, Slash, Blank, Blank,
                     Slash, GradeMark, Blank]
    assert [c.text for c in m.cells] == ["A", "B", "C", "3", "5", "○", "○", "", "", "", "", "1", ""]
    assert m.cells[10].reason == "転入前"  # type: ignore[union-attr]
    assert m.model_dump()["cells"][3] == {"kind": "grade", "value": 3}


def test_assessment_json_schema_lists_compact_forms() -> None:
    schema = _Cells.model_json_schema()
    any_of = schema["properties"]["cells"]["items"]["anyOf"]
    enums = next(s["enum"] for s in any_of if "enum" in s)
    assert {"A", "B", "C", "○", "/", "", "3"} <= set(enums)
    assert {"type": "null"} in any_of


@pytest.mark.parametrize("bad", ["D", "a", 0, 6, True, 2.5, {"kind": "X"}, {}, {"kind": "grade"}])
def test_assessment_rejects(bad: object) -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(_Cells, {"cells": ["A", bad]})
    assert all(e.path.startswith("cells[1]") for e in exc.value.errors)
    assert all(e.label for e in exc.value.errors)


# --------------------------------------------------------------------------- AttendanceTotals


def test_attendance_derived() -> None:
    a = validate_model(
        AttendanceTotals, {"lesson_days": 200, "suspension_days": 3, "absence_days": 5, "late": 2, "early_leave": 0}
    )
    assert a.required_days == 197
    assert a.present_days == 192
    assert a.remarks == ""


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"lesson_days": 10, "suspension_days": 11}, "suspension_days"),
        ({"lesson_days": 10, "suspension_days": 2, "absence_days": 9}, "absence_days"),
        ({"lesson_days": -1}, "lesson_days"),
        ({"lesson_days": 367}, "lesson_days"),
        ({"lesson_days": 10, "absence_days": -1}, "absence_days"),
        ({"lesson_days": 10, "late": True}, "late"),
        ({"lesson_days": "10"}, "lesson_days"),
        ({"lesson_days": 10, "present_days": 10}, "present_days"),
        ({"lesson_days": 10, "remarks": "a\x07"}, "remarks"),
    ],
)
def test_attendance_errors_name_the_field(data: dict[str, object], path: str) -> None:
    with pytest.raises(FormDataError) as exc:
        validate_model(AttendanceTotals, data)
    assert [e.path for e in exc.value.errors] == [path]


def test_attendance_remarks_multiline() -> None:
    a = validate_model(AttendanceTotals, {"lesson_days": 5, "remarks": "インフルエンザに伴う学級閉鎖2\n出席扱い1"})
    assert "\n" in a.remarks


@given(st.integers(0, 366), st.integers(0, 400), st.integers(0, 400))
def test_attendance_invariants(lesson: int, suspension: int, absence: int) -> None:
    data = {"lesson_days": lesson, "suspension_days": suspension, "absence_days": absence}
    try:
        a = validate_model(AttendanceTotals, data)
    except FormDataError as exc:
        assert len(exc.errors) == 1
        expected = "suspension_days" if suspension > lesson else "absence_days"
        assert exc.errors[0].path == expected
        assert suspension > lesson or absence > lesson - suspension
        return
    assert a.required_days + a.suspension_days == lesson
    assert a.present_days + a.absence_days == a.required_days
    assert 0 <= a.present_days <= a.required_days <= lesson
