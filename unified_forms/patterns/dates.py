"""A date printed in 和暦 that a spreadsheet holds as a date (shared by every binding).

The PDF prints ``format_date``'s text (「令和6年4月1日生」, 「作成日　令和6年4月1日」); the
workbook gets the date itself with a 和暦 number format that shows the same words around it.
"""

from __future__ import annotations

from datetime import date

from unified_forms.layout.bound import Value, date_value
from unified_forms.models.wareki import format_date


def wareki(d: date, path: str | None = None, *, prefix: str = "", suffix: str = "") -> Value:
    """``prefix`` + 「令和6年4月1日」 + ``suffix`` for print, the date for spreadsheets."""
    return date_value(f"{prefix}{format_date(d)}{suffix}", d, path, prefix=prefix, suffix=suffix)
