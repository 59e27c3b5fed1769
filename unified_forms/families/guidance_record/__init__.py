"""The 指導要録 family: one record, six form ids (小・中 × 通常 / 知的障がい以外 / 知的障がい).

* ``stage.py`` — what 小学校 and 中学校, and the three kinds of class, differ in;
* ``model.py`` — the one input base, built per variant by ``record_model``; ``rules.py`` its
  MEXT rules, ``capacity.py`` the fitting of the form's layout that makes validate = printing;
* ``binding.py`` — the slots and lists of every variant; ``names.py`` — names, 通称, history
  (struck-through old values) and the 校長・学級担任 of each 年度.

A form package declares itself with ``Form(**declaration(form_id))`` (the six ids are in
``VARIANTS``) and keeps its own layout and sample; everything else is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from unified_forms.families.guidance_record.binding import bind
from unified_forms.families.guidance_record.model import GuidanceRecordInput, record_model
from unified_forms.families.guidance_record.stage import ELEMENTARY, JUNIOR_HIGH, Kind, Stage

__all__ = [
    "ELEMENTARY",
    "JUNIOR_HIGH",
    "NOT_PRINTED",
    "VARIANTS",
    "GuidanceRecordInput",
    "Kind",
    "Stage",
    "bind",
    "declaration",
    "record_model",
    "variant_model",
]

NOT_PRINTED: Mapping[str, str] = MappingProxyType(
    {
        "school.principal*": "the 校長 of each 年度 prints from years[].principal; the school's current 校長 "
        "prints only on the 写し certification (copy_certification without its own principal)",
        "school.code": "学校コード is not on the MEXT 参考様式",
        "years[].principal[].name.kana*": "staff print by name; their ふりがな is not on the record",
        "years[].teacher[].name.kana*": "staff print by name; their ふりがな is not on the record",
        "years[].principal[].role": "the row says 校長氏名印",
        "years[].teacher[].role": "the row says 学級担任者氏名印",
        "copy_certification.principal.kana*": "the certifying 校長 prints by name",
        "student.off_age_reason": "学齢と異なる学年の理由: only lifts the 学年/生年月日 check (school_age)",
    }
)
"""Input the 指導要録 accepts and deliberately does not print (Form.not_printed of every variant)."""

def _form_id(stage: Stage, kind: Kind) -> str:
    return f"guidance_record_{stage.key}" + ("" if kind is Kind.REGULAR else f"_{kind.value}")


VARIANTS: Mapping[str, tuple[Stage, Kind]] = MappingProxyType(
    {_form_id(stage, kind): (stage, kind) for stage in (ELEMENTARY, JUNIOR_HIGH) for kind in Kind}
)
"""The six form ids of the contract, in its order (orders 7 … 12)."""

_SUMMARY = {
    Kind.REGULAR: "{n} 教科の観点・評定（1〜{top}）, 学籍の変更履歴と通称, 所見は別紙へ続く",
    Kind.NON_INTELLECTUAL: "観点・評定の各教科 + 自立活動・入学時の障害の状態",
    Kind.INTELLECTUAL: "各教科の文章記述（段階）, 交流及び共同学習, 自立活動・入学時の障害の状態",
}


def title(stage: Stage, kind: Kind) -> str:
    """The contract's title: 指導要録（小学校）, 指導要録 小学校 特別支援学級_知的障がい以外 …"""
    if kind is Kind.REGULAR:
        return f"指導要録（{stage.school}）"
    return f"指導要録 {stage.school} 特別支援学級_{kind.label}"


def variant_model(form_id: str) -> type[GuidanceRecordInput]:
    """The input model of a form id of the family (one class per id, built once):
    ``GuidanceRecordElementaryInput``, ``GuidanceRecordJuniorHighSpecialIntellectualInput`` …"""
    stage, kind = VARIANTS[form_id]
    name = "GuidanceRecord" + "".join(w.capitalize() for w in form_id.split("_")[2:]) + "Input"
    return record_model(stage, kind, form_id=form_id, name=name)


def declaration(form_id: str) -> dict[str, Any]:
    """The arguments of the form's ``Form(...)``: a form package declares ``Form(**declaration(id))``."""
    stage, kind = VARIANTS[form_id]
    summary = _SUMMARY[kind].format(n=len(stage.subjects), top=stage.hyotei_max)
    return {
        "id": form_id,
        "title": title(stage, kind),
        "paper": "A4 portrait",
        "model": variant_model(form_id),
        "bind": bind,
        "summary": f"{stage.title}{kind.note}: {summary}",
        "order": 7 + list(VARIANTS).index(form_id),
        "flags": frozenset({"certified_copy"}),
        "not_printed": NOT_PRINTED,
    }
