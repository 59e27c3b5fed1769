"""People on the 指導要録: names as the 20-year 学籍 record prints them, and their history.

* A name prints on one line up to 24 characters (KENJA's 24全角; the box shrinks it), a longer
  one as 姓 / 名 on two lines, so a long katakana name of a foreign pupil breaks between its
  parts, never inside one. With ``show_alias`` the 通称 follows as 「戸籍名（通称）」.
* A change of 氏名 or 現住所 keeps the old value on the record, struck through with a line,
  and the new value beside it with the date of the change, as the paper record is kept. The
  layout has two arrangements of each box: the value alone (nothing changed) or the old
  values struck above the new one; the binding fills one of them. Each struck value is named
  in the render report (by its data path only: the report carries no personal text).
* 校長 and 学級担任: one or more per 年度; when more than one served, each prints with the
  months served (「（4月～9月）」).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from unified_forms.layout.bound import Slot, Value
from unified_forms.models.common import PersonName, grapheme_count, to_hiragana
from unified_forms.models.wareki import format_date

LINE = 24  # characters of a name on one line of 様式1 (KENJA NAME1: 48 bytes)


def name_lines(name: PersonName, *, alias: bool = False, kana: bool = False) -> str:
    """「姓　名」 (or its ふりがな), on two lines 姓 / 名 when longer than 24 characters; with
    ``alias`` the 通称 in brackets after it, on its own line when the line would pass 24."""
    if kana:
        parts = [p for p in (to_hiragana(name.kana_family), to_hiragana(name.kana_given)) if p]
    else:
        parts = [p for p in (name.family, name.given) if p]
    whole = "\u3000".join(parts)
    lines = [whole] if grapheme_count(whole) <= LINE else parts
    if alias and name.alias and not kana:
        extra = f"（{name.alias}）"
        if grapheme_count(lines[-1]) + grapheme_count(extra) <= LINE:
            lines[-1] += extra
        else:
            lines.append(extra)
    return "\n".join(lines)


def _changed_on(changes: Sequence[Any]) -> str:
    return "\n".join(f"{format_date(c.changed_on)}変更" for c in changes)


def name_slots(prefix: str, person: Any, who: str, *, alias: bool) -> dict[str, Slot]:
    """``{prefix}`` alone, or ``{prefix}_old`` (struck), ``{prefix}_changed`` and ``{prefix}_new``."""
    current = Value(name_lines(person.name, alias=alias), f"{who}.name")
    return _history_slots(prefix, current, person.name_changes, f"{who}.name_changes")


def address_slots(prefix: str, person: Any, who: str, *, default: str) -> dict[str, Slot]:
    """As :func:`name_slots` for 現住所; ``default`` prints when no address is given
    (「児童の欄に同じ」 for the guardian)."""
    current: Slot = Value(person.address, f"{who}.address") if person.address else default
    return _history_slots(prefix, current, person.address_changes, f"{who}.address_changes")


def _history_slots(prefix: str, current: Slot, changes: Sequence[Any], path: str) -> dict[str, Slot]:
    if not changes:
        return {prefix: current, f"{prefix}_old": "", f"{prefix}_changed": "", f"{prefix}_new": ""}
    old = Value("\n".join(c.former for c in changes), path)
    return {prefix: "", f"{prefix}_old": old, f"{prefix}_changed": Value(_changed_on(changes), path),
            f"{prefix}_new": current}  # fmt: skip


def staff_lines(staff: Sequence[Any], fiscal_year: Any, *, alias: bool) -> str:
    """One line per person; with several (or a period given) each with its months: 「（4月～9月）」.

    A period left open runs from the end of the previous person's (or 4月 1日) to the start of
    the next one's (or 3月 31日)."""
    lines = []
    for k, t in enumerate(staff):
        text = t.name.full + (f"（{t.name.alias}）" if alias and t.name.alias else "")
        if len(staff) > 1 or t.served_from or t.served_until:
            start = t.served_from or _after(staff[k - 1].served_until if k else None, fiscal_year.start)
            end = t.served_until or _before(staff[k + 1].served_from if k + 1 < len(staff) else None, fiscal_year.end)
            text += f"（{start.month}月～{end.month}月）"
        lines.append(text)
    return "\n".join(lines)


def _after(d: date | None, default: date) -> date:
    return d + timedelta(days=1) if d else default


def _before(d: date | None, default: date) -> date:
    return d - timedelta(days=1) if d else default


def struck_alerts(m: Any) -> list[dict[str, Any]]:
    """For the render report: every value printed struck through (by path; no personal text)."""
    out: list[dict[str, Any]] = []
    for who, person in (("student", m.student), ("guardian", m.guardian)):
        label = m.stage.pupil if who == "student" else "保護者"
        for field, what in (("name_changes", "氏名"), ("address_changes", "現住所")):
            for k, c in enumerate(getattr(person, field)):
                out.append(
                    {
                        "code": "struck_through",
                        "path": f"{who}.{field}[{k}].former",
                        "message": f"{label}の{what}: 変更前の記載を線で消して残しました"
                        f"（{format_date(c.changed_on)}変更）",
                        "changed_on": c.changed_on.isoformat(),
                    }
                )
    return out
