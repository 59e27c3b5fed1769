"""成績一覧表 (forms-spec §4.3): one sheet per class listing every pupil's 評定 for a term.

There is no national form; the sheet is a checking tool for 担任 and 成績会議. So the input
holds only what a person types (評定 per 教科, 出欠 totals) and every derived number (5教科 /
9教科 合計・平均, 学級合計・平均) is computed by the binding — a typed total could disagree with
the 評定 beside it. The 教科 set follows the school type (中 9 教科, 小 3–6年 9 教科) unless the
school lists its own, and each 評定 is checked against its range (小 1–3, 中 1–5, R-EVAL-1).

What a commercial system also prints is optional here (conformance.md): 素点 per test (a second
sheet, one column per test × 教科), 席次 (computed, never typed) and averages the class sheet
cannot compute itself — a 学年平均 or コース平均 per 教科 — which are therefore input.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import (
    UNIQUE_ITEMS,
    AttendanceTotals,
    HomeroomHead,
    InputModel,
    IsoDate,
    PersonName,
    SchoolType,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations

JUNIOR_HIGH_SUBJECTS: tuple[str, ...] = (
    "国語", "社会", "数学", "理科", "音楽", "美術", "保健体育", "技術・家庭", "外国語",
)  # fmt: skip
ELEMENTARY_SUBJECTS: tuple[str, ...] = (
    "国語", "社会", "算数", "理科", "音楽", "図画工作", "家庭", "体育", "外国語",
)  # fmt: skip
# 5教科 of the 合計 (KENJA KNJD325 「５科」): 国・社・数(算)・理・外
CORE_SUBJECTS: frozenset[str] = frozenset({"国語", "社会", "数学", "算数", "理科", "外国語", "英語"})

Grade = Annotated[int, Strict(), Field(ge=1, le=5)] | Literal["/"]
SubjectName = Annotated[str, *text_rules(8, required=True)]
TestName = Annotated[str, *text_rules(6, required=True)]
Score = Annotated[int, Strict(), Field(ge=0, le=100)]
GradeAverage = Annotated[float, Field(ge=1, le=5)]
MAX_TESTS = 3


class ReferenceAverage(InputModel):
    """An average the class sheet cannot compute (学年平均, コース平均): one 評定 average per 教科."""

    label: Annotated[str, *text_rules(6, required=True)] = Field(
        title="名称", description="「学年平均」「コース平均」など"
    )
    averages: dict[SubjectName, GradeAverage] = Field(
        title="教科ごとの平均", description="教科名 → 評定の平均（小数第1位まで印字）"
    )


class GradeListStudent(InputModel):
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="出席番号")
    name: PersonName = Field(title="氏名")
    grades: dict[str, Grade] = Field(
        title="評定", description='教科名 → 評定（1〜5、小学校は1〜3）。評定しない教科は "/"'
    )
    attendance: AttendanceTotals | None = Field(default=None, title="出欠")
    scores: dict[SubjectName, list[Score | None]] = Field(
        default_factory=dict, title="素点", description="教科名 → テストごとの素点（tests と同じ順、未受験は null）"
    )


class GradeListInput(HomeroomHead):
    """Input of the 成績一覧表 (`grade_list`)."""

    created_on: IsoDate | None = Field(default=None, title="作成日")
    term: Annotated[str, *text_rules(6, required=True)] = Field(
        title="学期", description="「1学期」「前期」「学年末」など"
    )
    subjects: list[SubjectName] | None = Field(
        default=None, max_length=12, title="教科", description="省略時は中学校9教科／小学校の教科",
        json_schema_extra=UNIQUE_ITEMS,
    )
    threshold: Annotated[int, Strict(), Field(ge=1, le=4)] | None = Field(
        default=None, title="朱点", description="この値以下の評定に ※ を付ける（省略時は付けない）"
    )
    threshold_color: Literal["black", "red"] = Field(
        default="black", title="朱点の色", description="red: 朱点を赤で印字（※も付けるので白黒コピーでも読める）"
    )
    show_rank: bool = Field(default=False, title="席次を印字", description="5教科・全教科の合計の席次（計算値）")
    tests: list[TestName] = Field(
        default_factory=list, max_length=MAX_TESTS, title="テスト", description="素点の列（例: 中間、期末）"
    )
    reference_averages: list[ReferenceAverage] = Field(
        default_factory=list, max_length=3, title="学年平均・コース平均", description="学級平均の下に印字"
    )
    students: list[GradeListStudent] = Field(min_length=1, max_length=45, title="児童生徒")

    @property
    def subject_list(self) -> tuple[str, ...]:
        if self.subjects is not None:
            return tuple(self.subjects)
        if self.homeroom.school_type == SchoolType.ELEMENTARY:
            return ELEMENTARY_SUBJECTS
        return JUNIOR_HIGH_SUBJECTS

    @property
    def max_grade(self) -> int:
        return 3 if self.homeroom.school_type == SchoolType.ELEMENTARY else 5

    @model_validator(mode="after")
    def _rules(self) -> GradeListInput:
        """出席番号は重複しない、評定の教科は一覧表の教科のどれか、評定は1〜最大値（小学校 3、中学校 5）、
        小学校は第3学年から、朱点は評定の最大値より小さい。"""
        v = RuleViolations("GradeListInput")
        subjects = self.subject_list
        if len(set(subjects)) != len(subjects):
            v.add("subjects", "同じ教科が2回指定されています")
        seen: dict[int, int] = {}
        for i, s in enumerate(self.students):
            if s.number in seen:
                v.add(
                    ("students", i, "number"), f"出席番号{s.number}が重複しています（{seen[s.number] + 1}人目と同じ）"
                )
            seen.setdefault(s.number, i)
            for name, grade in s.grades.items():
                if name not in subjects:
                    v.add(("students", i, "grades", name), f"教科「{name}」はこの一覧表の教科にありません")
                elif grade != "/" and grade > self.max_grade:
                    v.add(("students", i, "grades", name), f"評定は1〜{self.max_grade}です", value=grade)
            for name, scores in s.scores.items():
                if name not in subjects:
                    v.add(("students", i, "scores", name), f"教科「{name}」はこの一覧表の教科にありません")
                elif len(scores) != len(self.tests):
                    message = f"テストの数（{len(self.tests)}）と素点の数（{len(scores)}）が違います"
                    v.add(("students", i, "scores", name), message)
        if len(set(self.tests)) != len(self.tests):
            v.add("tests", "同じテスト名が2回あります")
        for k, ref in enumerate(self.reference_averages):
            for name, value in ref.averages.items():
                if name not in subjects:
                    v.add(("reference_averages", k, "averages", name), f"教科「{name}」はこの一覧表の教科にありません")
                elif value > self.max_grade:
                    v.add(("reference_averages", k, "averages", name), f"評定の平均は{self.max_grade}以下です")
        if self.homeroom.school_type == SchoolType.ELEMENTARY and self.homeroom.grade < 3:
            v.add(("homeroom", "grade"), "小学校の評定は第3学年からです", value=self.homeroom.grade)
        if self.threshold is not None and self.threshold >= self.max_grade:
            v.add("threshold", f"朱点は評定の最大値 {self.max_grade} より小さくしてください", value=self.threshold)
        v.raise_if_any()
        return self
