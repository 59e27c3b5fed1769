"""学校保健統計調査 (forms-spec §4.17): 発育状態調査票 and 健康状態調査票, computed from the records.

The input is every enrolled pupil's record of the 年度 (families/health_checkup/record.py) plus
the two things the school is told each year and the public sources do not fix: how the 発育状態
pupils are drawn (起番号, 抽出間隔, 抽出数 — :class:`GrowthSampling`) and the counting rules the
手引 states but that could not be read (:class:`Counting`; defaults in statistics_tally.py). Counts
are by 年齢 on 4月1日 × 性別, never typed.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, Strict

from unified_forms.families.health_checkup.record import SurveyInput
from unified_forms.families.health_checkup.statistics_tally import Rules
from unified_forms.models.common import InputModel

Positive = Annotated[int, Strict(), Field(ge=1, le=500)]


class GrowthSampling(InputModel):
    """発育状態調査の抽出: per 年齢 × 性別, in 出席番号 order, 起番号 then every 抽出間隔."""

    start: Positive = Field(default=1, title="起番号")
    interval: Positive = Field(default=1, title="抽出間隔", description="1: 全員")
    per_group: Positive | None = Field(
        default=None,
        title="抽出数（年齢・性別ごと）",
        description="省略時は名簿の終わりまで。指定時は名簿の最初に戻って続ける",
    )


class Counting(InputModel):
    """Counting rules of the 健康状態調査 that the public sources leave open (see statistics_tally)."""

    protein_from: Literal["±", "+", "2+", "3+"] = Field(default="±", title="蛋白検出とする判定")
    sugar_from: Literal["±", "+", "2+", "3+"] = Field(default="+", title="尿糖検出とする判定")
    urine_round: Literal["first", "second"] = Field(
        default="first", title="判定に使う尿検査", description="first: 第1次"
    )
    dental_level: Literal[1, 2] = Field(default=2, title="歯列・咬合など該当とする判定", description="2: 「2」の者")

    def rules(self) -> Rules:
        return Rules(self.protein_from, self.sugar_from, self.urine_round, self.dental_level)


class SchoolHealthStatisticsInput(SurveyInput):
    """Input of the 学校保健統計調査 (`school_health_statistics`): the school's records of the 年度."""

    form_id: ClassVar[str] = "school_health_statistics"

    growth_sampling: GrowthSampling = Field(default_factory=GrowthSampling, title="発育状態調査の抽出")
    counting: Counting = Field(default_factory=Counting, title="健康状態調査の数え方")
