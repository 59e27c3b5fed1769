"""The 学校保健統計調査's tables, computed once for the printed sheets and the CSV."""

from __future__ import annotations

from dataclasses import dataclass

from unified_forms.families.health_checkup.statistics_tally import Rules, columns, growth_sample, indicators
from unified_forms.families.health_checkup.tally import Column, Group, tally
from unified_forms.families.health_checkup.years import usual_age
from unified_forms.forms.school_health_statistics.model import SchoolHealthStatisticsInput
from unified_forms.models.common import SchoolType

TWELVE = 12


@dataclass(frozen=True, slots=True)
class StatisticsTables:
    columns: tuple[Column, ...]
    by_age: list[Group]  # 年齢 (4月1日) × 男・女・計, + 合計
    twelve: list[Group]  # 12歳 × 男・女・計
    growth: list[int]  # record indices measured for the 発育状態調査票
    growth_unmeasured: list[int]  # sampled but without 身長・体重: reported, not printed as rows
    not_examined: list[int]  # listed without a 一般 record


def ages(m: SchoolHealthStatisticsInput) -> list[int]:
    """The 年齢 rows: those of the school type's 学年 and any other age a pupil has."""
    kind = SchoolType(m.school_type)
    usual = {usual_age(kind, g) for g in range(1, kind.max_grade + 1)}
    return sorted(usual | {m.age(i) for i in range(len(m.records))})


def statistics_tables(m: SchoolHealthStatisticsInput) -> StatisticsTables:
    rules: Rules = m.counting.rules()
    per_pupil = [indicators(r, rules, twelve=m.age(i) == TWELVE) for i, r in enumerate(m.records)]
    keyed = [(m.age(i), r.student.sex.value, x) for i, (r, x) in enumerate(zip(m.records, per_pupil, strict=True))]
    by_age = tally(keyed, [(a, f"{a}歳") for a in ages(m)])
    twelve = tally((k for k in keyed if k[0] == TWELVE), [(TWELVE, f"{TWELVE}歳")], grand_total=False)
    s = m.growth_sampling
    order = [(m.age(i), r.student.sex.value, (r.grade, r.kumi, r.number)) for i, r in enumerate(m.records)]
    sampled = growth_sample(order, s.start, s.interval, s.per_group)

    def measured(i: int) -> bool:
        g = m.records[i].general
        return g is not None and g.height_cm is not None and g.weight_kg is not None

    return StatisticsTables(
        columns=columns(rules),
        by_age=by_age,
        twelve=twelve,
        growth=[i for i in sampled if measured(i)],
        growth_unmeasured=[i for i in sampled if not measured(i)],
        not_examined=[i for i, r in enumerate(m.records) if r.general is None],
    )
