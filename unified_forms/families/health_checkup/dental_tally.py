"""山口県学校歯科保健調査票: what is counted per pupil, and the columns of the table.

Sources and what is not public: no copy of the 山口県 調査票 was found (forms-spec §4.16(g), §9.1
item 9), so the item set is the one the issue's companion list and the analogous public forms
give (KENJA KNJF310P / KNJF070_4 dental aggregates, the 広島県 学校歯科保健調査票 panel) built on
the national definitions of the 学校保健統計調査 (う歯: 処置完了者 = むし歯の全てが処置済み,
未処置歯のある者; 永久歯の DMF: D 未処置, M 喪失, F 処置). The layout chooses which of these
columns print (P-19 ``keys``), so the prefecture's exact column set is a layout change, not code.

Definitions (per pupil, from the 歯式 of the year; R-HLT-1):

* 受検者: a pupil whose 歯・口腔 record has a 歯式. A listed pupil without one is enrolled but not a
  受検者, and is reported by 学年・組・番号 (never counted as caries-free).
* う歯経験: any C or ○ (乳歯・永久歯) or △ (永久歯). う歯のない者: none; 未処置歯のある者: any C;
  処置完了者: う歯経験 without C. 被患者計 = 処置完了者 + 未処置歯のある者 (被患率 = / 受検者).
* 要注意乳歯 (×) and 要観察歯 (CO): persons having one, and teeth.
* 永久歯 D = C, M = △, F = ○, DMF = D + M + F; 乳歯 d = C, f = ○; 1人平均 = / 受検者.
* 歯列・咬合, 顎関節, 歯垢, 歯肉: persons per judgement 0 / 1 / 2 (a judgement left out counts nowhere).
* 受診勧告: a 歯科 治療勧告 in the record; 受診報告: its reply received.
"""

from __future__ import annotations

from unified_forms.families.health_checkup.codes import ExamKind
from unified_forms.families.health_checkup.dental import DentalExam
from unified_forms.families.health_checkup.record import PupilRecord
from unified_forms.families.health_checkup.tally import Column, average, count, rate

JUDGEMENTS: tuple[tuple[str, str], ...] = (
    ("alignment", "歯列・咬合"),
    ("jaw", "顎関節"),
    ("plaque", "歯垢の状態"),
    ("gingiva", "歯肉の状態"),
)


def teeth_indicators(d: DentalExam) -> dict[str, int]:
    """Tooth counts and the persons they imply, from one 歯式."""
    perm = list(d.teeth.permanent.values())
    prim = list(d.teeth.primary.values())
    decayed = perm.count("C") + prim.count("C")
    treated = perm.count("○") + prim.count("○")
    lost = perm.count("△")
    experience = decayed + treated + lost
    caution = prim.count("×")
    observation = perm.count("CO") + prim.count("CO")
    return {
        "examined": 1,
        "caries_free": int(experience == 0),
        "completed": int(experience > 0 and decayed == 0),
        "untreated": int(decayed > 0),
        "affected": int(experience > 0),
        "caution": int(caution > 0),
        "caution_teeth": caution,
        "co": int(observation > 0),
        "co_teeth": observation,
        "D": perm.count("C"),
        "M": lost,
        "F": perm.count("○"),
        "DMF": perm.count("C") + lost + perm.count("○"),
        "d": prim.count("C"),
        "f": prim.count("○"),
        "df": prim.count("C") + prim.count("○"),
    }


def indicators(r: PupilRecord) -> dict[str, int]:
    """Everything the 歯科保健調査票 counts about one pupil of the year."""
    out = {"enrolled": 1}
    referral = r.referral(ExamKind.DENTAL)
    if referral is not None:
        out["recommended"] = 1
        out["reported"] = int(referral.reported_on is not None)
    d = r.dental
    if d is None or not d.examined:
        out["not_examined"] = 1
        return out
    out.update(teeth_indicators(d))
    for key, _label in JUDGEMENTS:
        value = getattr(d, key)
        if value is not None:
            out[f"{key}_{value}"] = 1
    out["other"] = int(any(f.code != "normal" for f in d.other or ()))
    return out


def judgement_columns() -> list[Column]:
    """Persons per judgement 0 / 1 / 2 of 歯列・咬合, 顎関節, 歯垢の状態 and 歯肉の状態."""
    out: list[Column] = []
    for key, label in JUDGEMENTS:
        out += [count(f"{key}_{v}", f"{v}\n（人）", label) for v in (0, 1, 2)]
    return out


PERSON_COLUMNS: tuple[Column, ...] = (
    count("enrolled", "在籍者数\n（人）"),
    count("examined", "受検者数\n（人）"),
    rate("exam_rate", "examined", "enrolled", "受検率\n（％）"),
    count("caries_free", "人数\n（人）", "う歯のない者"),
    rate("caries_free_rate", "caries_free", "examined", "率\n（％）", "う歯のない者"),
    count("completed", "人数\n（人）", "処置完了者"),
    rate("completed_rate", "completed", "examined", "率\n（％）", "処置完了者"),
    count("untreated", "人数\n（人）", "未処置歯のある者"),
    rate("untreated_rate", "untreated", "examined", "率\n（％）", "未処置歯のある者"),
    count("affected", "人数\n（人）", "被患者計（う歯のある者）"),
    rate("affected_rate", "affected", "examined", "被患率\n（％）", "被患者計（う歯のある者）"),
    count("caution", "人数\n（人）", "要注意乳歯（×）のある者"),
    rate("caution_rate", "caution", "examined", "率\n（％）", "要注意乳歯（×）のある者"),
    count("co", "人数\n（人）", "要観察歯（CO）のある者"),
    rate("co_rate", "co", "examined", "率\n（％）", "要観察歯（CO）のある者"),
    *judgement_columns(),
    count("other", "その他の\n疾病・異常\n（人）"),
    count("recommended", "勧告\n（人）", "受診勧告と受診報告"),
    count("reported", "報告\n（人）", "受診勧告と受診報告"),
    rate("report_rate", "reported", "recommended", "報告率\n（％）", "受診勧告と受診報告"),
)

TOOTH_COLUMNS: tuple[Column, ...] = (
    count("D", "D\n未処置歯\n（本）", "永久歯のう歯（DMF）"),
    count("M", "M\n喪失歯\n（本）", "永久歯のう歯（DMF）"),
    count("F", "F\n処置歯\n（本）", "永久歯のう歯（DMF）"),
    count("DMF", "DMF歯数\n（本）", "永久歯のう歯（DMF）"),
    average("DMF_mean", "DMF", "examined", "1人平均\nDMF歯数\n（本）", "永久歯のう歯（DMF）"),
    count("d", "d\n未処置歯\n（本）", "乳歯のう歯（df）"),
    count("f", "f\n処置歯\n（本）", "乳歯のう歯（df）"),
    count("df", "df歯数\n（本）", "乳歯のう歯（df）"),
    average("df_mean", "df", "examined", "1人平均\ndf歯数\n（本）", "乳歯のう歯（df）"),
    count("caution_teeth", "要注意乳歯\n（×）\n（本）", "要注意・要観察の歯数"),
    count("co_teeth", "要観察歯\n（CO）\n（本）", "要注意・要観察の歯数"),
)

COLUMNS: tuple[Column, ...] = PERSON_COLUMNS + TOOTH_COLUMNS

# the column set of each page in the shipped layout (P-19 ``keys``); the CSV follows COLUMNS
CARIES_KEYS: tuple[str, ...] = tuple(c.key for c in PERSON_COLUMNS[:15])
JUDGEMENT_KEYS: tuple[str, ...] = ("examined", *(c.key for c in PERSON_COLUMNS[15:]))
TOOTH_KEYS: tuple[str, ...] = ("examined", *(c.key for c in TOOTH_COLUMNS))
TWELVE_KEYS: tuple[str, ...] = ("examined", "D", "M", "F", "DMF", "DMF_mean")
