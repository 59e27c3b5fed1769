"""Binding of the 名簿: model → printable slots (和暦, 「3年1組」, counts by 性別)."""

from __future__ import annotations

from unified_forms.forms.roster.model import RosterInput
from unified_forms.layout.bound import Bound, Slot, Value
from unified_forms.models.common import Sex
from unified_forms.patterns.dates import wareki
from unified_forms.patterns.header import header_slots


def bind(m: RosterInput) -> Bound:
    order = sorted(range(len(m.students)), key=lambda i: m.students[i].number)
    chosen = set(m.columns)  # 住所・保護者・備考 are bound only when their column is chosen for this print
    rows: list[dict[str, Slot]] = []
    for i in order:
        s = m.students[i]
        base = f"students[{i}]"
        address = ""
        if "address" in chosen and (s.address or s.postal_code):
            zip_ = f"〒{s.postal_code[:3]}-{s.postal_code[-4:]} " if s.postal_code else ""
            address = zip_ + (s.address or "")
        rows.append(
            {
                "number": str(s.number),
                "name": Value(s.name.full_with_alias, f"{base}.name"),
                "kana": Value(s.name.kana_hiragana, f"{base}.name.kana_family"),
                "sex": s.sex.label,
                "birth_date": wareki(s.birth_date),
                "address": Value(address, f"{base}.address"),
                "guardian": Value(
                    s.guardian.full_with_alias if s.guardian and "guardian" in chosen else "", f"{base}.guardian"
                ),
                "remarks": Value(s.remarks or "" if "remarks" in chosen else "", f"{base}.remarks"),
            }
        )
    male = sum(1 for s in m.students if s.sex == Sex.MALE)
    female = sum(1 for s in m.students if s.sex == Sex.FEMALE)
    slots: dict[str, Slot] = {
        **header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on),
        "count_male": f"{male}人",
        "count_female": f"{female}人",
        "count_total": f"{len(m.students)}人",
        "notes": Value(m.notes or "", "notes"),
    }
    flags: set[str] = set(chosen)
    if m.notes:
        flags.add("notes")
    return Bound(slots=slots, lists={"students": rows}, flags=frozenset(flags), sheet_name=m.homeroom.label)
