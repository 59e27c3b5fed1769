"""学校保健統計調査 (基幹統計, 学校保健統計調査規則): what is counted per pupil, and the columns.

Sources: the survey's items (MEXT 学校保健統計調査 調査事項: 栄養状態, 脊柱・胸郭・四肢の状態, 裸眼視力,
眼の疾病・異常, 難聴, 耳鼻咽頭疾患, 皮膚疾患, 結核に関する検診, 結核, 心電図異常, 心臓, 蛋白検出, 尿糖検出,
その他の疾病・異常, 歯・口腔, 永久歯のう歯等数; the Gifu and Aomori pages in forms-spec §4.17), the
age basis (満年齢 on 4月1日, 5〜17歳) and the sampling (発育状態 層化二段無作為抽出, 健康状態 層化集落
抽出: every pupil of a sampled school). The current 調査票 layout and its 記入要領 (the annual
「学校保健統計調査の手引」) are not public in full; where a counting rule is not public it is a
parameter (:class:`Rules`) with the default named here, and the layout chooses the columns.

Per pupil (健康状態, by 年齢 × 性別; every listed pupil is 在籍):

* 受検者: a pupil whose 一般 record exists; per item, a pupil with that item entered (聴力, 心電図,
  尿 are not held every year, so they carry their own 受検者数).
* 裸眼視力: the worse eye's 裸眼視力 (A 1.0以上, B 1.0未満0.7以上, C 0.7未満0.3以上, D 0.3未満), split
  by whether the pupil uses correction (a 矯正視力 entered); a 矯正者 whose 裸眼 was not measured is
  counted apart (「裸眼視力未測定」); an eye 測定不能 is not counted (not a 受検者 of 視力).
* 難聴: an ear that could not hear the screening tones (the 票's ○) [I: the 手引 wording was not
  available]; 測定困難 alone is not counted.
* coded findings: their category (codes.py); 結核に関する検診 検討を要する者: ``detailed_exam``.
* 蛋白検出・尿糖検出: the 第1次 round at or above :attr:`Rules.protein_from` / :attr:`Rules.sugar_from`
  (default ± and + — the national glossary as recalled, [K]), or the 第2次 when
  :attr:`Rules.urine_round` is ``second``.
* 歯・口腔: むし歯 (処置完了者 + 未処置歯のある者, dental_tally.py), 歯列・咬合 / 顎関節 / 歯垢 /
  歯肉 judged at or above :attr:`Rules.dental_level` (default 2), その他の疾病・異常.
* 12歳の永久歯: D, M, F summed over the 12歳 受検者 and averaged per pupil (2 decimals).

発育状態: the sampled pupils (:func:`growth_sample`), one row each with 身長・体重.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from unified_forms.families.health_checkup.codes import Category
from unified_forms.families.health_checkup.dental_tally import teeth_indicators
from unified_forms.families.health_checkup.findings import categories
from unified_forms.families.health_checkup.general import URINE_VALUES, GeneralExam, vision_letter
from unified_forms.families.health_checkup.record import PupilRecord
from unified_forms.families.health_checkup.tally import Column, average, count

UrineGrade = Literal["±", "+", "2+", "3+"]


@dataclass(frozen=True, slots=True)
class Rules:
    """Counting rules the public sources leave open (defaults as documented in the module)."""

    protein_from: UrineGrade = "±"
    sugar_from: UrineGrade = "+"
    urine_round: Literal["first", "second"] = "first"
    dental_level: Literal[1, 2] = 2


_CATEGORY_KEYS: dict[Category, str] = {
    Category.NUTRITION: "nutrition",
    Category.SPINE: "spine",
    Category.EYE: "eye",
    Category.EAR: "ear",
    Category.NOSE: "nose",
    Category.THROAT: "throat",
    Category.ATOPIC: "atopic",
    Category.SKIN_OTHER: "skin_other",
    Category.TUBERCULOSIS: "tb",
    Category.HEART: "heart",
    Category.ASTHMA: "asthma",
    Category.KIDNEY: "kidney",
    Category.SPEECH: "speech",
    Category.OTHER: "other",
    Category.DENTAL_OTHER: "dental_other",
}


def _band(value: float | str) -> str:
    return vision_letter(value)


def _vision(g: GeneralExam) -> dict[str, int]:
    eyes = (g.vision.right, g.vision.left)
    if any("unmeasurable" in (e.naked, e.corrected) for e in eyes):
        return {}
    naked = [e.naked for e in eyes if e.naked is not None]
    corrected = any(e.corrected is not None for e in eyes)
    if not naked and not corrected:
        return {}
    prefix = "vc_" if corrected else "vn_"
    if not naked:
        return {"vision_examined": 1, "vc_none": 1}
    worst = max(_band(v) for v in naked)  # D > C > B > A
    return {"vision_examined": 1, f"{prefix}{worst}": 1}


def _at_least(value: str | None, threshold: str) -> bool:
    return value is not None and URINE_VALUES.index(value) >= URINE_VALUES.index(threshold)


def _urine(g: GeneralExam, rules: Rules) -> dict[str, int]:
    u = g.urine
    if u.first is None:
        return {}
    r = u.second if rules.urine_round == "second" and u.second is not None else u.first
    protein = _at_least(r.protein, rules.protein_from)
    sugar = _at_least(r.sugar, rules.sugar_from)
    return {"urine_examined": 1, "protein": int(protein), "glucose": int(sugar)}


def general_indicators(g: GeneralExam, rules: Rules) -> dict[str, int]:
    out: dict[str, int] = {"examined": 1}
    found: set[Category] = set()
    for item in ("spine", "eye", "ent", "skin", "other"):
        findings = getattr(g, item)
        if findings is not None:
            out[f"{item}_examined"] = 1
            found |= categories(findings)
    if g.nutrition is not None:
        out["nutrition_examined"] = 1
        if g.nutrition != "normal":
            found.add(Category.NUTRITION)
    tb = g.tuberculosis
    if tb.given():
        out["tb_examined"] = 1
        out["tb_review"] = int(bool(tb.detailed_exam))
        found |= categories(tb.findings)
    if g.heart.findings is not None:
        found |= categories(g.heart.findings)
    ecg = g.heart.ecg
    if ecg.result is not None and "ecg" not in g.not_examined:
        out["ecg_examined"] = 1
        out["ecg"] = int(ecg.result == "abnormal")
    ears = (g.hearing.right, g.hearing.left)
    if any(e.screen in ("pass", "fail") for e in ears):
        out["hearing_examined"] = 1
        out["hearing_loss"] = int(any(e.screen == "fail" for e in ears))
    out |= _vision(g)
    out |= _urine(g, rules)
    for category in found:
        key = _CATEGORY_KEYS.get(category)
        if key is not None:
            out[key] = 1
    return out


def indicators(r: PupilRecord, rules: Rules, *, twelve: bool) -> dict[str, int]:
    """Everything the 健康状態調査票 counts about one pupil (``twelve``: 12歳 on 4月1日)."""
    out = {"enrolled": 1}
    if r.general is not None:
        out |= general_indicators(r.general, rules)
    d = r.dental
    if d is not None and d.examined:
        t = teeth_indicators(d)
        out |= {"dental_examined": 1, "caries": t["affected"], "completed": t["completed"]}
        out |= {"untreated": t["untreated"]}
        for key in ("alignment", "jaw", "plaque", "gingiva"):
            value = getattr(d, key)
            out[f"{key}_hit"] = int(value is not None and value >= rules.dental_level)
        out["dental_other"] = int(Category.DENTAL_OTHER in categories(d.other))
        if twelve:
            out |= {"t_examined": 1, "t_D": t["D"], "t_M": t["M"], "t_F": t["F"], "t_DMF": t["DMF"]}
            out["t_DF"] = t["D"] + t["F"]
    return out


_VISION_BANDS = (
    ("A", "1.0以上\n（A）"),
    ("B", "1.0未満\n0.7以上\n（B）"),
    ("C", "0.7未満\n0.3以上\n（C）"),
    ("D", "0.3未満\n（D）"),
)


def columns(rules: Rules) -> tuple[Column, ...]:
    """Every column of the 健康状態調査票 (the layout's P-19 ``keys`` choose each page's)."""
    dental = f"判定{rules.dental_level}以上の者" if rules.dental_level == 1 else "判定2の者"
    return (
        count("enrolled", "在籍者数"),
        count("examined", "受検者数"),
        count("nutrition", "栄養状態"),
        count("spine", "脊柱・\n胸郭・\n四肢"),
        count("vision_examined", "視力\n受検者数"),
        *(count(f"vn_{b}", label, "裸眼視力（視力非矯正者）") for b, label in _VISION_BANDS),
        *(count(f"vc_{b}", label, "裸眼視力（視力矯正者）") for b, label in _VISION_BANDS),
        count("vc_none", "裸眼視力\n未測定", "裸眼視力（視力矯正者）"),
        count("eye", "眼の疾病・\n異常"),
        count("hearing_examined", "聴力\n受検者数"),
        count("hearing_loss", "難聴"),
        count("ear", "耳疾患", "耳鼻咽頭疾患"),
        count("nose", "鼻・\n副鼻腔疾患", "耳鼻咽頭疾患"),
        count("throat", "口腔咽喉頭\n疾患・異常", "耳鼻咽頭疾患"),
        count("atopic", "アトピー性\n皮膚炎", "皮膚疾患"),
        count("skin_other", "その他の\n皮膚疾患", "皮膚疾患"),
        count("tb_review", "検診で\n検討を\n要する者", "結核"),
        count("tb", "結核", "結核"),
        count("ecg_examined", "心電図\n受検者数", "心臓"),
        count("ecg", "心電図\n異常", "心臓"),
        count("heart", "心臓の\n疾病・異常", "心臓"),
        count("urine_examined", "尿検査\n受検者数", "尿"),
        count("protein", "蛋白\n検出の者", "尿"),
        count("glucose", "尿糖\n検出の者", "尿"),
        count("asthma", "ぜん息", "その他の疾病・異常"),
        count("kidney", "腎臓疾患", "その他の疾病・異常"),
        count("speech", "言語障害", "その他の疾病・異常"),
        count("other", "その他の\n疾病・異常", "その他の疾病・異常"),
        count("dental_examined", "歯科\n受検者数"),
        count("caries", "計", "むし歯（う歯）"),
        count("completed", "処置\n完了者", "むし歯（う歯）"),
        count("untreated", "未処置歯の\nある者", "むし歯（う歯）"),
        count("alignment_hit", "歯列・\n咬合", dental),
        count("jaw_hit", "顎関節", dental),
        count("plaque_hit", "歯垢の\n状態", dental),
        count("gingiva_hit", "歯肉の\n状態", dental),
        count("dental_other", "その他の\n疾病・異常"),
        count("t_examined", "受検者数\n（人）"),
        count("t_M", "喪失歯\n（本）", "歯数の計"),
        count("t_F", "処置歯\n（本）", "歯数の計"),
        count("t_D", "未処置歯\n（本）", "歯数の計"),
        average("t_mean", "t_DMF", "t_examined", "計\n（本）", "1人当り平均むし歯（う歯）等数"),
        average("t_M_mean", "t_M", "t_examined", "喪失歯\n（本）", "1人当り平均むし歯（う歯）等数"),
        average("t_DF_mean", "t_DF", "t_examined", "むし歯\n計\n（本）", "1人当り平均むし歯（う歯）等数"),
        average("t_F_mean", "t_F", "t_examined", "処置歯\n（本）", "1人当り平均むし歯（う歯）等数"),
        average("t_D_mean", "t_D", "t_examined", "未処置歯\n（本）", "1人当り平均むし歯（う歯）等数"),
    )


def _keys(cols: Sequence[Column], first: str, last: str) -> tuple[str, ...]:
    keys = [c.key for c in cols]
    return tuple(keys[keys.index(first) : keys.index(last) + 1])


_ALL = columns(Rules())
GENERAL_1_KEYS: tuple[str, ...] = _keys(_ALL, "enrolled", "hearing_loss")
GENERAL_2_KEYS: tuple[str, ...] = ("examined", *_keys(_ALL, "ear", "other"))
DENTAL_KEYS: tuple[str, ...] = _keys(_ALL, "dental_examined", "dental_other")
TWELVE_KEYS: tuple[str, ...] = _keys(_ALL, "t_examined", "t_D_mean")


def growth_sample(
    ages: Sequence[tuple[int, str, tuple[int, str, int]]], start: int, interval: int, per_group: int | None
) -> list[int]:
    """Indices of the pupils the 発育状態調査 measures: 系統抽出 per 年齢 × 性別 in 出席番号 order.

    ``ages``: per pupil (年齢 on 4月1日, 性別, (学年, 組, 番号)); the result is in 年齢, 性別 (男 first),
    出席番号 order. From each group's list the pupils at
    起番号 ``start`` and every ``interval`` after are taken; with ``per_group`` the count is filled
    by going on from the top of the list (the MEXT FAQ: 「名簿の最初に戻り抽出を続けます」), and a
    group smaller than it is taken whole (「当該学年の在学者全員」). The 手引's own numbers (起番号,
    抽出間隔, 抽出数) come from the prefecture each year, hence parameters [I].
    """
    groups: dict[tuple[int, str], list[int]] = {}
    for i in sorted(range(len(ages)), key=lambda i: (ages[i][0], ages[i][1] != "male", ages[i][2])):
        groups.setdefault((ages[i][0], ages[i][1]), []).append(i)
    chosen: list[int] = []
    for members in groups.values():
        n = len(members)
        if per_group is None:
            picks = list(range(start - 1, n, interval))
        else:
            want, picks, k = min(per_group, n), [], 0
            while len(picks) < want:
                position = (start - 1 + k * interval) % n
                k += 1
                if position in picks:
                    position = next(p for p in range(n) if p not in picks)
                picks.append(position)
        chosen += [members[p] for p in sorted(picks)]
    return chosen
