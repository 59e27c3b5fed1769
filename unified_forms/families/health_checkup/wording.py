"""How a result of the record is printed, written once for the 健康診断票 and the 治療勧告書.

Each function follows the 記入上の注意 of the 児童生徒健康診断票（一般） (see general.py for the
source): 視力 裸眼 left of the parentheses and 矯正 inside, as A〜D; 聴力 ○ for an ear that could
NOT hear the screening tones, with its 聴力レベル in dB; 栄養状態 「要注意」; disease columns the
病名又は異常名.
"""

from __future__ import annotations

from datetime import date

from unified_forms.families.health_checkup import codes
from unified_forms.families.health_checkup.findings import printed
from unified_forms.families.health_checkup.general import Ear, Ecg, Eye, Tuberculosis, vision_letter

UNMEASURABLE = "測定不能"
HEARING_FAILED = "○"
HEARING_DIFFICULT = "測定困難"
DETAILED_EXAM = "要精密検査"

VISION_LEGEND = "A 1.0以上　B 1.0未満0.7以上　C 0.7未満0.3以上　D 0.3未満"
HEARING_LEGEND = "○ 1000Hz 30dB 又は 4000Hz 25dB を聴取できない（聴力レベルを測ったときは dB を併記）"
URINE_LEGEND = "− 陰性　± 擬陽性　＋ 陽性（2+・3+ は強陽性）"
TOOTH_LEGEND = "／ 現在歯　Ｃ 未処置歯　○ 処置歯　△ 喪失歯（永久歯）\n× 要注意乳歯　ＣＯ 要観察歯"


def vision_value(value: float | str | None) -> str:
    """One 視力 as the 票 writes it: A〜D (R-HLT-2) or 測定不能."""
    if value is None:
        return ""
    if value == "unmeasurable":
        return UNMEASURABLE
    return vision_letter(value)


def eye_cell(eye: Eye) -> str:
    """「C（A）」: 裸眼 left of the parentheses, 矯正 inside (記入上の注意)."""
    corrected = "" if eye.corrected is None else f"（{vision_value(eye.corrected)}）"
    return vision_value(eye.naked) + corrected


def hearing_cell(ear: Ear) -> str:
    """○ (could not hear), with 「35dB」 when the 聴力レベル was measured; 測定困難; blank when heard."""
    if ear.screen == "fail":
        return HEARING_FAILED if ear.level_db is None else f"{HEARING_FAILED} {ear.level_db}dB"
    if ear.screen == "difficult":
        return HEARING_DIFFICULT
    return ""


def nutrition_cell(code: str | None) -> str:
    return "" if code is None else codes.NUTRITION[code].wording


def ecg_cell(ecg: Ecg) -> str:
    if ecg.result is None:
        return ecg.text
    wording = codes.ECG[ecg.result].wording
    return f"{wording}（{ecg.text}）" if ecg.text else wording


def tuberculosis_cell(tb: Tuberculosis) -> str:
    parts = [DETAILED_EXAM] if tb.detailed_exam else []
    if tb.findings:
        parts.append(printed(tb.findings))
    return "、".join(parts)


def month_day(d: date | None) -> str:
    return "" if d is None else f"{d.month}月{d.day}日"
