"""What every 指導要録 variant must do (conformance.md, 指導要録): the six form ids share one record,
so one parametrized test holds each rule for all of them.

Each test reads the printed result: the text pdftotext extracts, the resolved page model (sizes,
rules), the render report. The per-variant files keep what only that variant has.
"""

from __future__ import annotations

import functools
import io
import json
import re
from datetime import date
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, qpdf_check, squeezed, texts_by_field
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms.docsgen.readme import CONTRACT_IDS
from unified_forms.errors import FormDataError
from unified_forms.families.guidance_record import ELEMENTARY, JUNIOR_HIGH, Kind
from unified_forms.layout.page import Document, TextBox
from unified_forms.models.wareki import format_date, format_nendo

FORMS = tuple(i for i in CONTRACT_IDS if i.startswith("guidance_record"))
ELEMENTARY_FORMS = FORMS[:3]
_P1, _P2, _P2B, _P3 = "様式1（学籍）", "様式2（指導）表", "様式2（指導）表2", "様式2（指導）裏"
_P4 = "様式2（指導）自立活動"
PAGES = {
    Kind.REGULAR: (_P1, _P2, _P3),
    Kind.NON_INTELLECTUAL: (_P1, _P2, _P3, _P4),
    Kind.INTELLECTUAL: (_P1, _P2, _P2B, _P3, _P4),
}
LEGAL_PT = 6.0  # text of a legal record never prints smaller (conformance.md, typesetting)


def _model(form_id: str) -> Any:
    return uf.model(form_id)


def _boxes(doc: Document, field: str) -> list[TextBox]:
    return [t for p in doc.pages for t in p.texts if t.field == field]


def _errors(form_id: str, data: dict[str, Any]) -> list[tuple[str, str]] | None:
    """(path, message) of what ``validate`` refuses, or None."""
    try:
        uf.validate(form_id, data)
    except FormDataError as exc:
        return [(e.path, e.message) for e in exc.errors]
    return None


# --------------------------------------------------------------------------- the six ids


def test_the_six_variants_are_forms_of_the_contract_in_its_order() -> None:
    listed = [(f.id, f.title, f.paper) for f in uf.forms() if f.id.startswith("guidance_record")]
    assert [i for i, _, _ in listed] == list(FORMS)
    assert {p for _, _, p in listed} == {"A4 portrait"}
    titles = dict((i, t) for i, t, _ in listed)
    assert titles["guidance_record_elementary_special_intellectual"] == "指導要録 小学校 特別支援学級_知的障がい"
    assert titles[FORMS[4]] == "指導要録 中学校 特別支援学級_知的障がい以外"
    orders = [uf.registry.get(i).order for i in FORMS]
    assert orders == [7, 8, 9, 10, 11, 12]


@pytest.mark.parametrize("form_id", FORMS)
def test_one_input_base_for_the_family(form_id: str) -> None:
    model = _model(form_id)
    stage = ELEMENTARY if "elementary" in form_id else JUNIOR_HIGH
    assert model.stage is stage and model.form_id == form_id
    schema = uf.schema(form_id)
    assert schema["$defs"]["Student"]["properties"]["name"]["title"] == f"{stage.pupil}氏名"
    years = schema["$defs"]["YearRecord"]["properties"]
    assert years["grade"]["maximum"] == stage.grades[-1]
    assert ("independent_activity" in years) is model.kind.special
    assert ("exchange" in years) is model.kind.descriptive
    assert ("foreign_activity" in years) is (stage is ELEMENTARY)


@pytest.mark.parametrize("form_id", FORMS)
def test_the_sample_prints_pdf_and_xlsx_page_by_page(form_id: str) -> None:
    data = fresh_sample(form_id)
    doc = page_model(form_id, data)
    assert doc.sheet_names == PAGES[_model(form_id).kind]
    assert all((p.width, p.height) == (210.0, 297.0) for p in doc.pages)
    pdf = uf.render_pdf(form_id, data)
    qpdf_check(pdf)
    assert uf.render_pdf(form_id, fresh_sample(form_id)) == pdf
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(uf.render_xlsx(form_id, data)))
    assert tuple(book.sheetnames) == doc.sheet_names


@pytest.mark.parametrize("form_id", FORMS)
def test_the_sample_validates_against_its_published_json_schema(form_id: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(uf.schema(form_id))
    assert not [e.message for e in validator.iter_errors(fresh_sample(form_id))]


# --------------------------------------------------------------------------- typesetting


@pytest.mark.parametrize("form_id", FORMS)
def test_nothing_prints_below_6pt(form_id: str) -> None:
    doc = page_model(form_id, fresh_sample(form_id))
    small = [(t.field or t.text, t.size) for p in doc.pages for t in p.texts if t.size < LEGAL_PT]
    assert not small


def _label_groups(form_id: str) -> dict[str, set[str]]:
    stage = _model(form_id).stage
    groups = {
        "P-02 学籍": {"ふりがな", "氏　名", "生年月日", "性別", "現住所", "入学前の経歴", "保護者"},
        "P-03 異動": {"入学・編入学等", "転入学", "転学・退学等", "卒　業"},
        "P-09G 特別活動": {"内　容", "観　点"},
        "P-12G 出欠": {"授業日数", "欠席日数", "出席日数", "備　考", "第１学年", "第２学年", "第３学年"},
    }
    if not _model(form_id).kind.descriptive:
        groups["P-05 観点"] = {*stage.viewpoint_labels, "評定"}
    return groups


def _in_p05(t: TextBox) -> bool:
    return bool(t.field and re.fullmatch(r"subject_rows\[\d+\]\.viewpoint", t.field))


@pytest.mark.parametrize("form_id", FORMS)
def test_one_label_size_per_block_and_labels_never_break_inside_a_word(form_id: str) -> None:
    doc = page_model(form_id, fresh_sample(form_id))
    for name, labels in _label_groups(form_id).items():
        page = next(p for p in doc.pages if any(t.text in labels for t in p.texts))
        found = [t for t in page.texts if t.text in labels and (name != "P-05 観点" or _in_p05(t))]
        assert {t.size for t in found} == {found[0].size}, name
        for t in found:  # every line break of a label is one the label text asks for
            assert [line.run.text for line in t.lines] == t.text.split("\n"), (name, t.text)


# --------------------------------------------------------------------------- validation = printing


@pytest.mark.parametrize("form_id", FORMS)
def test_validate_refuses_text_too_long_for_its_box_as_render_does(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["years"][0]["moral"] = "\n".join(["自分の考えをもち、話し合った。"] * 12)
    refused = _errors(form_id, data)
    assert refused and refused[0][0] == "years[0].moral"
    assert "この欄には" in refused[0][1] and "入力は" in refused[0][1]
    with pytest.raises(FormDataError) as info:
        uf.render_pdf(form_id, data)
    assert [(e.path, e.message) for e in info.value.errors] == refused


def _leaves(data: Any, path: str = "") -> list[str]:
    """Every free-text leaf of the input (non-ASCII strings), by real path."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, f"{path}.{k}" if path else k)]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, f"{path}[{i}]")]
    return [path] if isinstance(data, str) and not data.isascii() else []


@functools.cache
def printed_leaves(form_id: str) -> tuple[str, ...]:
    """The leaves that a text box of the form prints (every box whose field holds the leaf)."""
    data = fresh_sample(form_id)
    fields = {t.field for p in page_model(form_id, data).pages for t in p.texts if t.field}
    held = tuple(prefix for f in fields for prefix in (f + ".", f + "["))
    return tuple(leaf for leaf in _leaves(data) if leaf in fields or leaf.startswith(held))


def _set(data: dict[str, Any], path: str, value: str) -> None:
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    target: Any = data
    for k in keys[:-1]:
        target = target[k]
    target[keys[-1]] = value


_ALPHABET = "あいうえお山口県湯田温泉アイウエオー・、。（）123ABC"
_LENGTH = st.one_of(st.integers(1, 30), st.integers(30, 200), st.integers(200, 320))
_TEXT = _LENGTH.flatmap(lambda n: st.text(alphabet=_ALPHABET + "\n" * (n > 60), min_size=n, max_size=n))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_validate_refuses_exactly_what_render_refuses_for_every_text_box(data: st.DataObject) -> None:
    """For any text in any printed field of any variant: ``validate`` and ``render_pdf`` give the same
    answer, and the same entries when they refuse (capacity, or the field's own rule)."""
    form_id = data.draw(st.sampled_from(FORMS), label="form")
    leaf = data.draw(st.sampled_from(printed_leaves(form_id)), label="field")
    text = data.draw(_TEXT, label="text")
    record = fresh_sample(form_id)
    _set(record, leaf, text)
    by_validate = _errors(form_id, record)
    try:
        uf.render_pdf(form_id, record)
        by_render = None
    except FormDataError as exc:
        by_render = [(e.path, e.message) for e in exc.errors]
    assert by_validate == by_render
    kinds = {("この欄には" in m and "capacity") or "field rule" for _, m in by_validate or []}
    event(f"refused: {', '.join(sorted(kinds))}" if by_validate else "printed")


def test_every_variant_has_printed_fields_for_the_property_test() -> None:
    assert all(len(printed_leaves(f)) > 40 for f in FORMS)
    assert all(any(leaf.endswith(".comments") for leaf in printed_leaves(f)) for f in FORMS)


# --------------------------------------------------------------------------- record rules


@pytest.mark.parametrize("form_id", FORMS)
def test_two_years_with_one_fiscal_year_are_refused(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["years"][1].update(fiscal_year=data["years"][0]["fiscal_year"], principal=[], teacher=[])
    errors = error_messages(form_id, data)
    assert "years[1].fiscal_year" in errors and "2つあります" in errors["years[1].fiscal_year"]


@pytest.mark.parametrize("form_id", FORMS)
def test_every_grade_is_checked_against_the_birth_date_unless_a_reason_is_given(form_id: str) -> None:
    """Each 年度's 学年 is the one the 生年月日 gives in the stage's school type (特別支援学級 too);
    a pupil a year younger than her 学年 is refused at every year, unless the reason is given."""
    data = fresh_sample(form_id)
    born = date.fromisoformat(data["student"]["birth_date"])
    younger = born.replace(year=born.year + 1)
    data["student"]["birth_date"] = younger.isoformat()
    errors = error_messages(form_id, data)
    assert set(errors) == {f"years[{i}].grade" for i in range(len(data["years"]))}
    last = data["years"][-1]
    school = "小学校" if form_id in ELEMENTARY_FORMS else "中学校"
    assert errors[f"years[{len(data['years']) - 1}].grade"] == (
        f"生年月日（{format_date(younger)}）からは{format_nendo(last['fiscal_year'])}の{school}"
        f"第{last['grade'] - 1}学年ですが、学年は{last['grade']}になっています"
        "（就学猶予・下学年編入などはその理由を入力してください）"
    )
    data["student"]["off_age_reason"] = "就学猶予（1年）"
    assert uf.validate(form_id, data).student.off_age_reason == "就学猶予（1年）"
    assert "就学猶予（1年）" not in pdf_text(uf.render_pdf(form_id, data))  # declared not printed


@pytest.mark.parametrize("form_id", FORMS)
def test_admission_and_transfer_in_in_one_grade_are_refused(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["admission"] = {"date": "2020-04-06", "grade": 1, "kind": "入学"}
    data["transfer_in"] = {"date": "2020-09-01", "grade": 1, "previous_school": "防府市立華城小学校"}
    errors = error_messages(form_id, data)
    assert {"admission.grade", "transfer_in.grade"} <= set(errors)


@pytest.mark.parametrize("form_id", FORMS)
def test_staff_periods_must_lie_in_their_year_and_not_overlap(form_id: str) -> None:
    data = fresh_sample(form_id)
    fy = data["years"][0]["fiscal_year"]
    data["years"][0]["principal"] = [
        {"name": "河野　正弘", "served_until": f"{fy}-10-31"},
        {"name": "田村　節子", "served_from": f"{fy}-10-01"},
    ]
    data["years"][0]["teacher"] = [{"name": "藤井　美穂", "served_from": f"{fy - 1}-04-01"}]
    errors = error_messages(form_id, data)
    assert "years[0].principal[1].served_from" in errors
    assert "years[0].teacher[0].served_from" in errors


# --------------------------------------------------------------------------- 学籍 (様式1)


@pytest.mark.parametrize("form_id", FORMS)
def test_transfer_dates_in_their_places(form_id: str) -> None:
    """別紙1: the main entry is the day before the receiving school accepted; the day the pupil
    left is beside it in brackets."""
    data = fresh_sample(form_id)
    fy = data["years"][-1]["fiscal_year"]
    data.pop("graduation_date", None)
    data.pop("next_school", None)
    school = "広島市立観音小学校　広島県広島市西区"
    data["leaving"] = {"kind": "転学", "accepted_date": f"{fy}-11-16", "left_date": f"{fy}-11-14",
                       "destination": school, "reason": "保護者の転勤のため"}  # fmt: skip
    text = pdf_text(uf.render_pdf(form_id, data), page=1)
    assert "11月16日転学（" in text and "11月14日）広島市立観音小学校" in text
    assert text.index("11月16日") < text.index("11月14日")
    data["leaving"]["left_date"] = f"{fy}-11-20"
    assert "leaving.left_date" in error_messages(form_id, data)
    del data["leaving"]["accepted_date"]
    assert "leaving.accepted_date" in error_messages(form_id, data)


def _struck(doc: Document, field: str) -> list[TextBox]:
    """The boxes of ``field`` whose every line has a rule through it."""
    out = []
    for page in doc.pages:
        rules = [r for r in page.rules if not r.static and r.y1 == r.y2]
        for t in page.texts:
            if t.field == field and t.lines and all(
                any(abs(r.x1 - ln.x) < 0.01 and ln.baseline - 3 < r.y1 < ln.baseline for r in rules) for ln in t.lines
            ):
                out.append(t)
    return out


@pytest.mark.parametrize("form_id", FORMS)
def test_a_name_change_keeps_the_old_name_struck_through(form_id: str) -> None:
    data = fresh_sample(form_id)
    student, guardian = data["student"], data["guardian"]
    guardian.pop("name_changes", None)
    old = f"{student['name']['family']}（旧）　{student['name']['given']}"
    student["name_changes"] = [{"former": old, "changed_on": f"{data['years'][-1]['fiscal_year']}-06-01"}]
    student["address_changes"] = [{"former": "山口県防府市華城中央一丁目2番3号", "changed_on": "2024-03-01"}]
    guardian["address"] = "山口県山口市宮野下1234番地"
    guardian["address_changes"] = [{"former": "山口県防府市華城中央一丁目2番3号", "changed_on": "2024-03-01"}]
    result = uf.render(form_id, data)
    text = pdf_text(result.data, page=1)
    assert squeezed(old) in text  # the old name is still on the record ...
    assert squeezed(student["name"]["family"] + student["name"]["given"]) in text  # ... the new one beside it
    assert "6月1日変更" in text and "令和6年3月1日変更" in text
    doc = page_model(form_id, data)
    for field in ("student.name_changes", "student.address_changes", "guardian.address_changes"):
        assert _struck(doc, field), field
    assert not _struck(doc, "student.name")  # the current name is not struck
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(uf.render_xlsx(form_id, data))).worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == old)
    assert cell.font.strike  # the workbook strikes it through too
    struck = [a["path"] for a in result.report.alerts if a["code"] == "struck_through"]
    assert struck == [
        "student.name_changes[0].former",
        "student.address_changes[0].former",
        "guardian.address_changes[0].former",
    ]


@pytest.mark.parametrize("form_id", FORMS)
def test_two_principals_in_one_year_print_with_their_periods(form_id: str) -> None:
    data = fresh_sample(form_id)
    fy = data["years"][0]["fiscal_year"]
    data["years"][0]["principal"] = [
        {"name": {"family": "河野", "given": "正弘"}, "served_until": f"{fy}-09-30"},
        {"name": {"family": "田村", "given": "節子"}, "served_from": f"{fy}-10-01"},
    ]
    data["years"][0]["teacher"] = [{"name": {"family": "森", "given": "由紀子", "alias": "大田　由紀子"}}]
    text = pdf_text(uf.render_pdf(form_id, data), page=1)
    assert "河野正弘（4月～9月）田村節子（10月～3月）" in text
    assert "森由紀子（大田由紀子）" in text  # 戸籍名（通称）


@pytest.mark.parametrize("form_id", FORMS)
def test_the_alias_prints_after_the_registered_name_when_asked(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["student"]["name"]["alias"] = "中村　ミン"
    doc = page_model(form_id, data)
    names = [t for t in _boxes(doc, "student.name")]
    assert len(names) == len(doc.pages)  # 様式1 and every page of 様式2
    full = f"{data['student']['name']['family']}\u3000{data['student']['name']['given']}"
    assert {t.text for t in names} == {f"{full}（中村　ミン）"}
    data["show_alias"] = False
    assert {t.text for t in _boxes(page_model(form_id, data), "student.name")} == {full}


KATAKANA_24 = ("ヴォルコンスカヤ", "アレクサンドラ・セルゲーエヴナ")  # 8 + 全角空白 + 15 = 24 characters


@pytest.mark.parametrize("form_id", FORMS)
def test_a_24_character_katakana_name_prints_on_yoshiki1(form_id: str) -> None:
    data = fresh_sample(form_id)
    family, given = KATAKANA_24
    data["student"]["name"] = {"family": family, "given": given, "kana_family": "ゔぉるこんすかや",
                               "kana_given": "あれくさんどら・せるげーえゔな"}  # fmt: skip
    doc = page_model(form_id, data)
    box = next(t for t in doc.pages[0].texts if t.field == "student.name")
    assert len(box.text) == 24 and [ln.run.text for ln in box.lines] == [f"{family}\u3000{given}"]
    assert LEGAL_PT <= box.size < 16  # shrunk, on one line
    assert f"{family}{given}" in pdf_text(uf.render_pdf(form_id, data), page=1)
    # longer: 姓 / 名 on two lines, never broken inside a part
    data["student"]["name"]["given"] = given + "・マリア"
    box = next(t for t in page_model(form_id, data).pages[0].texts if t.field == "student.name")
    assert [ln.run.text for ln in box.lines] == [family, given + "・マリア"] and box.size >= LEGAL_PT


@pytest.mark.parametrize("form_id", FORMS)
def test_a_70_character_attendance_remark_prints_at_6pt_or_more(form_id: str) -> None:
    data = fresh_sample(form_id)
    remark = ("インフルエンザによる学級閉鎖2日（1月27日・28日）。適応指導教室への通所による出席扱い12日"
              "（校長が認めたもの）。感染症による出席停止3日")[:70]  # fmt: skip
    assert len(remark) == 70
    data["years"][0]["attendance"]["remarks"] = remark
    report = uf.render(form_id, data).report
    fit = next(f for f in report.fields if f.path == "years[0].attendance.remarks")
    assert fit.size >= LEGAL_PT and not fit.continued
    assert texts_by_field(page_model(form_id, data))["years[0].attendance.remarks"] == remark


# --------------------------------------------------------------------------- 様式2 items of the 参考様式


@pytest.mark.parametrize("form_id", FORMS)
def test_special_activities_have_the_viewpoint_box_and_the_content_header(form_id: str) -> None:
    data = fresh_sample(form_id)
    doc = page_model(form_id, data)
    labels = [t.text for p in doc.pages for t in p.texts if t.static]
    assert "内　容" in labels and "観　点" in labels and "活　動" not in labels
    box = _boxes(doc, "activity_viewpoint")
    assert len(box) == 1 and box[0].text == data["activity_viewpoint"]
    page = next(p for p in doc.pages if box[0] in p.texts)
    rows = [t.rect for t in page.texts if t.text in _model(form_id).stage.activities]
    assert (box[0].rect.y, box[0].rect.bottom) == (rows[0].y, rows[-1].bottom)  # one box over every 内容 row


@pytest.mark.parametrize("form_id", ELEMENTARY_FORMS)
def test_club_activities_are_slashed_in_the_first_three_years(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["years"] = [y for y in data["years"] if y["grade"] < 3][:1]
    data.pop("graduation_date", None)
    data.pop("next_school", None)
    doc = page_model(form_id, data)
    activity_page = next(p for p in doc.pages if any(t.text == "クラブ活動" for t in p.texts))
    club = next(t for t in activity_page.texts if t.text == "クラブ活動")
    slashes = [
        r for r in activity_page.rules if not r.static and abs(r.y1 - club.rect.bottom) < 0.01 and r.x1 > club.rect.x
    ]
    assert len(slashes) == 3  # 第1〜3学年, reached or not
    data["years"][0]["special_activities"] = ["○", "", "○", ""]
    assert "years[0].special_activities[2]" in error_messages(form_id, data)


@pytest.mark.parametrize("form_id", FORMS)
def test_the_headings_of_the_reference_form(form_id: str) -> None:
    text = pdf_text(uf.render_pdf(form_id, fresh_sample(form_id)))
    assert "学習状況及び道徳性に係る成長の様子" in text
    if form_id in ELEMENTARY_FORMS:  # the 3 観点 over the 外国語活動 text
        head = text[text.index("外国語活動の記録") :]
        assert re.match(r"外国語活動の記録学年知識・技能思考・判断・表現主体的に学習に取り組む態度", head)


@pytest.mark.parametrize("form_id", FORMS)
def test_a_comment_that_continues_on_a_besshi_says_so_in_its_box(form_id: str) -> None:
    data = fresh_sample(form_id)
    long_text = "".join(f"第{i}文。係の仕事に責任をもって取り組み、友達と協力してやり遂げた。" for i in range(40))
    data["years"][0]["comments"] = long_text
    doc = page_model(form_id, data)
    box = _boxes(doc, "years[0].comments")[0]
    page = next(p for p in doc.pages if box in p.texts)
    mark = next(t for t in page.texts if t.text == "（別紙に続く）")
    assert box.rect.x <= mark.rect.x and mark.rect.bottom <= box.rect.bottom + 5 and mark.size >= LEGAL_PT
    assert doc.sheet_names[-1] == "別紙1"
    assert "".join(t.text for t in _boxes(doc, "years[0].comments")[1:]) == long_text[len("".join(
        ln.run.text for ln in box.lines)):]  # fmt: skip


@pytest.mark.parametrize("form_id", FORMS)
def test_the_copy_certification_prints_on_every_page_when_asked(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["copy_certification"] = {"certified_on": "2026-03-25", "principal": "國本　正和"}
    pdf = uf.render_pdf(form_id, data)
    pages = len(page_model(form_id, data).pages)
    for n in range(1, pages + 1):
        assert "この写しは原本と相違ないことを証明する。令和8年3月25日" in pdf_text(pdf, page=n), n
    data.pop("copy_certification")
    assert "この写しは" not in pdf_text(uf.render_pdf(form_id, data))


@pytest.mark.parametrize("form_id", FORMS)
def test_the_sample_is_coherent_with_the_sample_schools(form_id: str) -> None:
    data = fresh_sample(form_id)
    school = "湯田小学校" if form_id in ELEMENTARY_FORMS else "湯田中学校"
    assert data["school"]["name"] == f"山口市立{school}"
    principal = data["school"]["principal"]["name"]
    assert (principal["family"], principal["given"]) == (("國本", "正和") if "小" in school else ("原田", "敏之"))
    last = data["years"][-1]
    assert last["fiscal_year"] == 2025 and last["principal"][0]["name"] == {"family": principal["family"],
                                                                           "given": principal["given"]}  # fmt: skip
    json.dumps(data)  # plain JSON


# --------------------------------------------------------------------------- names, numbers, rules of every variant


@pytest.mark.parametrize("form_id", FORMS)
def test_an_ivs_name_round_trips_and_the_attendance_numbers_print(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["student"]["name"]["family"] = "葛\U000e0102西"
    text = pdf_text(uf.render_pdf(form_id, data))
    assert "葛\U000e0102西" + squeezed(data["student"]["name"]["given"]) in text
    for y in data["years"]:
        a = y["attendance"]
        required = a["lesson_days"] - a["suspension_days"]
        numbers = (a["lesson_days"], a["suspension_days"], required, a["absence_days"], required - a["absence_days"])
        assert "".join(map(str, numbers)) in text


@pytest.mark.parametrize("form_id", FORMS)
def test_bad_attendance_and_a_grade_twice_are_refused_at_their_paths(form_id: str) -> None:
    data = fresh_sample(form_id)
    data["years"][0]["attendance"]["absence_days"] = 500
    assert "years[0].attendance.absence_days" in error_messages(form_id, data)
    data = fresh_sample(form_id)
    fiscal_year = data["years"][1]["fiscal_year"]
    data["years"][1] = {**data["years"][0], "fiscal_year": fiscal_year, "principal": [], "teacher": []}
    assert "years[1].grade" in error_messages(form_id, data)


@pytest.mark.parametrize("form_id", FORMS)
def test_a_school_layout_without_the_comment_boxes_refuses_the_comments(form_id: str, tmp_path: Any) -> None:
    from unified_forms.errors import LayoutError

    shipped = uf.registry.get(form_id).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "P-11G" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        uf.compile_form(form_id, fresh_sample(form_id), layout=own)
    assert {f"years[{i}].comments" for i in range(len(fresh_sample(form_id)["years"]))} <= set(info.value.paths)


def slashes(doc: Document) -> int:
    """斜線 cells of a page model (diagonal rules drawn for the data; struck entries are horizontal)."""
    return sum(1 for page in doc.pages for r in page.rules if not r.static and r.y1 != r.y2)


@pytest.mark.parametrize("form_id", FORMS)
def test_years_not_reached_print_blank(form_id: str) -> None:
    data = fresh_sample(form_id)
    first = data["years"][0]
    data["years"] = [first]
    for key in ("graduation_date", "next_school", "leaving", "copy_certification"):
        data.pop(key, None)
    fields = texts_by_field(page_model(form_id, data))
    assert not [f for f in fields if f.startswith("years[1]")]
    nendo = f"令和{first['fiscal_year'] - 2018}年度"
    assert nendo in fields.values() and f"令和{first['fiscal_year'] - 2017}年度" not in fields.values()
