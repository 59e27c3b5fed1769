"""年度 and 学期: the 2/3学期制 and a school's term dates."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import (
    Field,
    Strict,
    model_validator,
)

from unified_forms.models.base import AliasedStrEnum, InputModel
from unified_forms.models.dates import FiscalYear, IsoDate
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.text import TermNameText


class TermSystem(AliasedStrEnum):
    """学期制. Input ``"three_terms"``/``"two_terms"``; 「3学期制」/「2学期制」 and 3/2 are accepted."""

    THREE = "three_terms"
    TWO = "two_terms"

    @property
    def label(self) -> str:
        return "3学期制" if self is TermSystem.THREE else "2学期制"

    @property
    def term_count(self) -> int:
        """How many 学期 (not ``count``: that is ``str.count``, which a str enum must keep)."""
        return 3 if self is TermSystem.THREE else 2

    @property
    def default_names(self) -> tuple[str, ...]:
        return ("1学期", "2学期", "3学期") if self is TermSystem.THREE else ("前期", "後期")

    @classmethod
    def aliases(cls) -> dict[object, TermSystem]:
        return {"3学期制": cls.THREE, "2学期制": cls.TWO, 3: cls.THREE, 2: cls.TWO}


class Term(InputModel):
    """One 学期. ``name`` defaults to the system's name (1学期…/前期・後期, see TermCalendar)."""

    id: Annotated[int, Strict(), Field(ge=1, le=3)] = Field(title="学期番号")
    name: TermNameText | None = Field(default=None, title="学期名")
    start: IsoDate = Field(title="学期の開始日")
    end: IsoDate = Field(title="学期の終了日")
    attendance_closing: IsoDate | None = Field(default=None, title="出欠集計の締め日")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Term:
        """終了日は開始日以後、出欠集計の締め日は学期の期間内。"""
        v = RuleViolations("Term")
        if self.end < self.start:
            v.add("end", "終了日が開始日より前です")
        elif self.attendance_closing is not None and not self.start <= self.attendance_closing <= self.end:
            v.add("attendance_closing", "出欠集計の締め日は学期の期間内の日付にしてください")
        v.raise_if_any()
        return self


class TermCalendar(InputModel):
    """The 学期 of one 年度: as many terms as the system has, numbered 1.., in order, inside the 年度,
    not overlapping (gaps such as 夏休み are normal)."""

    fiscal_year: FiscalYear = Field(title="年度")
    system: TermSystem = Field(default=TermSystem.THREE, title="学期制")
    terms: list[Term] = Field(title="学期")

    @model_validator(mode="after")
    def _terms_fit(self) -> TermCalendar:
        """学期の数は学期制どおり（3学期制 3、2学期制 2）、学期番号は1から順、学期は年度内で重ならない。"""
        v = RuleViolations("TermCalendar")
        if len(self.terms) != self.system.term_count:
            v.add("terms", f"{self.system.label}では学期を{self.system.term_count}つ指定してください")
        fy = self.fiscal_year
        for i, t in enumerate(self.terms):
            if t.id != i + 1:
                v.add(("terms", i, "id"), f"学期番号は順に1から付けてください（{i + 1}のはずです）", value=t.id)
            if not fy.contains(t.start):
                v.add(("terms", i, "start"), f"開始日が{fy.label}の期間外です")
            if not fy.contains(t.end):
                v.add(("terms", i, "end"), f"終了日が{fy.label}の期間外です")
            if i > 0 and t.start <= self.terms[i - 1].end:
                v.add(("terms", i, "start"), "前の学期の終了日より後の日付にしてください（学期が重なっています）")
        v.raise_if_any()
        return self

    def name_of(self, term: Term | int) -> str:
        """Printed name of a term: its own ``name`` or the system default (1学期 / 前期 ...)."""
        t = self.term(term) if isinstance(term, int) else term
        return t.name or self.system.default_names[t.id - 1]

    def term(self, term_id: int) -> Term:
        for t in self.terms:
            if t.id == term_id:
                return t
        raise KeyError(term_id)

    def term_of(self, d: date) -> Term | None:
        """The term containing ``d``, or None (vacation or outside the 年度)."""
        return next((t for t in self.terms if t.start <= d <= t.end), None)
