"""The rows of a 歯式 grid (P-16), written once for the 健康診断票 and the 歯科 治療勧告書.

Four tooth rows (上 永久歯, 上 乳歯, 下 乳歯, 下 永久歯) over 16 positions, the pupil's 右 on the
viewer's left (記入上の注意 and every 歯式: the examiner faces the pupil); 乳歯 E…A sit under the
永久歯 5…1 that replace them.
"""

from __future__ import annotations

from unified_forms.families.health_checkup.dental import PRIMARY_LETTERS, DentalExam
from unified_forms.layout.bound import Row, Value

# print positions left to right: the pupil's right 8…1, then left 1…8
POSITIONS: tuple[str, ...] = tuple(f"r{n}" for n in range(8, 0, -1)) + tuple(f"l{n}" for n in range(1, 9))


def tooth_columns() -> list[Row]:
    return [{"key": p, "label": ""} for p in POSITIONS]


def tooth_labels() -> list[Row]:
    """The two caption rows over a chart: 永久歯 8…1 1…8 and 乳歯 E…A A…E."""
    permanent: Row = {"label": "永"}
    primary: Row = {"label": "乳"}
    for p in POSITIONS:
        n = int(p[1])
        permanent[p] = str(n)
        if n <= 5:
            primary[p] = PRIMARY_LETTERS[n - 1]
    return [permanent, primary]


def chart_rows(d: DentalExam | None, base: str) -> list[Row]:
    """Four tooth rows of one year; no record gives four blank rows. ``base``: the record's path."""
    rows: list[Row] = [{"label": "上永"}, {"label": "上乳"}, {"label": "下乳"}, {"label": "下永"}]
    if d is None:
        return rows
    for row, jaw, kind in ((0, "U", "permanent"), (1, "U", "primary"), (2, "L", "primary"), (3, "L", "permanent")):
        teeth = d.teeth.permanent if kind == "permanent" else d.teeth.primary
        for tooth, symbol in teeth.items():
            if tooth[0] != jaw:
                continue
            n = int(tooth[2]) if kind == "permanent" else PRIMARY_LETTERS.index(tooth[2]) + 1
            side = "r" if tooth[1] == "R" else "l"
            rows[row][f"{side}{n}"] = Value(symbol, f"{base}.teeth.{kind}.{tooth}")
    return rows
