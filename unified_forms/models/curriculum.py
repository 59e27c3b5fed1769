"""The national curriculum's fixed lists (学習指導要領 2017, 指導要録 参考様式 2019).

Every form that prints 教科, 観点 or 行動 items names them the same way, so the lists live
here once: the 指導要録, 調査書, 通知表 and 成績 forms import them instead of each other.
"""

from __future__ import annotations

from typing import Literal

VIEWPOINTS: tuple[str, ...] = ("知識・技能", "思考・判断・表現", "主体的に学習に取り組む態度")
"""The three 観点 of every 教科 since the 2019 参考様式."""

BEHAVIOR_ITEMS: tuple[str, ...] = (
    "基本的な生活習慣",
    "健康・体力の向上",
    "自主・自律",
    "責任感",
    "創意工夫",
    "思いやり・協力",
    "生命尊重・自然愛護",
    "勤労・奉仕",
    "公正・公平",
    "公共心・公徳心",
)
"""行動の記録: the ten items of 別紙1/別紙2, in their printed order."""

ELEMENTARY_SUBJECTS: tuple[str, ...] = (
    "国語", "社会", "算数", "理科", "生活", "音楽", "図画工作", "家庭", "体育", "外国語",
)  # fmt: skip
ElementarySubject = Literal["国語", "社会", "算数", "理科", "生活", "音楽", "図画工作", "家庭", "体育", "外国語"]

JUNIOR_HIGH_SUBJECTS: tuple[str, ...] = (
    "国語", "社会", "数学", "理科", "音楽", "美術", "保健体育", "技術・家庭", "外国語",
)  # fmt: skip
JuniorHighSubject = Literal["国語", "社会", "数学", "理科", "音楽", "美術", "保健体育", "技術・家庭", "外国語"]

ELEMENTARY_TAUGHT: dict[str, tuple[int, ...]] = {
    "社会": (3, 4, 5, 6),
    "理科": (3, 4, 5, 6),
    "生活": (1, 2),
    "家庭": (5, 6),
    "外国語": (5, 6),
}
"""小学校 教科 not taught in every 学年; the others run 第1〜6学年."""
