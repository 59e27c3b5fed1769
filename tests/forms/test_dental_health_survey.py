"""山口県学校歯科保健調査票: every number re-derived from the records by a recount written here.

The recount below reads the raw JSON (dicts, lists, strings) with plain loops and no code of the
library, so a mistake in the tally cannot hide in both places. It is run on the shipped sample
school (every printed cell and every CSV cell) and, with hypothesis, on random schools.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, own_layout, pdf_text
from healthkit import avg, broken_labels, pct, printed_tally, static_labels, too_small
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import LayoutError
from unified_forms.families.health_checkup.dental_tally import COLUMNS
from unified_forms.families.health_checkup.tally import mean, percent
from unified_forms.forms.dental_health_survey import to_csv

FORM = "dental_health_survey"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
SEX = {"male": "男", "female": "女"}


# ----------------------------------------------------------------------------- the recount


def _age(birth: str, year: int) -> int:
    y, m, d = (int(x) for x in birth.split("-"))
    return year - y - (1 if (m, d) > (4, 1) else 0)


def _pupil(r: dict[str, Any]) -> Counter[str]:
    c: Counter[str] = Counter(enrolled=1)
    for ref in r.get("referrals", []):
        if ref["exam"] == "歯科":
            c["recommended"] += 1
            c["reported"] += 1 if ref.get("reported_on") else 0
    d = r.get("dental")
    if not d or not (d.get("teeth", {}).get("permanent") or d.get("teeth", {}).get("primary")):
        return c
    perm = list(d["teeth"].get("permanent", {}).values())
    prim = list(d["teeth"].get("primary", {}).values())
    n_c = perm.count("C") + prim.count("C")
    n_o = perm.count("○") + prim.count("○")
    n_l = perm.count("△")
    c["examined"] += 1
    c["caries_free"] += n_c + n_o + n_l == 0
    c["untreated"] += n_c > 0
    c["completed"] += n_c == 0 and n_o + n_l > 0
    c["affected"] += n_c + n_o + n_l > 0
    c["caution"] += "×" in prim
    c["caution_teeth"] += prim.count("×")
    c["co"] += "CO" in perm + prim
    c["co_teeth"] += (perm + prim).count("CO")
    c["D"] += perm.count("C")
    c["M"] += n_l
    c["F"] += perm.count("○")
    c["DMF"] += perm.count("C") + n_l + perm.count("○")
    c["d"] += prim.count("C")
    c["f"] += prim.count("○")
    c["df"] += prim.count("C") + prim.count("○")
    for key in ("alignment", "jaw", "plaque", "gingiva"):
        if d.get(key) is not None:
            c[f"{key}_{d[key]}"] += 1
    c["other"] += any(f["code"] != "normal" for f in d.get("other") or [])
    return c


def recount(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, str]]:
    """(学年 label or 合計 or 12歳, 男/女/計) → column key → the text the sheet must show."""
    sums: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in data["records"]:
        sex = SEX[r["student"]["sex"]]
        c = _pupil(r)
        groups = [f"第{str(r['grade']).translate(FULL)}学年", "合計"]
        if _age(r["student"]["birth_date"], data["fiscal_year"]) == 12:
            groups.append("12歳")
        for g in groups:
            sums[(g, sex)] += c
            sums[(g, "計")] += c
    grades = [f"第{str(g).translate(FULL)}学年" for g in range(1, 7)]
    out: dict[tuple[str, str], dict[str, str]] = {}
    for g in [*grades, "合計", "12歳"]:
        for sex in ("男", "女", "計"):
            t = sums[(g, sex)]
            cells = {k: str(t[k]) for k in (
                "enrolled", "examined", "caries_free", "completed", "untreated", "affected", "caution", "co",
                "other", "recommended", "reported", "D", "M", "F", "DMF", "d", "f", "df", "caution_teeth", "co_teeth",
                *(f"{j}_{v}" for j in ("alignment", "jaw", "plaque", "gingiva") for v in (0, 1, 2)),
            )}  # fmt: skip
            cells["exam_rate"] = pct(t["examined"], t["enrolled"])
            for k in ("caries_free", "completed", "untreated", "affected", "caution", "co"):
                cells[f"{k}_rate"] = pct(t[k], t["examined"])
            cells["report_rate"] = pct(t["reported"], t["recommended"])
            cells["DMF_mean"] = avg(t["DMF"], t["examined"])
            cells["df_mean"] = avg(t["df"], t["examined"])
            out[(g, sex)] = cells
    return out


# ----------------------------------------------------------------------------- the sample school


def test_listed_with_its_order_and_paper() -> None:
    ids = [f.id for f in uf.forms()]
    assert ids.index("treatment_recommendation") < ids.index(FORM) < ids.index("school_health_statistics")
    info = {f.id: f for f in uf.forms()}[FORM]
    assert (info.title, info.paper) == ("山口県学校歯科保健調査票", "A4 landscape")


def test_every_printed_number_is_the_recount(sample: dict[str, Any], doc: Any) -> None:
    want = recount(sample)
    by_grade = printed_tally(doc, "tally_rows")
    assert len(by_grade) == 21  # 6 学年 + 合計, × 男・女・計
    cells = 0
    for group_sex, printed in by_grade.items():
        for key, text in printed.items():
            assert text == want[group_sex][key], (group_sex, key)
            cells += 1
    assert cells > 21 * 40  # every column of the three pages
    twelve = printed_tally(doc, "twelve_rows")
    assert set(twelve) == {("12歳", s) for s in ("男", "女", "計")}
    for group_sex, printed in twelve.items():
        for key, text in printed.items():
            assert text == want[group_sex][key]


def test_the_sample_numbers_are_those_of_the_school(sample: dict[str, Any]) -> None:
    total = recount(sample)[("合計", "計")]
    assert total["enrolled"] == str(len(sample["records"])) == "169"
    assert total["examined"] == "167"  # 2年1組8番 and 5年1組21番 have no 歯式
    assert total["recommended"] != "0" and total["reported"] != "0"


def test_every_csv_cell_is_the_recount(sample: dict[str, Any]) -> None:
    table = list(csv.reader(io.StringIO(to_csv(sample))))
    header, body = table[0], table[1:]
    assert header[:2] == ["学年", "性別"] and "う歯のない者・率（％）" in header
    assert len(body) == 21 + 3
    want = recount(sample)
    keys = [c.key for c in COLUMNS]
    for row in body:
        group, sex, values = row[0], row[1], row[2:]
        assert dict(zip(keys, values, strict=True)) == {k: want[(group, sex)][k] for k in keys}


def test_csv_keys_choose_the_columns(sample: dict[str, Any]) -> None:
    table = list(csv.reader(io.StringIO(to_csv(sample, keys=["examined", "DMF_mean"]))))
    assert table[0] == ["学年", "性別", "受検者数（人）", "永久歯のう歯（DMF）・1人平均DMF歯数（本）"]
    with pytest.raises(KeyError):
        to_csv(sample, keys=["dmft"])


def test_a_pupil_without_a_dental_record_is_enrolled_reported_not_examined(sample: dict[str, Any]) -> None:
    result = api.render(FORM, sample, "pdf")
    alerts = [a for a in result.report.alerts if a["code"] == "dental_not_examined"]
    seats = [(r["grade"], r["kumi"], r["number"]) for r in sample["records"]]
    missing = [f"records[{seats.index(s)}].dental" for s in ((2, "1", 8), (5, "1", 21))]
    assert [a["path"] for a in alerts] == missing
    text = pdf_text(result.data)
    assert "歯科検診を受けていない者（受検者数に含めない）:2人（2年1組8番、5年1組21番）" in text
    grade2 = recount(sample)[("第２学年", "計")]
    assert (grade2["enrolled"], grade2["examined"]) == ("26", "25")


def test_persons_and_teeth_are_labelled_apart_and_nothing_is_small(doc: Any) -> None:
    headers = [t.text for t in static_labels(doc)]
    assert any("（人）" in h for h in headers) and any("（本）" in h for h in headers)
    assert "う歯のない者" in headers and "永久歯のう歯（DMF）" in headers
    assert too_small(doc) == []
    short = [t for t in static_labels(doc) if len(t.text) < 20]
    assert broken_labels(short) == []


def test_rates_round_half_up_and_means_have_two_decimals() -> None:
    assert percent(1, 16) == "6.3"  # 6.25: 四捨五入, not round-half-even's 6.2
    assert percent(1, 8) == "12.5" and percent(2, 3) == "66.7" and percent(0, 5) == "0.0"
    assert percent(1, 0) == "…"
    assert mean(1, 8) == "0.13" and mean(5, 2) == "2.50" and mean(1, 0) == "…"


# ----------------------------------------------------------------------------- random schools

_TEETH_P = ["UR1", "UR6", "UL2", "UL6", "LR1", "LR6", "LL3", "LL6", "LL7"]
_TEETH_D = ["URC", "URD", "ULE", "LRD", "LRE", "LLB"]  # none replaced by a tooth of _TEETH_P


@st.composite
def _record(draw: st.DrawFn, grade: int, number: int) -> dict[str, Any]:
    year = 2025
    birth = f"{year - grade - 6}-{draw(st.sampled_from(['04-02', '07-15', '12-31']))}"  # fits 第{grade}学年
    r: dict[str, Any] = {
        "student": {"name": {"family": "山田"}, "sex": draw(st.sampled_from(["male", "female"])), "birth_date": birth},
        "grade": grade,
        "fiscal_year": year,
        "kumi": "1",
        "number": number,
    }
    if draw(st.booleans()) or draw(st.booleans()):
        perm = draw(st.dictionaries(st.sampled_from(_TEETH_P), st.sampled_from(["/", "C", "○", "△", "CO"])))
        prim = draw(st.dictionaries(st.sampled_from(_TEETH_D), st.sampled_from(["/", "C", "○", "×", "CO"])))
        judgement = st.one_of(st.none(), st.sampled_from([0, 1, 2]))
        r["dental"] = {
            "teeth": {"permanent": perm, "primary": prim},
            "alignment": draw(judgement),
            "jaw": draw(judgement),
            "plaque": draw(judgement),
            "gingiva": draw(judgement),
            "other": draw(st.sampled_from([None, [{"code": "normal"}], [{"code": "fused_tooth"}]])),
        }
    if draw(st.booleans()):
        ref: dict[str, Any] = {"exam": "歯科", "issued_on": "2025-06-10"}
        if draw(st.booleans()):
            ref |= {"reported_on": "2025-06-20", "result": "completed"}
        r["referrals"] = [ref]
    return r


@st.composite
def _school(draw: st.DrawFn) -> dict[str, Any]:
    records = []
    for grade in draw(st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True)):
        for n in range(1, draw(st.integers(1, 5)) + 1):
            records.append(draw(_record(grade, n)))
    school = {"name": "山口市立湯田小学校", "principal": "國本　正和"}
    return {"school": school, "fiscal_year": 2025, "records": records}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_school())
def test_random_schools_total_to_the_recount(data: dict[str, Any]) -> None:
    table = list(csv.reader(io.StringIO(to_csv(data))))
    header, body = table[0], table[1:]
    keys = [c.key for c in COLUMNS]
    assert len(header) == len(keys) + 2
    want = recount(data)
    for row in body:
        assert dict(zip(keys, row[2:], strict=True)) == {k: want[(row[0], row[1])][k] for k in keys}, row[:2]
    # 計 = 男 + 女 and 合計 = the sum of the 学年, for every count column
    by = {(row[0], row[1]): dict(zip(keys, row[2:], strict=True)) for row in body}
    counts = [k for k in keys if not k.endswith(("_rate", "_mean"))]
    for (group, sex), cells in by.items():
        if sex == "計":
            for k in counts:
                assert int(cells[k]) == int(by[(group, "男")][k]) + int(by[(group, "女")][k])
    for k in counts:
        assert int(by[("合計", "計")][k]) == sum(int(c[k]) for (g, s), c in by.items() if s == "計" and "学年" in g)


# ----------------------------------------------------------------------------- bad input


_D = "2025-06-10"


def _teeth(d: dict[str, Any]) -> dict[str, str]:
    teeth: dict[str, str] = d["records"][0]["dental"]["teeth"]["permanent"]
    return teeth


def _bare(r: dict[str, Any], **change: Any) -> dict[str, Any]:
    """The record without its dated parts (so that only ``change`` is wrong)."""
    keep = {k: v for k, v in r.items() if k in ("student", "grade", "fiscal_year", "kumi", "number")}
    return keep | change


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("records[0].student.sex", lambda d: d["records"][0]["student"].update(sex="unspecified")),
        ("records[0].fiscal_year", lambda d: d["records"].__setitem__(0, _bare(d["records"][0], fiscal_year=2024))),
        ("records[0].student.birth_date", lambda d: d["records"][0]["student"].update(birth_date="2016-06-01")),
        ("records[1].number", lambda d: d["records"][1].update(number=d["records"][0]["number"])),
        ("records[0].dental.teeth.permanent.UR6", lambda d: _teeth(d).update(UR6="X")),
        ("records[0].dental.gingiva", lambda d: d["records"][0]["dental"].update(gingiva=3)),
        ("records[0].dental.dentist.date", lambda d: d["records"][0]["dental"]["dentist"].update(date="2026-06-03")),
        ("records[0].referrals[0].exam", lambda d: d["records"][0].update(referrals=[{"exam": "皮", "issued_on": _D}])),
    ],
)
def test_bad_records_name_their_path(path: str, change: Any) -> None:
    data = fresh_sample(FORM)
    change(data)
    errors = error_messages(FORM, data)
    assert path in errors, list(errors)[:5]


def test_the_column_set_is_a_layout_option(tmp_path: Path) -> None:
    own = own_layout(FORM, tmp_path / "yamaguchi_2026.yaml", "keys: [", "keys: [examined, caries_free, untreated]")
    doc = api.compile_form(FORM, fresh_sample(FORM), layout=own).document
    page1 = [t.text for t in doc.pages[0].texts if t.static]
    assert "受検者数\n（人）" in page1 and "在籍者数\n（人）" not in page1 and "処置完了者" not in page1
    own_layout(FORM, own, "keys: [", "keys: [examined, dmft]")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert "dmft" in info.value.message


def test_the_shipped_sample_is_the_school_of_the_other_samples() -> None:
    data = fresh_sample(FORM)
    assert data["records"] == json.loads(json.dumps(fresh_sample("school_health_statistics")["records"]))
