"""Printed marks of the 出席簿 and its 凡例: configuration, never data.

Each 教育委員会 sets its own 処理記号 (forms-spec §4.2(b), Appendix D), so records keep
the semantic status and the mark is looked up here at print time. The default follows
Appendix D in the paper tradition: 出席 blank, 欠席 ／, 遅刻 遅, 早退 早, 出席停止 停,
忌引 忌, 出席扱い 公, 未入力 未. For 遅刻 and 早退 on the same day KENJA prints the
half-width kana 「ｿﾁ」; we print the full-width 「遅早」 instead, because it reads as the two
marks it combines, which a 教頭 checking the sheet recognises without a look-up.
A 学級閉鎖 day prints 停 like any 出席停止 (it is one: 学校保健安全法第20条); a school
can give it its own mark. Schools that split 病欠/事故欠 set ``absence_by_kind``.

A SCHOOL_APPROVED day prints 公 even when 遅刻/早退 is also set (the flags still count).
Days that are not 授業日 print blank (their column is shaded).

Days outside the pupil's enrolment (before 転入学, after 転学・退学) must never look like the
blank that means 出席 (conformance.md 出席簿): by default (``not_enrolled=""``) the 出席簿 strikes
them through with one 斜線 over the whole span (``OUTSIDE_ENROLMENT_STROKE``); a school that
uses a mark instead (「－」, 「×」 …) sets ``not_enrolled`` and it prints in each such 授業日.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from unified_forms.attendance.records import AbsenceKind, CellState, DailyRecord, DayCell
from unified_forms.models.base import MAX_TEXT_CODEPOINTS


class Legend(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT_CODEPOINTS)

    present: str = Field(default="", max_length=4)
    absent: str = Field(default="／", max_length=4)
    late: str = Field(default="遅", max_length=4)
    early_leave: str = Field(default="早", max_length=4)
    late_and_early_leave: str = Field(default="遅早", max_length=4)
    suspended: str = Field(default="停", max_length=4)
    mourning: str = Field(default="忌", max_length=4)
    school_approved: str = Field(default="公", max_length=4)
    class_closure: str = Field(default="停", max_length=4)
    not_entered: str = Field(default="未", max_length=4)
    not_enrolled: str = Field(
        default="", max_length=4, description="在籍外の授業日の記号; 空欄: 在籍外の日を斜線で消す（既定）"
    )
    absence_by_kind: dict[AbsenceKind, str] = Field(
        default_factory=dict, description="e.g. {'病気': '病', '事故': '事'} to split 病欠/事故欠"
    )


DEFAULT_LEGEND = Legend()

OUTSIDE_ENROLMENT = "在籍外（転入前・転出後）"
OUTSIDE_ENROLMENT_STROKE = "斜線"  # how the 凡例 names the stroke drawn over days outside enrolment


def strikes_outside_enrolment(legend: Legend = DEFAULT_LEGEND) -> bool:
    """Whether days outside enrolment are struck through (no mark of the school's own)."""
    return legend.not_enrolled == ""


def _attended_mark(legend: Legend, late: bool, early: bool) -> str:
    if late and early:
        return legend.late_and_early_leave
    if late:
        return legend.late
    if early:
        return legend.early_leave
    return legend.present


def mark_for(item: DailyRecord | DayCell, legend: Legend = DEFAULT_LEGEND) -> str:
    """The mark printed in a day cell for a record or a compiled :class:`DayCell`."""
    state = CellState(item.status.value) if isinstance(item, DailyRecord) else item.state
    match state:
        case CellState.NO_SCHOOL:
            return ""
        case CellState.NOT_ENROLLED:
            return legend.not_enrolled
        case CellState.PRESENT:
            return _attended_mark(legend, item.late, item.early_leave)
        case CellState.ABSENT:
            if item.kind is not None:
                override = legend.absence_by_kind.get(AbsenceKind(item.kind))
                if override is not None:
                    return override
            return legend.absent
        case CellState.SUSPENDED:
            return legend.suspended
        case CellState.CLASS_CLOSURE:
            return legend.class_closure
        case CellState.MOURNING:
            return legend.mourning
        case CellState.SCHOOL_APPROVED:
            return legend.school_approved
        case CellState.NOT_ENTERED:
            return legend.not_entered
    raise AssertionError(f"unhandled cell state {state}")  # pragma: no cover


def legend_items(legend: Legend = DEFAULT_LEGEND) -> list[tuple[str, str]]:
    """(mark, label) pairs for the printed 凡例, in a fixed order.

    Blank marks are left out (出席 = 空欄 needs no entry); statuses sharing a mark are
    merged into one entry (「停」 出席停止・学級閉鎖). Days outside enrolment always have an
    entry: the school's mark, or 「斜線」 for the default stroke.
    """
    entries: list[tuple[str, str]] = [
        (legend.absent, "欠席"),
        *((legend.absence_by_kind[k], f"欠席（{k.value}）") for k in AbsenceKind if k in legend.absence_by_kind),
        (legend.late, "遅刻"),
        (legend.early_leave, "早退"),
        (legend.late_and_early_leave, "遅刻・早退"),
        (legend.suspended, "出席停止"),
        (legend.class_closure, "学級閉鎖"),
        (legend.mourning, "忌引"),
        (legend.school_approved, "出席扱い"),
        (legend.not_entered, "未入力"),
        (legend.not_enrolled or OUTSIDE_ENROLMENT_STROKE, OUTSIDE_ENROLMENT),
    ]
    merged: dict[str, list[str]] = {}
    for mark, label in entries:
        if not mark:
            continue
        labels = merged.setdefault(mark, [])
        if label not in labels:
            labels.append(label)
    return [(mark, "・".join(labels)) for mark, labels in merged.items()]
