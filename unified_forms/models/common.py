"""Input types shared by every form model: names, school, class, 年度/学期, evaluation marks, 出欠.

This module gathers them from their topic modules (base, text, dates, people, school, terms,
assessment, attendance) so a form model imports its shared types from one place. Why shared:
the twenty forms print the same things (a pupil's name, the school, 「令和7年度」,
「3年1組」, A/B/C marks, 出欠 totals) and must validate them identically, so a school system gets
the same error for the same mistake whichever form it prints. Every field carries its Japanese label
as ``Field(title=...)``; :mod:`unified_forms.models.errors_map` puts that label into FormDataError.

Text is stored exactly as given. No model here strips, case-folds or Unicode-normalises strings:
U+FA11 﨑 stays U+FA11, a base + IVS selector (U+E0100..U+E01EF) stays two code points and counts
as one character, non-BMP kanji such as 𠮷 (U+20BB7) pass through. What *is* rejected is text that
cannot be printed faithfully: control characters, unpaired surrogates, and a variation selector
with no base character before it.

Decisions recorded here (see each class for details):

* All input models forbid unknown keys and are frozen: a validated input is a value that the
  binding layer reads, never edits.
* Counts (日数, 回数, 学年) are strict integers: ``true`` or ``"3"`` is an error, not 1 or 3.
* Dates are ISO ``YYYY-MM-DD`` strings (or ``datetime.date``); they are printed as 和暦 by
  :mod:`unified_forms.models.wareki`.
"""

from __future__ import annotations

from unified_forms.models.assessment import Assessment, Blank, Circle, GradeMark, LetterMark, Slash, parse_assessment
from unified_forms.models.attendance import AttendanceTotals
from unified_forms.models.base import UNIQUE_ITEMS, InputModel
from unified_forms.models.dates import Count, FiscalYear, IsoDate
from unified_forms.models.people import PersonName, Sex, Teacher, to_hiragana, to_katakana
from unified_forms.models.school import ClassRef, HomeroomHead, School, SchoolCode, SchoolType
from unified_forms.models.terms import Term, TermCalendar, TermSystem
from unified_forms.models.text import (
    AddressText,
    ClassIdText,
    KumiText,
    ReasonText,
    RemarksText,
    SchoolNameText,
    TermNameText,
    check_text,
    grapheme_count,
    text_rules,
    text_type,
)

__all__ = [
    "UNIQUE_ITEMS",
    "AddressText",
    "Assessment",
    "AttendanceTotals",
    "Blank",
    "Circle",
    "ClassIdText",
    "ClassRef",
    "Count",
    "FiscalYear",
    "GradeMark",
    "HomeroomHead",
    "InputModel",
    "IsoDate",
    "KumiText",
    "LetterMark",
    "PersonName",
    "ReasonText",
    "RemarksText",
    "School",
    "SchoolCode",
    "SchoolNameText",
    "SchoolType",
    "Sex",
    "Slash",
    "Teacher",
    "Term",
    "TermCalendar",
    "TermNameText",
    "TermSystem",
    "check_text",
    "grapheme_count",
    "parse_assessment",
    "text_rules",
    "text_type",
    "to_hiragana",
    "to_katakana",
]
