"""出席簿 end to end: the marks on the printed sheet, the totals in the workbook and the alerts
in the render report all come from the one attendance aggregate, and bad totals name their path."""

from __future__ import annotations

import copy
import html
import io
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from formkit import pdf_text, texts_by_field
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

import unified_forms as uf
from unified_forms import api
from unified_forms.attendance import summarize_month, summarize_to_date
from unified_forms.errors import FormDataError
from unified_forms.forms.attendance_register.model import AttendanceRegisterInput

FORM = "attendance_register"
PT_PER_MM = 72 / 25.4
TOTAL_LABELS = ("授業日数", "出席停止", "忌引", "出席すべき日数", "欠席日数", "出席日数", "遅刻", "早退")
CUMULATIVE = ("lesson_days", "stop_days", "mourning_days", "absence_days", "present_days", "late", "early_leave")
# the shipped sample (samples/README.md): 湯田小 3年1組, June 令和7年; 6/2 振替休業日; No.32 転入 6/12
TRANSFER = 31  # index of the pupil who arrives on 6/12 (吉村 結月, No. 32)


def _without_prior(sample: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    for p in data["pupils"]:
        p.pop("prior", None)
    return data


@pytest.fixture(scope="module")
def model(sample: dict[str, Any]) -> AttendanceRegisterInput:
    m = uf.validate(FORM, sample)
    assert isinstance(m, AttendanceRegisterInput)
    return m


@pytest.fixture(scope="module")
def pdf(sample: dict[str, Any]) -> bytes:
    return uf.render_pdf(FORM, sample)


# --------------------------------------------------------------------------- PDF words


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _words(pdf: bytes, tmp_path: Path, page: int = 1) -> list[Word]:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Word(html.unescape(m[4]), *(float(v) for v in m[:4])) for m in _WORD.findall(out)]


def _text(pdf: bytes, tmp_path: Path, page: int = 1) -> str:
    """The page's text in reading order, whitespace removed (titles are letter-spaced)."""
    return pdf_text(pdf, layout=True, page=page)


def _header_days(words: list[Word]) -> dict[str, Word]:
    """Day numbers printed in the calendar head (the band around the 「氏　名」 header cell)."""
    head = next(w for w in words if w.text == "氏")
    band = [w for w in words if abs(w.cy - head.cy) < 6 * PT_PER_MM and w.x0 > head.x1 and w.text.isdigit()]
    top = min(w.cy for w in band)
    return {w.text: w for w in band if abs(w.cy - top) < 1.5 * PT_PER_MM}


def _mark(words: list[Word], family: str, day: int) -> str:
    """What is printed in the cell of the pupil (found by family name) and the day column."""
    name = next(w for w in words if w.text == family)
    col = _header_days(words)[str(day)]
    half_col = 2.5 * PT_PER_MM
    hits = [
        w.text
        for w in words
        if abs(w.cy - name.cy) < 1.5 * PT_PER_MM and abs(w.cx - col.cx) < half_col and w is not name
    ]
    return "".join(hits)


def test_pdf_shows_the_right_marks_for_known_pupils_and_days(pdf: bytes, tmp_path: Path) -> None:
    words = _words(pdf, tmp_path)
    assert _mark(words, "藤井", 9) == "／"  # 8 days absent
    assert _mark(words, "藤井", 14) == ""  # Saturday: not a 授業日
    assert _mark(words, "藤井", 18) == "／"
    assert _mark(words, "上田", 3) == "遅" and _mark(words, "上田", 17) == "早"
    assert _mark(words, "上田", 4) == ""  # present prints blank
    assert _mark(words, "野村", 24) == "遅早"
    assert _mark(words, "髙橋", 16) == "停"  # 出席停止 溶連菌感染症
    assert _mark(words, "\ufa11山", 5) == "忌"  # 﨑 U+FA11 extracts unchanged
    assert _mark(words, "三浦", 25) == "公"  # 出席扱い
    assert _mark(words, "石田", 2) == ""  # 6/2 振替休業日: not a 授業日 for anyone
    assert _mark(words, "吉村", 16) == "遅"


def test_days_outside_enrolment_are_struck_through_never_blank(sample: dict[str, Any]) -> None:
    """Before the 転入 on 6/12 the row is struck with one 斜線 (blank would mean 出席), and the
    凡例 says so; a school's own mark prints in each 授業日 instead."""
    page = api.compile_form(FORM, sample).document.pages[0]
    name = next(t for t in page.texts if t.field == f"pupils[{TRANSFER}].name")
    heads = sorted((t.rect.x, t.rect.right, int(t.text)) for t in page.texts if not t.static and t.text.isdigit()
                   and t.rect.h >= 6 and t.rect.y < name.rect.y and t.rect.w < 8)  # fmt: skip
    day_x = {day: (x0, x1) for x0, x1, day in heads}
    strokes = [r for r in page.rules if not r.static and r.y1 > r.y2 and name.rect.y - 0.1 <= r.y2 < name.rect.bottom]
    assert len(strokes) == 1
    stroke = strokes[0]
    assert stroke.x1 == pytest.approx(day_x[1][0], abs=0.3) and stroke.x2 == pytest.approx(day_x[11][1], abs=0.3)
    assert "斜線：在籍外（転入前・転出後）" in pdf_text(uf.render_pdf(FORM, sample))
    marked = api.compile_form(FORM, {**sample, "legend": {"not_enrolled": "－"}}).document.pages[0]
    cells = [t for t in marked.texts if t.field == f"pupils[{TRANSFER}].records" and t.text == "－"]
    assert len(cells) == 7  # the 授業日 6/3 … 6/11 (6/2 is the 振替休業日, the weekend shaded)
    assert not [
        r for r in marked.rules if not r.static and r.y1 > r.y2 and name.rect.y - 0.1 <= r.y2 < name.rect.bottom
    ]
    assert "－：在籍外（転入前・転出後）" in pdf_text(uf.render_pdf(FORM, {**sample, "legend": {"not_enrolled": "－"}}))


def test_a_pupil_who_leaves_is_struck_after_the_last_day(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["pupils"][18]["enrolled_to"] = "2025-06-20"  # 河野 結菜 転学: last day the 20th
    data["pupils"][18].pop("prior")
    data["pupils"][18]["prior"] = {"lesson_days": 38, "suspension_days": 0, "absence_days": 0}
    page = api.compile_form(FORM, data).document.pages[0]
    name = next(t for t in page.texts if t.field == "pupils[18].name")
    strokes = [r for r in page.rules if not r.static and r.y1 > r.y2 and name.rect.y - 0.1 <= r.y2 < name.rect.bottom]
    assert len(strokes) == 1
    texts = texts_by_field(api.compile_form(FORM, data).document)
    assert texts["pupils[18].totals.lesson_days"] == "14"  # 6/3 … 6/20
    assert "6月20日まで在籍（転出）" in texts["pupils[18].remarks"]


def test_marks_match_mark_for_on_every_cell(pdf: bytes, tmp_path: Path, model: AttendanceRegisterInput) -> None:
    """Every non-blank mark of the book is printed, and nothing else is printed in the day grid."""
    from unified_forms.attendance import mark_for

    book = model.book
    assert book is not None
    expected = sum(1 for row in book.month_cells(2025, 6) for c in row if mark_for(c))
    words = _words(pdf, tmp_path)
    days = _header_days(words)
    first, last = days["1"], days["30"]
    names = [w for w in words if w.text in {p.name.family for p in model.pupils} and w.x1 < first.x0]
    top, bottom = min(w.y0 for w in names), max(w.y1 for w in names)
    in_grid = [w for w in words if first.x0 - 3 <= w.cx <= last.x1 + 3 and top <= w.cy <= bottom]
    printed = sum(len(re.findall(r"遅早|[／遅早停忌公未]", w.text)) for w in in_grid)
    assert printed == expected


def test_header_names_every_required_section(pdf: bytes, tmp_path: Path) -> None:
    text = _text(pdf, tmp_path)
    for needle in ("出席簿", "令和7年度", "6月", "3年1組", "山本由美", "当月授業日数", "20日", "校長", "教頭", "担任"):
        assert needle in text, needle
    for needle in ("凡例", "／：欠席", "年間累計", "在籍", "出停・忌引等", "出席率", "月末"):
        assert needle in text, needle
    assert "6月2日休業日、6月2日は運動会（5月31日・土曜授業）の振替休業日" in pdf_text(pdf)  # 記事
    by_pypdf = PdfReader(io.BytesIO(uf.render_pdf(FORM, uf.sample(FORM)))).pages[0].extract_text()
    for name in ("葛\U000e0102西", "\U00020bb7田", "渡邊", "髙橋", "\ufa11山"):
        assert name in by_pypdf, name


def test_thirty_day_month_has_no_31st_column_value(pdf: bytes, tmp_path: Path, sample: dict[str, Any]) -> None:
    june = _header_days(_words(pdf, tmp_path))
    assert set(june) == {str(d) for d in range(1, 31)}
    july = _without_prior(sample)  # the sample's prior runs to the end of May, not June
    july["month"] = 7
    head = _header_days(_words(uf.render_pdf(FORM, july), tmp_path))
    assert set(head) == {str(d) for d in range(1, 32)}


def test_qpdf_check_passes(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (1191, 842)  # A3 landscape


def test_a4_landscape_variant(sample: dict[str, Any]) -> None:
    data = {**sample, "paper": "A4"}
    pdf = uf.render_pdf(FORM, data)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    assert "藤井" in page.extract_text()


# --------------------------------------------------------------------------- XLSX


def _sheet_values(xlsx: bytes) -> list[list[Any]]:
    """The first sheet as a viewer that does not calculate shows it: a formula's cached result."""
    ws = load_workbook(io.BytesIO(xlsx), data_only=True).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _sheet_formulas(xlsx: bytes) -> dict[tuple[int, int], str]:
    """(row, column), zero-based → formula of every formula cell on the first sheet."""
    ws = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    return {
        (c.row - 1, c.column - 1): c.value for r in ws.iter_rows() for c in r if str(c.value).startswith("=")
    }


def _columns(rows: list[list[Any]]) -> dict[str, list[int]]:
    """Header label → the columns it heads (left to right), for the totals columns."""
    out: dict[str, list[int]] = {}
    for r in rows[:12]:
        for c, v in enumerate(r):
            if isinstance(v, str) and v.replace("\n", "") in TOTAL_LABELS:
                out.setdefault(v.replace("\n", ""), []).append(c)
    return {k: sorted(set(v)) for k, v in out.items()}


def test_xlsx_totals_equal_the_aggregate(sample: dict[str, Any], model: AttendanceRegisterInput) -> None:
    rows = _sheet_values(uf.render_xlsx(FORM, sample))
    cols = _columns(rows)
    assert len(cols["欠席日数"]) == 2 and len(cols["出席日数"]) == 2  # 当月 and 年間累計
    book = model.book
    assert book is not None
    month = summarize_month(book, 2025, 6)
    year = summarize_to_date(book, date(2025, 6, 30))
    checked = 0
    for p in model.pupils:
        row = next(r for r in rows if p.name.full in r)
        s = month[p.id]
        assert row[cols["授業日数"][0]] == s.lesson_days
        assert row[cols["出席停止"][0]] == s.stop_days
        assert row[cols["忌引"][0]] == s.mourning_days
        assert row[cols["出席すべき日数"][0]] == s.required_days
        assert row[cols["欠席日数"][0]] == s.absence_days
        assert row[cols["出席日数"][0]] == s.present_days
        assert row[cols["遅刻"][0]] == s.late
        assert row[cols["早退"][0]] == s.early_leave
        cumulative = model.prior_totals[p.id].model_dump() if p.id in model.prior_totals else None
        expect = {k: s.model_dump()[k] + (cumulative[k] if cumulative else 0) for k in CUMULATIVE}
        for label, key in zip(("授業日数", "出席停止", "忌引", "欠席日数", "出席日数", "遅刻", "早退"), CUMULATIVE,
                              strict=True):  # fmt: skip
            assert row[cols[label][1]] == expect[key], (p.name.full, label)
        if p.enrolled_from is not None:  # 転入 in June: 年間累計 is the records since enrolment
            assert row[cols["出席日数"][1]] == year[p.id].present_days
        assert s.remarks in [v for v in row if isinstance(v, str)][-1]
        checked += 1
    assert checked == 32
    fujii = next(p for p in model.pupils if p.name.family == "藤井")
    assert (month[fujii.id].absence_days, month[fujii.id].present_days) == (8, 12)
    fujii_row = next(r for r in rows if fujii.name.full in r)
    assert [v for v in fujii_row if isinstance(v, str)][-1] == "欠席（その他）8日"


# --------------------------------------------------------------------------- alerts


def test_eight_day_absence_alert_is_in_the_render_report(sample: dict[str, Any]) -> None:
    result = api.render(FORM, sample)
    runs = [a for a in result.report.alerts if a["code"] == "consecutive_absence"]
    assert len(runs) == 1
    run = runs[0]
    fujii = next(i for i, p in enumerate(sample["pupils"]) if p["name"]["family"] == "藤井")
    assert (run["path"], run["count"], run["first_day"], run["last_day"]) == (
        f"pupils[{fujii}]",
        8,
        "2025-06-09",
        "2025-06-18",
    )
    assert "藤井" not in str(result.report.alerts)  # reports name paths, not people
    assert any(a["code"] == "month_not_closed" for a in result.report.alerts)
    closed = {**sample, "options": {"closed_through": "2025-06-30"}}
    assert not any(a["code"] == "month_not_closed" for a in api.render(FORM, closed).report.alerts)


def _formula_columns(xlsx: bytes) -> tuple[dict[str, list[int]], dict[tuple[int, int], str]]:
    return _columns(_sheet_values(xlsx)), _sheet_formulas(xlsx)


def test_xlsx_derived_days_and_month_totals_are_formulas(sample: dict[str, Any]) -> None:
    """出席すべき日数・出席日数 and the 月計 recompute; the counts of day marks and 年間累計 are numbers."""
    xlsx = uf.render_xlsx(FORM, sample)
    cols, formulas = _formula_columns(xlsx)
    pupil_rows = sorted({r for r, c in formulas if c == cols["出席日数"][0]})
    assert len(pupil_rows) == 32
    letter = lambda c: get_column_letter(c + 1)  # noqa: E731
    for r in pupil_rows:
        lesson, stop, mourning, absent = (letter(cols[k][0]) for k in ("授業日数", "出席停止", "忌引", "欠席日数"))
        n = r + 1
        assert formulas[(r, cols["出席すべき日数"][0])] == f"={lesson}{n}-SUM({stop}{n}:{mourning}{n})"
        assert formulas[(r, cols["出席日数"][0])] == f"={lesson}{n}-SUM({stop}{n}:{mourning}{n},{absent}{n})"
    # counts of day marks (当月) and every 年間累計 (months not on the sheet) are numbers
    numbers = {c for k, v in cols.items() for c in v} - {cols["出席すべき日数"][0], cols["出席日数"][0]}
    assert numbers and not any(c in numbers for (_, c) in formulas)
    month = [f for f in formulas.values() if f.startswith("=SUM(")]
    rates = [f for f in formulas.values() if f.startswith("=IFERROR(ROUND(")]
    assert len(month) == 3 * 3 and len(rates) == 3  # 延べ出席すべき・欠席・出席 and 出席率 of 男・女・計
    first, last = pupil_rows[0] + 1, pupil_rows[-1] + 1
    assert f"=SUM({letter(cols['欠席日数'][0])}{first}:{letter(cols['欠席日数'][0])}{last})" in month  # 計


def test_xlsx_a4_month_required_stays_a_number_without_the_pupils_column(sample: dict[str, Any]) -> None:
    """The A4 sheet has no 出席すべき日数 per pupil: the 月計 延べ出席すべき日数 keeps its printed number."""
    xlsx = uf.render_xlsx(FORM, {**sample, "paper": "A4"})
    formulas = _sheet_formulas(xlsx)
    assert sum(f.startswith("=SUM(") for f in formulas.values()) == 2 * 3  # 延べ欠席・出席 of 男・女・計
    assert sum(f.startswith("=IFERROR(ROUND(") for f in formulas.values()) == 3
    assert sum("-SUM(" in f for f in formulas.values()) == 32  # 出席日数 of every pupil
    assert "98.1" in [str(v) for r in _sheet_values(xlsx) for v in r]


def test_totals_only_derived_days_are_formulas_only_where_the_split_is_printed(sample: dict[str, Any]) -> None:
    """Without 出席停止・忌引 apart, the sheet does not hold what 出席すべき日数 subtracts: a number."""
    data = _totals_only(sample)
    _, unsplit = _formula_columns(uf.render_xlsx(FORM, data))
    assert not any("-SUM(" in f for f in unsplit.values())
    for p in data["pupils"]:
        p["totals"]["stop_days"] = 2
    cols, split = _formula_columns(uf.render_xlsx(FORM, data))
    assert sum(c == cols["出席日数"][0] and "-SUM(" in f for (_, c), f in split.items()) == 32


# --------------------------------------------------------------------------- input errors


def _totals_only(sample: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    for p in data["pupils"]:
        p.pop("records", None)
        p.pop("prior", None)
        lessons = 13 if p.get("enrolled_from") else 20
        p["totals"] = {"lesson_days": lessons, "suspension_days": 2, "absence_days": 0, "late": 0, "early_leave": 0}
        p["cumulative"] = {"lesson_days": lessons + 38, "suspension_days": 2, "absence_days": 1}
    return data


def _paths(exc: pytest.ExceptionInfo[FormDataError]) -> set[str]:
    return {e.path for e in exc.value.errors}


def test_totals_only_input_renders_the_given_totals(sample: dict[str, Any]) -> None:
    data = _totals_only(sample)
    data["pupils"][3]["totals"].update(absence_days=3, remarks="風邪")
    data["pupils"][3]["cumulative"].update(absence_days=3)
    result = api.render(FORM, data, "xlsx")
    rows = _sheet_values(result.data)
    cols = _columns(rows)
    row = next(r for r in rows if "岡本　悠真" in r)
    assert (row[cols["欠席日数"][0]], row[cols["出席日数"][0]], row[cols["出席日数"][1]]) == (3, 15, 53)
    assert result.report.alerts == []


def test_bad_totals_name_their_paths(sample: dict[str, Any]) -> None:
    data = _totals_only(sample)
    data["pupils"][0]["totals"]["absence_days"] = 19  # > 出席しなければならない日数 18
    data["pupils"][1]["totals"]["late"] = -1
    data["pupils"][2]["totals"]["lesson_days"] = 21  # counts the 振替休業日 of the 2nd as a 授業日
    data["pupils"][4]["cumulative"]["absence_days"] = 60  # > its 出席しなければならない日数 56
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    assert _paths(exc) == {
        "pupils[0].totals.absence_days",
        "pupils[1].totals.late",
        "pupils[2].totals.lesson_days",
        "pupils[4].cumulative.absence_days",
    }
    labels = {e.path: e.label for e in exc.value.errors}
    assert labels["pupils[0].totals.absence_days"] == "欠席日数"
    assert "pupils[2].totals.lesson_days" in str(exc.value)


def test_bad_daily_records_name_their_paths(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["pupils"][0]["records"] = [{"date": "2025-06-02", "status": "ABSENT"}]  # 振替休業日
    data["pupils"][TRANSFER]["records"].append({"date": "2025-06-11", "status": "ABSENT"})  # before 転入
    data["pupils"][5]["records"] = [{"date": "2026-01-27", "status": "ABSENT"}]  # 学級閉鎖 day
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    paths = {"pupils[0].records[0].date", f"pupils[{TRANSFER}].records[1].date", "pupils[5].records[0].date"}
    assert _paths(exc) == paths


def test_mixing_records_and_totals_is_refused(sample: dict[str, Any]) -> None:
    data = _totals_only(sample)
    data["pupils"][7]["records"] = [{"date": "2025-06-03", "status": "ABSENT"}]
    del data["pupils"][8]["totals"]
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    assert _paths(exc) == {"pupils[7].records", "pupils[8].totals"}


def test_daily_records_need_the_calendar(sample: dict[str, Any]) -> None:
    data = {k: v for k, v in sample.items() if k != "calendar"}
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    assert _paths(exc) == {"calendar"}


# --------------------------------------------------------------------------- pages


def test_more_than_45_pupils_continue_with_the_header_repeated(sample: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(sample)
    extra = copy.deepcopy(data["pupils"][:18])
    for k, p in enumerate(extra):
        p["number"] = 33 + k
        p["pupil_id"] = f"X{k}"
    data["pupils"] += extra
    pdf = uf.render_pdf(FORM, data)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    for page in (1, 2):
        text = _text(pdf, tmp_path, page)
        for needle in ("出席簿", "6月", "3年1組", "校長", "在籍", f"{page}/2"):
            assert needle in text, (page, needle)
    second = _words(pdf, tmp_path, 2)
    assert _mark(second, "\U00020bb7田", 11) == "／" and _mark(second, "\U00020bb7田", 10) == ""  # a copy of no. 15


# --------------------------------------------------------------------------- property


DAYS = [date(2025, 6, d) for d in (3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30)]
RECORD = st.one_of(
    st.fixed_dictionaries({"status": st.just("ABSENT"), "kind": st.sampled_from(["病気", "事故", "その他"])}),
    st.fixed_dictionaries({"status": st.just("SUSPENDED"), "kind": st.just("感染症"), "reason": st.just("水痘")}),
    st.fixed_dictionaries({"status": st.just("MOURNING"), "reason": st.just("祖母")}),
    st.fixed_dictionaries({"late": st.booleans(), "early_leave": st.booleans()}),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(st.sampled_from(DAYS), RECORD, max_size=8), min_size=3, max_size=3))
def test_printed_totals_follow_random_records(sample: dict[str, Any], records: list[dict[date, Any]]) -> None:
    data = copy.deepcopy(sample)
    for p, recs in zip(data["pupils"][:3], records, strict=True):
        p["records"] = [{"date": d.isoformat(), **r} for d, r in sorted(recs.items())]
    m = uf.validate(FORM, data)
    assert isinstance(m, AttendanceRegisterInput) and m.book is not None
    month = summarize_month(m.book, 2025, 6)
    doc = api.compile_form(FORM, m).document
    by_path = {t.field: t.text for t in doc.pages[0].texts if t.field}
    for i, p in enumerate(m.pupils[:3]):
        s = month[p.id]
        assert by_path[f"pupils[{i}].totals.absence_days"] == str(s.absence_days)
        assert by_path[f"pupils[{i}].totals.present_days"] == str(s.present_days)
        assert by_path[f"pupils[{i}].totals.stop_days"] == str(s.stop_days)
        assert by_path[f"pupils[{i}].totals.mourning_days"] == str(s.mourning_days)
        assert s.required_days == s.lesson_days - s.suspension_days
        assert s.present_days == s.required_days - s.absence_days


def test_long_remarks_continue_on_a_separate_sheet_in_full(sample: dict[str, Any], tmp_path: Path) -> None:
    data = {**copy.deepcopy(sample), "paper": "A4"}
    data["pupils"] = data["pupils"][:35]  # one A4 sheet of pupils, then the 別紙
    note = "6月16日から18日まで医師の指示により溶連菌感染症で出席停止。保護者と連絡済み。"
    data["pupils"][7]["remarks"] = note
    pdf = uf.render_pdf(FORM, data)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    first, second = _text(pdf, tmp_path, 1), _text(pdf, tmp_path, 2)
    assert "別紙" in second and "出席番号8" in second and "備考" in second
    whole = "出席停止（溶連菌感染症）3日、" + note
    # the box holds a head of the text, the 別紙 the rest: together exactly the whole 備考
    k = next(i for i in range(len(whole), 0, -1) if whole[:i] in first)
    assert whole[k:] in second and k > 10


def test_errors_inside_records_and_calendar_keep_their_full_path(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["pupils"][0]["records"] = [
        {"date": "2025-06-03", "status": "ABSENT", "kind": "風邪"},  # not a kind of 欠席
        {"date": "2025-06-04", "status": "ABSENT", "late": True},  # 遅刻 on a day absent
    ]
    data["calendar"]["terms"][0]["start"] = "2025-04-02"
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    assert _paths(exc) == {"pupils[0].records[0].kind", "pupils[0].records[1].late", "calendar.terms[0].start"}


def test_holiday_columns_are_shaded_and_the_missing_31st_struck(sample: dict[str, Any]) -> None:
    """Page-model geometry: one shaded column per non-授業日, from the head to the last footer row."""
    page = api.compile_form(FORM, sample).document.pages[0]
    columns = sorted((f.rect.x, f.gray) for f in page.fills if not f.static)
    assert [g for _, g in columns].count(0.72) == 1  # the 31st, which June does not have
    shaded = [x for x, g in columns if g == 0.86]
    assert len(shaded) == 10  # 4 Saturdays, 5 Sundays, the 振替休業日 of the 2nd
    width = (columns[-1][0] - shaded[0]) / (31 - 1)  # day 1 (a Sunday) … day 31
    days = sorted(round((x - shaded[0]) / width) + 1 for x in shaded)
    assert days == [1, 2, 7, 8, 14, 15, 21, 22, 28, 29]
    heights = {round(f.rect.h, 3) for f in page.fills if not f.static}
    assert len(heights) == 1  # every column shaded over the same full height


def test_not_entered_days_print_their_mark_and_are_reported(sample: dict[str, Any], tmp_path: Path) -> None:
    data = _without_prior(sample)  # records from 4/1 on: the earlier months come from them
    data["options"] = {"missing_day": "not_entered"}
    for p in data["pupils"]:  # every 授業日 of the month is confirmed for everyone except 青木 (no. 1)
        if p["number"] != 1:
            recorded = {r["date"] for r in p.get("records", [])}
            start = date.fromisoformat(p.get("enrolled_from", "2025-04-01"))
            p["records"] = p.get("records", []) + [
                {"date": d.isoformat()} for d in _lessons(start) if d.isoformat() not in recorded
            ]
    result = api.render(FORM, data)
    words = _words(result.data, tmp_path)
    assert _mark(words, "青木", 3) == "未" and _mark(words, "青木", 2) == ""  # 6/2 is no 授業日
    assert _mark(words, "石田", 3) == ""
    missing = [a for a in result.report.alerts if a["code"] == "not_entered"]
    assert [a["path"] for a in missing] == ["pupils[0]"]


def _lessons(start: date) -> list[date]:
    from unified_forms.attendance import SchoolCalendar

    cal = SchoolCalendar.parse(uf.sample(FORM)["calendar"])
    return cal.lesson_days("3-1", start, date(2025, 6, 30))


def test_totals_only_without_calendar_shades_weekends_and_leaves_the_grid_empty(sample: dict[str, Any]) -> None:
    data = {k: v for k, v in copy.deepcopy(sample).items() if k != "calendar"}
    for p in data["pupils"]:
        p.pop("records", None)
        p.pop("prior", None)
        p["totals"] = {"lesson_days": 21, "suspension_days": 0, "absence_days": 0}
    compiled = api.compile_form(FORM, data)
    page = compiled.document.pages[0]
    assert len([f for f in page.fills if not f.static and f.gray == 0.86]) == 9  # Saturdays and Sundays (no 祝日)
    assert not [t for t in page.texts if (t.field or "").endswith(".records")]  # no invented marks
    assert compiled.alerts == ()


@pytest.mark.parametrize(("paper", "mark_pt"), [("A3", 9.0), ("A4", 6.5)])
def test_marks_print_at_the_size_the_layout_gives(sample: dict[str, Any], paper: str, mark_pt: float) -> None:
    page = api.compile_form(FORM, {**sample, "paper": paper}).document.pages[0]
    marks = [t for t in page.texts if (t.field or "").endswith(".records")]
    assert {t.size for t in marks if len(t.text) == 1} == {mark_pt}
    assert all(t.size <= mark_pt for t in marks)


def test_inputs_compare_by_their_data_not_by_the_derived_book(sample: dict[str, Any]) -> None:
    import pickle

    a, b = uf.validate(FORM, sample), uf.validate(FORM, copy.deepcopy(sample))
    assert a == b and pickle.loads(pickle.dumps(a)) == a
    assert a != uf.validate(FORM, {**_without_prior(sample), "month": 7})


def test_legend_is_configuration(sample: dict[str, Any], tmp_path: Path) -> None:
    data = {**sample, "legend": {"absent": "欠", "absence_by_kind": {"病気": "病"}}}
    pdf = uf.render_pdf(FORM, data)
    words = _words(pdf, tmp_path)
    assert _mark(words, "藤井", 9) == "欠" and _mark(words, "石田", 23) == "病"
    text = _text(pdf, tmp_path)
    assert "欠：欠席" in text and "病：欠席（病気）" in text and "／" not in text


# --------------------------------------------------------------------------- 年間累計 from a monthly upload (prior)


def _cum_cells(rows: list[list[Any]], cols: dict[str, list[int]], name: str) -> tuple[Any, Any, Any]:
    row = next(r for r in rows if name in r)
    return tuple(row[cols[k][1]] for k in ("授業日数", "欠席日数", "出席日数"))  # type: ignore[return-value]


def test_prior_plus_june_records_is_the_printed_cumulative(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    priors = [
        {"lesson_days": 38, "suspension_days": 2, "absence_days": 3, "late": 1, "early_leave": 0},
        {"lesson_days": 38, "suspension_days": 0, "absence_days": 5},
        {"lesson_days": 38, "suspension_days": 38, "absence_days": 0},
    ]
    for p, prior in zip(data["pupils"], priors * 11, strict=False):
        if "prior" in p:
            p["prior"] = prior
    m = uf.validate(FORM, data)
    assert isinstance(m, AttendanceRegisterInput) and m.book is not None
    month = summarize_month(m.book, 2025, 6)
    records_only = summarize_to_date(m.book, date(2025, 6, 30))
    result = api.render(FORM, data, "xlsx")
    rows = _sheet_values(result.data)
    cols = _columns(rows)
    differs = 0
    for p, raw in zip(m.pupils, data["pupils"], strict=True):
        s = month[p.id]
        got = _cum_cells(rows, cols, p.name.full)
        prior = raw.get("prior")
        if prior is None:  # 転入 in June: 4/1 … 5/31 is not part of this school's 累計
            y = records_only[p.id]
            assert got == (y.lesson_days, y.absence_days, y.present_days)
            continue
        required = prior["lesson_days"] - prior["suspension_days"] + s.required_days
        absence = prior["absence_days"] + s.absence_days
        assert got == (prior["lesson_days"] + s.lesson_days, absence, required - absence)
        differs += got != (records_only[p.id].lesson_days, records_only[p.id].absence_days,
                           records_only[p.id].present_days)  # fmt: skip
        row = next(r for r in rows if p.name.full in r)
        assert (row[cols["欠席日数"][0]], row[cols["出席日数"][0]]) == (s.absence_days, s.present_days)
    assert differs == 31  # every prior above differs from "April and May fully present"
    assert not any(a["code"] == "cumulative_not_printed" for a in result.report.alerts)


def test_june_records_without_prior_leave_the_cumulative_blank_and_say_why(sample: dict[str, Any]) -> None:
    data = _without_prior(sample)
    result = api.render(FORM, data, "xlsx")
    rows = _sheet_values(result.data)
    cols = _columns(rows)
    m = uf.validate(FORM, data)
    assert isinstance(m, AttendanceRegisterInput) and m.book is not None
    month = summarize_month(m.book, 2025, 6)
    for p in m.pupils:
        row = next(r for r in rows if p.name.full in r)
        assert (row[cols["欠席日数"][0]], row[cols["出席日数"][0]]) == (
            month[p.id].absence_days,
            month[p.id].present_days,
        )
        if p.enrolled_from is None:
            assert _cum_cells(rows, cols, p.name.full) == (None, None, None)
        else:  # 6/12 転入: everything since enrolment is in the records
            y = summarize_to_date(m.book, date(2025, 6, 30))[p.id]
            assert _cum_cells(rows, cols, p.name.full) == (y.lesson_days, y.absence_days, y.present_days)
    alerts = [a for a in result.report.alerts if a["code"] == "cumulative_not_printed"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert["count"] == 31 and alert["path"] == "pupils"
    assert alert["paths"] == [f"pupils[{i}].prior" for i in range(31)]
    assert (alert["first_day"], alert["last_day"]) == ("2025-04-01", "2025-05-31")
    assert "年間累計" in alert["message"] and "5月31日" in alert["message"]
    # the other alerts are untouched, and the PDF has no 累計 text either
    assert any(a["code"] == "consecutive_absence" for a in result.report.alerts)
    page = api.compile_form(FORM, data).document.pages[0]
    cum = {t.field for t in page.texts if (t.field or "").endswith("cumulative.absence_days") and t.text}
    assert cum == {f"pupils[{TRANSFER}].cumulative.absence_days"}


def test_one_pupil_without_prior_is_the_only_blank_one(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    del data["pupils"][4]["prior"]
    result = api.render(FORM, data, "xlsx")
    rows = _sheet_values(result.data)
    cols = _columns(rows)
    names = [f"{p['name']['family']}　{p['name']['given']}" for p in data["pupils"]]
    blank = [n for n in names if _cum_cells(rows, cols, n) == (None, None, None)]
    assert blank == [names[4]]
    (alert,) = [a for a in result.report.alerts if a["code"] == "cumulative_not_printed"]
    assert (alert["path"], alert["paths"], alert["count"]) == ("pupils[4].prior", ["pupils[4].prior"], 1)


def test_records_from_april_keep_todays_cumulative(sample: dict[str, Any]) -> None:
    data = _without_prior(sample)
    data["pupils"][0]["records"] = [{"date": "2025-05-12", "status": "ABSENT", "kind": "病気"}]
    m = uf.validate(FORM, data)
    assert isinstance(m, AttendanceRegisterInput) and m.book is not None
    year = summarize_to_date(m.book, date(2025, 6, 30))
    result = api.render(FORM, data, "xlsx")
    rows = _sheet_values(result.data)
    cols = _columns(rows)
    for p in m.pupils:
        y = year[p.id]
        assert _cum_cells(rows, cols, p.name.full) == (y.lesson_days, y.absence_days, y.present_days)
    assert year[m.pupils[0].id].absence_days == 1
    assert not any(a["code"] == "cumulative_not_printed" for a in result.report.alerts)


def test_april_needs_no_prior(sample: dict[str, Any]) -> None:
    data = _without_prior(sample)
    data["month"] = 4
    data["pupils"] = [p for p in data["pupils"] if "enrolled_from" not in p]
    for p in data["pupils"]:
        p.pop("records", None)
    data["pupils"][0]["records"] = [{"date": "2025-04-10", "status": "ABSENT"}]
    result = api.render(FORM, data, "xlsx")
    rows = _sheet_values(result.data)
    cols = _columns(rows)
    first = f"{data['pupils'][0]['name']['family']}　{data['pupils'][0]['name']['given']}"
    row = next(r for r in rows if first in r)
    assert _cum_cells(rows, cols, first) == (row[cols["授業日数"][0]], 1, row[cols["出席日数"][0]])
    assert not any(a["code"] == "cumulative_not_printed" for a in result.report.alerts)


def test_bad_prior_names_its_paths(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["pupils"][0]["prior"]["absence_days"] = 39  # > 出席しなければならない日数 38
    data["pupils"][1]["prior"]["late"] = -1
    data["pupils"][2]["prior"]["lesson_days"] = 40  # the calendar has 38 授業日 from 4/1 to 5/31
    data["pupils"][3]["records"] = [{"date": "2025-05-12", "status": "ABSENT"}]  # counted twice with prior
    data["pupils"][5]["prior"]["present_days"] = 30  # ≠ 38 − 0
    data["pupils"][6]["prior"]["remarks"] = "4月に入院"  # would never be printed
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    assert _paths(exc) == {
        "pupils[0].prior.absence_days",
        "pupils[1].prior.late",
        "pupils[2].prior.lesson_days",
        "pupils[3].records[0].date",
        "pupils[5].prior.present_days",
        "pupils[6].prior.remarks",
    }
    labels = {e.path: e.label for e in exc.value.errors}
    assert labels["pupils[0].prior.absence_days"] == "欠席日数"
    assert "38" in str(exc.value)
    typed = copy.deepcopy(sample)
    typed["pupils"][7]["prior"]["absence_days"] = "2"  # strict: a string is not a count
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, typed)
    assert _paths(exc) == {"pupils[7].prior.absence_days"}


def test_prior_is_refused_with_totals_only_input(sample: dict[str, Any]) -> None:
    data = _totals_only(sample)
    data["pupils"][2]["prior"] = {"lesson_days": 36, "suspension_days": 0, "absence_days": 0}
    with pytest.raises(FormDataError) as exc:
        uf.validate(FORM, data)
    assert _paths(exc) == {"pupils[2].prior"}


def test_shipped_sample_prints_the_cumulative_from_its_prior(sample: dict[str, Any]) -> None:
    assert sum("prior" in p for p in sample["pupils"]) == 31  # all but the June 転入
    assert all(not r["date"] < "2025-06-01" for p in sample["pupils"] for r in p.get("records", []))
    m = uf.validate(FORM, sample)
    assert isinstance(m, AttendanceRegisterInput)
    assert set(m.prior_totals) == {p.id for p in m.pupils if p.enrolled_from is None}
    result = api.render(FORM, sample)
    assert not any(a["code"] == "cumulative_not_printed" for a in result.report.alerts)
    page = api.compile_form(FORM, sample).document.pages[0]
    cum = [t for t in page.texts if (t.field or "").endswith("cumulative.present_days") and t.text]
    assert len(cum) == 32


PRIOR = st.integers(min_value=0, max_value=60).flatmap(
    lambda lessons: st.integers(min_value=0, max_value=lessons).flatmap(
        lambda sm: st.fixed_dictionaries(
            {
                "lesson_days": st.just(lessons),
                "suspension_days": st.just(sm),
                "absence_days": st.integers(min_value=0, max_value=lessons - sm),
                "late": st.none() | st.integers(min_value=0, max_value=0),
            }
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PRIOR, min_size=1, max_size=4))
def test_add_totals_is_the_fieldwise_sum_and_keeps_the_rules(parts: list[dict[str, Any]]) -> None:
    from unified_forms.attendance import check_totals
    from unified_forms.attendance.summarize import add_totals

    checked = [check_totals(p) for p in parts]
    total = add_totals(*checked)
    assert check_totals(total.model_dump()) == total  # R-ATT-1…3 hold for the sum
    for name in ("lesson_days", "suspension_days", "required_days", "absence_days", "present_days"):
        assert getattr(total, name) == sum(getattr(c, name) for c in checked)
    lates = [p["late"] for p in parts]
    assert total.late == (None if None in lates else sum(lates))
    assert total.early_leave is None


# --------------------------------------------------------------------------- issue 13: the sheet a school signs


def test_stop_and_mourning_are_separate_columns_month_and_year(sample: dict[str, Any]) -> None:
    texts = texts_by_field(api.compile_form(FORM, sample).document)
    sakiyama, takahashi = 19, 7  # 忌引（祖父）2日, 出席停止（溶連菌感染症）3日
    assert (texts[f"pupils[{sakiyama}].totals.mourning_days"], texts[f"pupils[{sakiyama}].totals.stop_days"]) == (
        "2",
        "0",
    )
    assert (texts[f"pupils[{takahashi}].totals.stop_days"], texts[f"pupils[{takahashi}].totals.mourning_days"]) == (
        "3",
        "0",
    )
    assert texts["pupils[30].cumulative.stop_days"] == "2"  # 山口: 出席停止 2 in May (prior)
    text = pdf_text(uf.render_pdf(FORM, sample))
    assert "出席停止" in text and "忌引" in text and "出停・忌引等" in text  # columns, footer row


def test_every_item_has_its_yearly_total(sample: dict[str, Any], model: AttendanceRegisterInput) -> None:
    texts = texts_by_field(api.compile_form(FORM, sample).document)
    for i, p in enumerate(model.pupils):
        for key in CUMULATIVE:
            assert texts.get(f"pupils[{i}].cumulative.{key}", "") != "", (p.name.full, key)
    assert texts["pupils[0].cumulative.lesson_days"] == "58"  # 38 授業日 4/1–5/31 + 20 in June
    assert texts[f"pupils[{TRANSFER}].cumulative.lesson_days"] == "13"  # from the 転入 on 6/12
    assert texts["pupils[2].cumulative.late"] == "2" and texts["pupils[2].cumulative.early_leave"] == "1"


def test_month_totals_and_attendance_rate(sample: dict[str, Any], model: AttendanceRegisterInput) -> None:
    from unified_forms.attendance import add_totals, attendance_rate

    assert model.book is not None
    month = summarize_month(model.book, 2025, 6)
    page = api.compile_form(FORM, sample).document.pages[0]
    printed = [t.text for t in page.texts if not t.static]
    for sex in ("male", "female", None):
        parts = [month[p.id].totals() for p in model.pupils if sex is None or p.sex.value == sex]
        total = add_totals(*parts)
        rate = attendance_rate(total)
        assert rate is not None
        for value in (total.required_days, total.absence_days, total.present_days, f"{rate}"):
            assert str(value) in printed
    whole = add_totals(*(s.totals() for s in month.values()))
    assert (whole.required_days, whole.absence_days, whole.present_days) == (628, 12, 616)
    assert f"{attendance_rate(whole)}" == "98.1"
    text = pdf_text(uf.render_pdf(FORM, sample))
    assert any(t.text == "月計" and t.static for t in page.texts)
    assert "延べ" in text and "出席率（％）" in text and "98.1" in text


def test_sex_is_printed_on_every_row(sample: dict[str, Any], model: AttendanceRegisterInput) -> None:
    page = api.compile_form(FORM, sample).document.pages[0]
    for i, p in enumerate(model.pupils):
        name = next(t for t in page.texts if t.field == f"pupils[{i}].name")
        same_row = [t.text for t in page.texts if t.text in ("男", "女") and abs(t.rect.y - name.rect.y) < 0.01]
        assert same_row == [p.sex.label], p.name.full


def test_the_sheet_prints_nothing_below_6_pt_and_no_heading_breaks_inside_a_word(sample: dict[str, Any]) -> None:
    from test_typesetting import typesetting_problems

    for paper in ("A3", "A4"):
        doc = api.compile_form(FORM, {**sample, "paper": paper}).document
        assert typesetting_problems(FORM, doc) == [], paper
        headings = [t for t in doc.pages[0].texts if t.static and t.role == "label" and len(t.lines) > 1]
        assert headings and all("\n" in t.text for t in headings)  # designed break points only
        sizes = {
            t.size for t in doc.pages[0].texts if t.static and t.text in ("授業\n日数", "出席\n停止", "忌引", "遅刻")
        }
        assert sizes == {6.0}, paper  # one label size for the totals headings
