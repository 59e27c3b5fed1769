"""The two parameters of a 指導要録: the school stage (小・中) and the kind of class.

Six form ids are one record. 小学校 and 中学校 differ in the pupil's label (児童/生徒), the
number of 学年, the 教科 with their taught years and 評定 scale, the 特別活動 items and the
進学先 label (forms-spec §4.7, §4.10). The 特別支援学級 variants add 入学時の障害の状態 and
自立活動 per 学年 (知的障がい以外, §4.8/§4.11) and, for 知的障がい, record the 各教科 of the
知的障害 curriculum as 文章記述 with their 段階 plus 交流及び共同学習 (§4.9/§4.12). Every such
difference is a value here; the models, the binding and the layouts take them as parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from unified_forms.models.curriculum import (
    ELEMENTARY_SUBJECTS,
    ELEMENTARY_TAUGHT,
    JUNIOR_HIGH_SUBJECTS,
    VIEWPOINTS,
)
from unified_forms.models.school import SchoolType


class Kind(StrEnum):
    """The class the record is kept for: 通常の学級, or a 特別支援学級 of either kind."""

    REGULAR = "regular"
    NON_INTELLECTUAL = "special_non_intellectual"
    INTELLECTUAL = "special_intellectual"

    @property
    def special(self) -> bool:
        """特別支援学級: 入学時の障害の状態 and 自立活動 are part of the record."""
        return self is not Kind.REGULAR

    @property
    def descriptive(self) -> bool:
        """知的障がい: 各教科 as 文章記述 (no 観点・評定 cells) and 交流及び共同学習."""
        return self is Kind.INTELLECTUAL

    @property
    def label(self) -> str:
        """The kind of 特別支援学級 as the contract names it (empty for the 通常の学級)."""
        return {Kind.REGULAR: "", Kind.NON_INTELLECTUAL: "知的障がい以外", Kind.INTELLECTUAL: "知的障がい"}[self]

    @property
    def note(self) -> str:
        """The class printed under the title of 様式1 and 様式2."""
        return f"（特別支援学級　{self.label}）" if self.special else ""


@dataclass(frozen=True, slots=True, eq=False)
class Stage:
    """What a 小学校 and a 中学校 record differ in (two constants; compared by identity)."""

    key: str  # elementary | junior_high
    school: str  # 小学校 / 中学校
    pupil: str  # 児童 / 生徒
    grades: tuple[int, ...]
    subjects: tuple[str, ...]  # 教科 with 観点別学習状況 and 評定
    taught: Mapping[str, tuple[int, ...]]  # 教科 not taught in every 学年
    hyotei_from: int  # first 学年 with a 評定
    hyotei_max: int  # 評定 1〜3 (小) / 1〜5 (中)
    no_hyotei: frozenset[str]  # 教科 without a 評定 (生活)
    viewpoint_labels: tuple[str, ...]  # the 3 観点 as printed (line breaks between words)
    activities: tuple[str, ...]  # 特別活動の記録: 内容
    activities_taught: Mapping[str, tuple[int, ...]]  # 内容 not held in every 学年 (クラブ活動)
    descriptive_subjects: tuple[str, ...]  # 知的障害教育の各教科
    foreign_activity_grades: tuple[int, ...]  # 外国語活動 (小3・4)
    integrated_from: int  # 総合的な学習の時間 from this 学年
    next_label: str  # 進学先 / 進学先・就職先等

    @property
    def school_type(self) -> SchoolType:
        """The school type whose 学年 the record counts (特別支援学級 pupils are in the same 学年)."""
        return SchoolType(self.key)

    @property
    def title(self) -> str:
        return f"{self.school}{self.pupil}指導要録"

    def taught_grades(self, subject: str) -> tuple[int, ...]:
        return self.taught.get(subject, self.grades)

    def has_hyotei(self, subject: str, grade: int) -> bool:
        """評定 exists from ``hyotei_from``, for every 教科 but 生活, where the 教科 is taught."""
        return subject not in self.no_hyotei and grade >= self.hyotei_from and grade in self.taught_grades(subject)

    def activity_grades(self, item: str) -> tuple[int, ...]:
        return self.activities_taught.get(item, self.grades)

    @property
    def integrated_grades(self) -> tuple[int, ...]:
        return tuple(g for g in self.grades if g >= self.integrated_from)


ELEMENTARY = Stage(
    key="elementary",
    school="小学校",
    pupil="児童",
    grades=(1, 2, 3, 4, 5, 6),
    subjects=ELEMENTARY_SUBJECTS,
    taught=MappingProxyType(ELEMENTARY_TAUGHT),
    hyotei_from=3,
    hyotei_max=3,
    no_hyotei=frozenset({"生活"}),
    viewpoint_labels=("知識・技能", "思考・判断・\n表現", "主体的に学習に\n取り組む態度"),
    activities=("学級活動", "児童会活動", "クラブ活動", "学校行事"),
    activities_taught=MappingProxyType({"クラブ活動": (4, 5, 6)}),
    descriptive_subjects=("生活", "国語", "算数", "音楽", "図画工作", "体育"),
    foreign_activity_grades=(3, 4),
    integrated_from=3,
    next_label="進学先",
)

JUNIOR_HIGH = Stage(
    key="junior_high",
    school="中学校",
    pupil="生徒",
    grades=(1, 2, 3),
    subjects=JUNIOR_HIGH_SUBJECTS,
    taught=MappingProxyType({}),
    hyotei_from=1,
    hyotei_max=5,
    no_hyotei=frozenset(),
    viewpoint_labels=VIEWPOINTS,
    activities=("学級活動", "生徒会活動", "学校行事"),
    activities_taught=MappingProxyType({}),
    descriptive_subjects=("国語", "社会", "数学", "理科", "音楽", "美術", "保健体育", "職業・家庭", "外国語"),
    foreign_activity_grades=(),
    integrated_from=1,
    next_label="進学先・就職先等",
)
