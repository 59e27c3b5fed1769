"""学校保健統計調査: 健康状態 (年齢 on 4/1 × 性別) and 発育状態, re-derived from the records here.

The recount reads the raw JSON with plain loops and its own copy of the category of each code
(written out below from the survey's categories, not imported), so the library's tally is checked
against an independent one: on the shipped sample school (every printed cell and every CSV cell)
and, with hypothesis, on random schools.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, own_layout, pdf_text, texts_by_field
from healthkit import avg, printed_tally, too_small
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError
from unified_forms.forms.school_health_statistics import to_csv

FORM = "school_health_statistics"
SEX = {"male": "男", "female": "女"}
# the survey category of each code, written out independently of codes.py
ENT = {
    "otitis_media": "ear", "otitis_externa": "ear", "cerumen": "ear", "ear_other": "ear",
    "allergic_rhinitis": "nose", "sinusitis": "nose", "nose_other": "nose",
    "tonsil": "throat", "adenoid": "throat", "throat_other": "throat",
}  # fmt: skip
SKIN = {"atopic_dermatitis": "atopic", "molluscum": "skin_other", "impetigo": "skin_other"}
SKIN |= {"urticaria": "skin_other", "skin_other": "skin_other"}
OTHER = {"asthma": "asthma", "kidney": "kidney", "speech": "speech", "food_allergy": "other", "other": "other"}
URINE = ["−", "±", "+", "2+", "3+"]


def _age(birth: str, year: int) -> int:
    y, m, d = (int(x) for x in birth.split("-"))
    return year - y - (1 if (m, d) > (4, 1) else 0)


def _letter(v: Any) -> str:
    if isinstance(v, str):
        return v
    return "A" if v >= 1.0 else "B" if v >= 0.7 else "C" if v >= 0.3 else "D"


def _codes(items: Any) -> list[str]:
    return [f["code"] for f in items or [] if f["code"] != "normal"]


def _general(g: dict[str, Any]) -> Counter[str]:
    c: Counter[str] = Counter(examined=1)
    c["nutrition"] += g.get("nutrition") not in (None, "normal")
    c["spine"] += bool(_codes(g.get("spine")))
    c["eye"] += bool(_codes(g.get("eye")))
    for code in set(_codes(g.get("ent"))):
        c[ENT[code]] = 1
    for key in {SKIN[code] for code in _codes(g.get("skin"))}:
        c[key] = 1
    for key in {OTHER[code] for code in _codes(g.get("other"))}:
        c[key] = 1
    tb = g.get("tuberculosis") or {}
    c["tb_review"] += bool(tb.get("detailed_exam"))
    c["tb"] += "tuberculosis" in _codes(tb.get("findings"))
    heart = g.get("heart") or {}
    c["heart"] += bool(_codes(heart.get("findings")))
    ecg = (heart.get("ecg") or {}).get("result")
    if ecg is not None:
        c["ecg_examined"] += 1
        c["ecg"] += ecg == "abnormal"
    ears = [(g.get("hearing") or {}).get(s) or {} for s in ("right", "left")]
    if any(e.get("screen") in ("pass", "fail") for e in ears):
        c["hearing_examined"] += 1
        c["hearing_loss"] += any(e.get("screen") == "fail" for e in ears)
    eyes = [(g.get("vision") or {}).get(s) or {} for s in ("right", "left")]
    values = [e.get(k) for e in eyes for k in ("naked", "corrected")]
    if "unmeasurable" not in values and any(v is not None for v in values):
        c["vision_examined"] += 1
        naked = [_letter(e["naked"]) for e in eyes if e.get("naked") is not None]
        corrected = any(e.get("corrected") is not None for e in eyes)
        if not naked:
            c["vc_none"] += 1
        else:
            c[("vc_" if corrected else "vn_") + max(naked)] += 1
    first = (g.get("urine") or {}).get("first")
    if first is not None:
        c["urine_examined"] += 1
        c["protein"] += URINE.index(first.get("protein") or "−") >= 1
        c["glucose"] += URINE.index(first.get("sugar") or "−") >= 2
    return c


def _dental(d: dict[str, Any] | None, twelve: bool) -> Counter[str]:
    c: Counter[str] = Counter()
    teeth = (d or {}).get("teeth") or {}
    perm = list((teeth.get("permanent") or {}).values())
    prim = list((teeth.get("primary") or {}).values())
    if not d or not (perm or prim):
        return c
    every = perm + prim
    c["dental_examined"] = 1
    c["caries"] = "C" in every or "○" in every or "△" in every
    c["completed"] = "C" not in every and ("○" in every or "△" in every)
    c["untreated"] = "C" in every
    for key in ("alignment", "jaw", "plaque", "gingiva"):
        c[f"{key}_hit"] = (d.get(key) or 0) >= 2
    c["dental_other"] = bool(_codes(d.get("other")))
    if twelve:
        c["t_examined"] = 1
        c["t_D"], c["t_M"], c["t_F"] = perm.count("C"), perm.count("△"), perm.count("○")
    return c


def recount(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, str]]:
    year = data["fiscal_year"]
    sums: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    ages = set(range(12, 15)) if data.get("school_type") == "junior_high" else set(range(6, 12))
    for r in data["records"]:
        age = _age(r["student"]["birth_date"], year)
        ages.add(age)
        c: Counter[str] = Counter(enrolled=1)
        if r.get("general") is not None:
            c += _general(r["general"])
        c += _dental(r.get("dental"), age == 12)
        sex = SEX[r["student"]["sex"]]
        groups = [f"{age}歳", "合計"] + (["12歳*"] if age == 12 else [])
        for g in groups:
            sums[(g, sex)] += c
            sums[(g, "計")] += c
    out: dict[tuple[str, str], dict[str, str]] = {}
    for g in [*(f"{a}歳" for a in sorted(ages)), "合計", "12歳*"]:
        for sex in ("男", "女", "計"):
            t = sums[(g, sex)]
            cells = {k: str(t[k]) for k in KEYS if not k.endswith("_mean")}
            n = t["t_examined"]
            cells["t_mean"] = avg(t["t_D"] + t["t_M"] + t["t_F"], n)
            cells["t_M_mean"] = avg(t["t_M"], n)
            cells["t_DF_mean"] = avg(t["t_D"] + t["t_F"], n)
            cells["t_F_mean"] = avg(t["t_F"], n)
            cells["t_D_mean"] = avg(t["t_D"], n)
            out[(g, sex)] = cells
    return out


KEYS = (
    "enrolled", "examined", "nutrition", "spine", "vision_examined",
    "vn_A", "vn_B", "vn_C", "vn_D", "vc_A", "vc_B", "vc_C", "vc_D", "vc_none",
    "eye", "hearing_examined", "hearing_loss", "ear", "nose", "throat", "atopic", "skin_other",
    "tb_review", "tb", "ecg_examined", "ecg", "heart", "urine_examined", "protein", "glucose",
    "asthma", "kidney", "speech", "other",
    "dental_examined", "caries", "completed", "untreated", "alignment_hit", "jaw_hit", "plaque_hit", "gingiva_hit",
    "dental_other", "t_examined", "t_M", "t_F", "t_D", "t_mean", "t_M_mean", "t_DF_mean", "t_F_mean", "t_D_mean",
)  # fmt: skip


def _csv_check(data: dict[str, Any]) -> None:
    table = list(csv.reader(io.StringIO(to_csv(data))))
    header, body = table[0], table[1:]
    assert header[:2] == ["年齢", "性別"] and len(header) == len(KEYS) + 2
    want = recount(data)
    n_ages = len({k[0] for k in want}) - 2
    assert len(body) == 3 * (n_ages + 1) + 3
    for i, row in enumerate(body):
        group = "12歳*" if i >= len(body) - 3 else row[0]
        assert dict(zip(KEYS, row[2:], strict=True)) == want[(group, row[1])], row[:2]


# ----------------------------------------------------------------------------- the sample school


def test_listed_with_its_order_and_paper() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert (info.title, info.paper) == ("学校保健統計調査", "A4 landscape")
    assert [f.id for f in uf.forms()].index(FORM) == [f.id for f in uf.forms()].index("dental_health_survey") + 1


def test_every_printed_health_count_is_the_recount(sample: dict[str, Any], doc: Any) -> None:
    want = recount(sample)
    by_age = printed_tally(doc, "tally_rows")
    assert [g for g, s in by_age if s == "計"] == ["6歳", "7歳", "8歳", "9歳", "10歳", "11歳", "合計"]
    cells = 0
    for group_sex, printed in by_age.items():
        for key, text in printed.items():
            assert text == want[group_sex][key], (group_sex, key)
            cells += 1
    assert cells == 21 * len(set(KEYS) - {k for k in KEYS if k.startswith("t_")})
    for (_, sex), printed in printed_tally(doc, "twelve_rows").items():
        for key, text in printed.items():
            assert text == want[("12歳*", sex)][key]


def test_every_csv_cell_is_the_recount(sample: dict[str, Any]) -> None:
    _csv_check(sample)


def test_the_sample_counts_tell_the_schools_story(sample: dict[str, Any]) -> None:
    total = recount(sample)[("合計", "計")]
    assert (total["enrolled"], total["examined"], total["dental_examined"]) == ("169", "168", "167")
    assert total["ecg_examined"] == "24"  # 心電図: 1年 only
    grades = {r["grade"] for r in sample["records"] if "hearing" in (r.get("general") or {})}
    assert grades == {1, 2, 3, 5}  # 聴力: 4年・6年は省略
    assert int(total["hearing_examined"]) == sum(1 for r in sample["records"] if r["grade"] in grades) - 1


def test_growth_rows_are_the_sampled_pupils_without_names(sample: dict[str, Any], doc: Any) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(sample, table="growth"))))
    assert rows[0] == ["番号", "学年", "性別", "生年月日", "年齢", "身長(cm)", "体重(kg)", "測定日"]
    # the rule, recounted: per 年齢 × 性別 in 出席番号 order, 起番号 2 then every 5th
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(sample["records"], key=lambda r: (r["grade"], r["kumi"], r["number"])):
        groups[(_age(r["student"]["birth_date"], 2025), r["student"]["sex"])].append(r)
    want = []
    for key in sorted(groups, key=lambda k: (k[0], k[1] != "male")):
        want += [r for r in groups[key][1::5] if (r.get("general") or {}).get("height_cm") is not None]
    assert len(rows) - 1 == len(want) > 30
    for row, r in zip(rows[1:], want, strict=True):
        g = r["general"]
        assert row[1:] == [
            str(r["grade"]), SEX[r["student"]["sex"]], r["student"]["birth_date"],
            str(_age(r["student"]["birth_date"], 2025)),
            f"{g['height_cm']:.1f}", f"{g['weight_kg']:.1f}", g["measured_on"],
        ]  # fmt: skip
    printed = texts_by_field(doc)
    heights = [t for f, t in printed.items() if f.endswith(".general.height_cm")]
    assert len(heights) == len(want)
    text = pdf_text(uf.render_pdf(FORM, sample))
    names = [r["student"]["name"]["family"] + r["student"]["name"].get("given", "") for r in want]
    assert not any(name in text for name in names)  # a statistical return has no names


def test_growth_sampling_wraps_to_the_top_for_a_fixed_count() -> None:
    data = fresh_sample(FORM)
    data["growth_sampling"] = {"start": 7, "interval": 5, "per_group": 4}
    rows = list(csv.reader(io.StringIO(to_csv(data, table="growth"))))[1:]
    by = Counter((r[4], r[2]) for r in rows)
    sizes = Counter((str(_age(r["student"]["birth_date"], 2025)), SEX[r["student"]["sex"]]) for r in data["records"])
    want = {k: min(4, n) for k, n in sizes.items()}  # 4 each, or the whole of a smaller group
    unmeasured = [a for a in api.render(FORM, data, "pdf").report.alerts if a["code"] == "growth_not_measured"]
    assert sum(by.values()) + len(unmeasured) == sum(want.values())
    assert all(want[k] - 1 <= by[k] <= want[k] for k in want)
    data["growth_sampling"] = {"start": 1, "interval": 1}
    with pytest.raises(FormDataError) as info:
        uf.render_pdf(FORM, data)
    assert info.value.errors[0].path == "growth_sampling" and "120" in info.value.errors[0].message


def test_counting_rules_are_input_andprinted_tally(sample: dict[str, Any]) -> None:
    text = pdf_text(uf.render_pdf(FORM, sample))
    assert "蛋白検出第1次±以上" in text and "判定2の者" in text
    data = fresh_sample(FORM)
    data["counting"] = {"protein_from": "+", "dental_level": 1}
    tables = {(r[0], r[1]): r for r in csv.reader(io.StringIO(to_csv(data)))}
    base = {(r[0], r[1]): r for r in csv.reader(io.StringIO(to_csv(sample)))}
    col = base[("年齢", "性別")].index("尿・蛋白検出の者")
    assert int(tables[("合計", "計")][col]) <= int(base[("合計", "計")][col])
    assert "判定1以上の者・歯肉の状態" in tables[("年齢", "性別")]


def test_nothing_prints_under_6_pt(doc: Any) -> None:
    assert too_small(doc) == []


def test_a_pupil_without_a_general_record_is_reported(sample: dict[str, Any]) -> None:
    alerts = api.render(FORM, sample, "pdf").report.alerts
    seats = [(r["grade"], r["kumi"], r["number"]) for r in sample["records"]]
    missing = f"records[{seats.index((5, '1', 21))}].general"
    assert [a["path"] for a in alerts if a["code"] == "general_not_examined"] == [missing]


# ----------------------------------------------------------------------------- random schools

_ENT = st.sampled_from([None, [{"code": "normal"}], [{"code": "allergic_rhinitis"}, {"code": "cerumen"}],
                        [{"code": "tonsil"}]])  # fmt: skip
_VISION = st.sampled_from([1.5, 1.0, 0.8, 0.5, 0.2, "A", "C", "D", "unmeasurable"])


@st.composite
def _general_exam(draw: st.DrawFn) -> dict[str, Any]:
    eye = {"naked": draw(st.one_of(st.none(), _VISION)), "corrected": draw(st.one_of(st.none(), _VISION))}
    g: dict[str, Any] = {
        "nutrition": draw(st.sampled_from([None, "normal", "obesity", "malnutrition"])),
        "spine": draw(st.sampled_from([None, [{"code": "normal"}], [{"code": "scoliosis"}]])),
        "vision": {"right": eye, "left": {"naked": draw(st.one_of(st.none(), _VISION))}},
        "eye": draw(st.sampled_from([None, [{"code": "strabismus"}]])),
        "ent": draw(_ENT),
        "skin": draw(st.sampled_from([None, [{"code": "atopic_dermatitis"}], [{"code": "molluscum"}]])),
        "other": draw(st.sampled_from([None, [{"code": "asthma"}, {"code": "kidney"}], [{"code": "food_allergy"}]])),
        "tuberculosis": {"detailed_exam": draw(st.booleans()), "findings": [{"code": "tuberculosis"}]}
        if draw(st.booleans())
        else {},
        "heart": {
            "ecg": {"result": draw(st.sampled_from([None, "normal", "abnormal"]))},
            "findings": draw(st.sampled_from([None, [{"code": "murmur"}]])),
        },
    }
    if draw(st.booleans()):
        g["hearing"] = {s: {"screen": draw(st.sampled_from(["pass", "fail", "difficult"]))} for s in ("right", "left")}
    if draw(st.booleans()):
        g["urine"] = {"first": {"protein": draw(st.sampled_from(URINE)), "sugar": draw(st.sampled_from(URINE))}}
    return g


@st.composite
def _school(draw: st.DrawFn) -> dict[str, Any]:
    records = []
    junior = draw(st.booleans())  # 中学校: 12歳 pupils and their 永久歯 DMF
    for number in range(1, draw(st.integers(1, 12)) + 1):
        grade = draw(st.integers(1, 3 if junior else 6))
        birth = f"{2025 - grade - (12 if junior else 6)}-{draw(st.sampled_from(['04-02', '09-30']))}"
        r: dict[str, Any] = {
            "student": {"name": {"family": "山田"}, "sex": draw(st.sampled_from(list(SEX))), "birth_date": birth},
            "grade": grade,
            "fiscal_year": 2025,
            "kumi": "1",
            "number": number,
        }
        if draw(st.booleans()) or draw(st.booleans()):
            r["general"] = draw(_general_exam())
        if draw(st.booleans()):
            symbols = st.sampled_from(["/", "C", "○", "△"])
            perm = draw(st.dictionaries(st.sampled_from(["UR6", "UL6", "LR7"]), symbols))
            r["dental"] = {"teeth": {"permanent": perm}, "gingiva": draw(st.sampled_from([None, 0, 1, 2]))}
        records.append(r)
    school = {"name": "山口市立湯田中学校" if junior else "山口市立湯田小学校", "principal": "原田　敏之"}
    kind = "junior_high" if junior else "elementary"
    return {"school": school, "school_type": kind, "fiscal_year": 2025, "records": records}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_school())
def test_random_schools_total_to_the_recount(data: dict[str, Any]) -> None:
    _csv_check(data)


# ----------------------------------------------------------------------------- bad input


def test_a_pupil_counted_in_an_age_the_birth_date_contradicts_is_refused() -> None:
    data = fresh_sample(FORM)
    data["records"][0]["student"]["birth_date"] = "2017-06-01"  # 第1学年 but 7歳 on 4/1
    errors = error_messages(FORM, data)
    assert "records[0].student.birth_date" in errors and "第2学年" in errors["records[0].student.birth_date"]
    data["records"][0]["student"]["off_age_reason"] = "就学猶予（1年）"
    uf.validate(FORM, data)


@pytest.mark.parametrize(
    ("path", "where", "value"),
    [
        ("counting.protein_from", "counting", {"protein_from": "++"}),
        ("growth_sampling.interval", "growth_sampling", {"interval": 0}),
        ("records[0].general.nutrition", "nutrition", "fat"),
        ("records[0].general.hearing.left.level_db", "hearing", {"left": {"screen": "pass", "level_db": 40}}),
        ("records[0].general.urine.second.sugar", "urine", {"second": {"sugar": "+"}}),
        ("records[0].general.vision.date", "vision", {"date": "2026-04-11"}),
    ],
)
def test_bad_input_names_its_path(path: str, where: str, value: Any) -> None:
    data = fresh_sample(FORM)
    if where in ("counting", "growth_sampling"):
        data[where] = value
    else:
        data["records"][0]["general"][where] = value
    assert path in error_messages(FORM, data)


def test_the_column_set_is_a_layout_option(tmp_path: Path) -> None:
    own = own_layout(FORM, tmp_path / "own.yaml", "keys: [", "keys: [enrolled, examined, hearing_loss]")
    doc = api.compile_form(FORM, fresh_sample(FORM), layout=own).document
    page1 = [t.text for t in doc.pages[0].texts if t.static]
    assert "難聴" in page1 and "栄養状態" not in page1
