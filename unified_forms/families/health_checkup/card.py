"""What both 健康診断票 print above their grid: 学校名 and the pupil (ふりがな・氏名, 性別, 生年月日)."""

from __future__ import annotations

from unified_forms.families.health_checkup.record import PupilHealthCard
from unified_forms.layout.bound import Slot, Value
from unified_forms.patterns.dates import wareki

# input fields a 票 accepts and deliberately does not print, with the reason (Form.not_printed)
CARD_NOT_PRINTED: dict[str, str] = {
    "school.address": "学校の所在地: the 健康診断票 prints 学校名 only",
    "school.code": "学校コード: the 健康診断票 prints 学校名 only",
    "school.principal*": "校長: the 健康診断票 has no 校長 field",
    "student.off_age_reason": "学齢と異なる学年の理由: lets the record accept them; not a 様式 field",
    "years[].referrals*": "治療勧告と受診報告: printed on the 治療勧告書, counted by the 歯科保健調査票",
}


def card_slots(m: PupilHealthCard) -> dict[str, Slot]:
    student, school = m.student, m.school
    return {
        "fiscal_year": "",
        "school_name": Value(school.name, "school.name"),
        "created": "",  # P-01 作成日: the 票 has none
        "student_name": Value(student.name.full_with_alias, "student.name"),
        "student_kana": Value(student.name.kana_hiragana, "student.name.kana_family"),
        "sex": Value(student.sex.label, "student.sex"),
        "birth_date": wareki(student.birth_date, "student.birth_date", suffix="生"),
    }
