"""The 学校保健統計調査 as CSV, for upload (e-Survey 政府統計オンライン調査システム accepts files).

``to_csv(data, table="health")``: the 健康状態調査票 — header (年齢, 性別, then every column as
「group・label」), the rows 6歳 男・女・計 … 合計, then the 12歳 rows; ``keys`` chooses and orders
the columns. ``to_csv(data, table="growth")``: the 発育状態調査票 — one row per sampled pupil
(番号, 学年, 性別, 生年月日 ISO, 年齢, 身長, 体重, 測定日 ISO), no names. The public entry sheet's
exact column order is not available; the order is the survey's item order (statistics_tally.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Literal

from unified_forms.families.health_checkup.tally import choose, csv_rows
from unified_forms.forms.school_health_statistics.model import SchoolHealthStatisticsInput
from unified_forms.forms.school_health_statistics.tables import statistics_tables
from unified_forms.models.errors_map import validate_model

GROWTH_HEADER = ("番号", "学年", "性別", "生年月日", "年齢", "身長(cm)", "体重(kg)", "測定日")


def to_csv(
    data: dict[str, Any] | SchoolHealthStatisticsInput,
    table: Literal["health", "growth"] = "health",
    keys: Sequence[str] | None = None,
) -> str:
    """One of the two 調査票 as CSV text (header first, CRLF line ends)."""
    m = validate_model(SchoolHealthStatisticsInput, data, form_id="school_health_statistics")
    t = statistics_tables(m)
    if table == "growth":
        out_rows: list[list[str]] = [list(GROWTH_HEADER)]
        for n, i in enumerate(t.growth, start=1):
            r = m.records[i]
            g = r.general
            assert g is not None and g.height_cm is not None and g.weight_kg is not None
            measured = "" if g.measured_on is None else g.measured_on.isoformat()
            out_rows.append(
                [str(n), str(r.grade), r.student.sex.label, r.student.birth_date.isoformat(), str(m.age(i)),
                 f"{g.height_cm:.1f}", f"{g.weight_kg:.1f}", measured]
            )
    else:
        columns = choose(t.columns, keys)
        out_rows = csv_rows(t.by_age, columns, "年齢") + csv_rows(t.twelve, columns, "年齢")[1:]
    out = io.StringIO()
    csv.writer(out).writerows(out_rows)
    return out.getvalue()
