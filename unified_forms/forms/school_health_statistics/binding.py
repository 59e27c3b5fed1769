"""Binding of the 学校保健統計調査: the records → 健康状態調査票 (P-19 by 年齢) and 発育状態調査票.

All numbers come from :func:`statistics_tables` (the same as the CSV). The 健康状態 rows carry every
column and each page's P-19 placement chooses its columns (``keys``). The 発育状態 rows are the
sampled pupils, in 年齢・性別・出席番号 order, without names (a statistical return); the sheet holds
up to 120 (two pages of two columns of 30), more is refused with the count. Pupils listed without a
一般 record, and sampled pupils without 身長・体重, are reported on the sheet by 学年・組・番号 and
as render-report alerts with the record's path — never guessed.
"""

from __future__ import annotations

from typing import Any

from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.families.health_checkup.sheet import survey_slots
from unified_forms.families.health_checkup.tally import column_items, rows
from unified_forms.forms.school_health_statistics.model import SchoolHealthStatisticsInput
from unified_forms.forms.school_health_statistics.tables import StatisticsTables, statistics_tables
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.patterns.dates import wareki

GROWTH_PER_LIST = 30
GROWTH_LISTS = 4


def _growth_row(m: SchoolHealthStatisticsInput, n: int, i: int) -> Row:
    r = m.records[i]
    g = r.general
    assert g is not None and g.height_cm is not None and g.weight_kg is not None
    base = f"records[{i}].general"
    return {
        "seq": str(n),
        "grade": f"{r.grade}年",
        "sex": r.student.sex.label,
        "birth": wareki(r.student.birth_date),
        "age": f"{m.age(i)}歳",
        "height": Value(f"{g.height_cm:.1f}", f"{base}.height_cm"),
        "weight": Value(f"{g.weight_kg:.1f}", f"{base}.weight_kg"),
        "measured": "" if g.measured_on is None else f"{g.measured_on.month}月{g.measured_on.day}日",
    }


def _notes(m: SchoolHealthStatisticsInput, t: StatisticsTables) -> dict[str, str]:
    def seats(idx: list[int]) -> str:
        return f"{len(idx)}人（{'、'.join(m.seat(i) for i in idx)}）" if idx else "なし"

    dental_missing = [i for i, r in enumerate(m.records) if r.dental is None or not r.dental.examined]
    c = m.counting
    s = m.growth_sampling
    per_group = "名簿の終わりまで" if s.per_group is None else f"{s.per_group}人（名簿の最初に戻って続ける）"
    return {
        "not_examined": f"一般の健康診断を受けていない者（受検者数に含めない）: {seats(t.not_examined)}　"
        f"歯科: {seats(dental_missing)}",
        "counting": f"数え方: 蛋白検出 第{'1' if c.urine_round == 'first' else '2'}次 {c.protein_from} 以上、"
        f"尿糖検出 {c.sugar_from} 以上、歯列・咬合・顎関節・歯垢・歯肉 判定{c.dental_level}"
        f"{'以上' if c.dental_level == 1 else ''}の者。裸眼視力は左右の低い方。",
        "growth_rule": f"抽出: 年齢・性別ごとに出席番号順の名簿から起番号 {s.start}、抽出間隔 {s.interval}、"
        f"抽出数 {per_group}。抽出して身長・体重のない者: {seats(t.growth_unmeasured)}",
    }


def _alerts(m: SchoolHealthStatisticsInput, t: StatisticsTables) -> list[dict[str, Any]]:
    out = [
        {"code": "general_not_examined", "message": f"{m.seat(i)}: 一般の記録がないため受検者に数えていません",
         "path": f"records[{i}].general", "count": 1}
        for i in t.not_examined
    ]
    out += [
        {"code": "growth_not_measured", "message": f"{m.seat(i)}: 発育状態調査に抽出されましたが身長・体重がありません",
         "path": f"records[{i}].general.height_cm", "count": 1}
        for i in t.growth_unmeasured
    ]
    return out


def bind(m: SchoolHealthStatisticsInput) -> Bound:
    t = statistics_tables(m)
    capacity = GROWTH_PER_LIST * GROWTH_LISTS
    if len(t.growth) > capacity:
        message = f"発育状態調査に{len(t.growth)}人を抽出しました。この様式は{capacity}人までです"
        message += "（抽出間隔を確認してください）"
        raise FormDataError(ErrorEntry("growth_sampling", message, "発育状態調査の抽出"), form_id=m.form_id)
    growth = [_growth_row(m, n + 1, i) for n, i in enumerate(t.growth)]
    lists: dict[str, list[Row]] = {
        "tally_columns": column_items(t.columns),
        "tally_rows": rows(t.by_age, t.columns),
        "twelve_rows": rows(t.twelve, t.columns),
    }
    for k in range(GROWTH_LISTS):
        lists[f"growth_{k + 1}"] = growth[k * GROWTH_PER_LIST : (k + 1) * GROWTH_PER_LIST]
    slots: dict[str, Slot] = {
        **survey_slots(m),
        "growth_count": f"抽出人数 {len(t.growth)}人",
        **_notes(m, t),
    }
    flags = frozenset({"growth_more"}) if len(t.growth) > 2 * GROWTH_PER_LIST else frozenset()
    return Bound(slots=slots, lists=lists, flags=flags, sheet_name="学校保健統計調査", alerts=_alerts(m, t))
