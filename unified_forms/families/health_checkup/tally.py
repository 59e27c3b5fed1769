"""Counting a school's records into a 集計表 (P-19): groups (学年 or 年齢) × 男・女・計, and a 合計.

Each pupil's record becomes a flat set of *indicators* (persons as 0/1, teeth as counts); a group's
totals are plain sums, 計 = 男 + 女 (R-HLT-6) and 合計 = the sum of the groups. A column of the
table is a function of the totals: a count, a percentage or a per-pupil mean. Rounding is 四捨五入
(ROUND_HALF_UP, never Python's round-half-even): rates to 1 decimal, 1人平均 to 2. A rate or mean
whose denominator is 0 prints 「…」 (the statistics' sign for 「調査対象とならなかった」).

Columns carry their unit in the label (人, 本, ％) so that persons and tooth counts are never read
one for the other, and a ``group`` caption that P-19 prints over consecutive columns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from unified_forms.layout.bound import Row

Totals = Mapping[str, int]
SEXES: tuple[tuple[str, str], ...] = (("male", "男"), ("female", "女"))
TOTAL_SEX = "計"
GRAND_TOTAL = "合計"
NOT_APPLICABLE = "…"


def percent(numerator: int, denominator: int) -> str:
    """``numerator / denominator`` in %, 1 decimal, 四捨五入; 「…」 when nobody was counted."""
    if denominator == 0:
        return NOT_APPLICABLE
    value = Decimal(numerator * 100) / Decimal(denominator)
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def mean(numerator: int, denominator: int, places: int = 2) -> str:
    """Per-pupil mean, ``places`` decimals, 四捨五入; 「…」 when nobody was counted."""
    if denominator == 0:
        return NOT_APPLICABLE
    value = Decimal(numerator) / Decimal(denominator)
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a 集計表: its key, printed label (with its unit), group caption and value."""

    key: str
    label: str
    value: Callable[[Totals], str]
    group: str = ""

    @property
    def heading(self) -> str:
        """One-line heading for a CSV: the group caption and the label."""
        label = self.label.replace("\n", "")
        return f"{self.group}・{label}" if self.group else label


def count(key: str, label: str, group: str = "") -> Column:
    return Column(key, label, lambda t: str(t.get(key, 0)), group)


def rate(key: str, numerator: str, denominator: str, label: str = "％", group: str = "") -> Column:
    return Column(key, label, lambda t: percent(t.get(numerator, 0), t.get(denominator, 0)), group)


def average(key: str, numerator: str, denominator: str, label: str, group: str = "") -> Column:
    return Column(key, label, lambda t: mean(t.get(numerator, 0), t.get(denominator, 0)), group)


@dataclass(frozen=True, slots=True)
class Group:
    """One row group of the table: its label and the totals per sex (``男``, ``女``, ``計``)."""

    label: str
    totals: Mapping[str, Totals]


def tally(
    pupils: Iterable[tuple[object, str, Totals]], order: Sequence[tuple[object, str]], *, grand_total: bool = True
) -> list[Group]:
    """Sum ``(group key, sex, indicators)`` per group (in ``order``: key → label) and sex."""
    sums: dict[tuple[object, str], Counter[str]] = {}
    for key, sex, indicators in pupils:
        sums.setdefault((key, sex), Counter()).update(indicators)
    groups: list[Group] = []
    for key, label in order:
        per_sex: dict[str, Totals] = {}
        both: Counter[str] = Counter()
        for sex, sex_label in SEXES:
            c = sums.get((key, sex), Counter())
            per_sex[sex_label] = c
            both.update(c)
        per_sex[TOTAL_SEX] = both
        groups.append(Group(label, per_sex))
    if grand_total:
        total: dict[str, Totals] = {}
        for sex_label in (*(s for _, s in SEXES), TOTAL_SEX):
            summed: Counter[str] = Counter()
            for g in groups:
                summed.update(g.totals[sex_label])
            total[sex_label] = summed
        groups.append(Group(GRAND_TOTAL, total))
    return groups


def rows(groups: Sequence[Group], columns: Sequence[Column]) -> list[Row]:
    """P-19 rows: ``group`` (spanning its three rows), ``sex`` and one cell per column key."""
    out: list[Row] = []
    for g in groups:
        for sex_label, totals in g.totals.items():
            row: Row = {"group": g.label, "sex": sex_label}
            row.update({c.key: c.value(totals) for c in columns})
            out.append(row)
    return out


def column_items(columns: Sequence[Column]) -> list[Row]:
    """P-19 ``columns`` list: {key, label, group} per column (the layout chooses which print)."""
    return [{"key": c.key, "label": c.label, "group": c.group} for c in columns]


def csv_rows(
    groups: Sequence[Group], columns: Sequence[Column], group_title: str
) -> list[list[str]]:
    """Header and data rows of a CSV in the order of the entry sheet: group, 性別, then each column."""
    table = [[group_title, "性別", *(c.heading for c in columns)]]
    for g in groups:
        for sex_label, totals in g.totals.items():
            table.append([g.label, sex_label, *(c.value(totals) for c in columns)])
    return table


def choose(columns: Sequence[Column], keys: Sequence[str] | None) -> list[Column]:
    """The columns ``keys`` names, in its order (all when none); an unknown key is a KeyError."""
    if not keys:
        return list(columns)
    by_key = {c.key: c for c in columns}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise KeyError(f"no column '{unknown[0]}' (columns: {', '.join(by_key)})")
    return [by_key[k] for k in keys]
