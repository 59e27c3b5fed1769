"""``grid``: a matrix with row groups and data-driven columns (see ``GridElement`` in spec.py).

School forms are full of the same matrix: labels on the left (教科 spanning its
観点 rows), one column per period on the right (学期 on the 通知表, 学年 on the
指導要録). The period columns come from the bound data, not from the layout
file, so one pattern file prints 1学期/2学期/3学期, 前期/後期 or 第1学年…第6学年
without a copy per term system.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unified_forms import caches
from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout.bound import Bound, Slot, as_value
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.page import Fill, Rect, Rule
from unified_forms.layout.spec import FitSpec, GridColumn, GridElement, TextStyle

SLASH_KEY = "_slash"
GROUP_RULE_KEY = "_group_rule"


@dataclass(frozen=True, slots=True)
class _Col:
    spec: GridColumn
    width: float
    part: str  # "lead", "data" (static columns and columns_from) or "tail"
    group: str = ""  # caption over consecutive columns_from items of the same group
    label_path: str | None = None  # data path of a header label that comes from the input (a 学期 name)


def _chosen(el: GridElement, frame: Frame, items: list[dict[str, Slot]]) -> list[dict[str, Slot]]:
    """The columns_from items ``column_keys`` asks for, in its order (every item when it asks none)."""
    keys = el.column_keys
    if isinstance(keys, str):
        name = keys[1:] if keys.startswith("$") else keys
        got = frame.options.get(name)
        if not isinstance(got, list) or not all(isinstance(k, str) for k in got):
            raise LayoutError(str(frame.file), f"{frame.where}.column_keys", f"'{keys}' is not a list option of keys")
        keys = tuple(got)
    if not keys:
        return items
    by_key = {as_value(item.get("key")).text: item for item in items}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        offered = ", ".join(by_key)
        raise LayoutError(str(frame.file), f"{frame.where}.column_keys", f"no column '{unknown[0]}' ({offered})")
    return [by_key[k] for k in keys]


_Planned = tuple[GridColumn, str, str, str | None]  # column, part, group, data path of its label


def _columns(el: GridElement, frame: Frame, bound: Bound) -> list[_Planned]:
    out: list[_Planned] = [(c, "lead", "", None) for c in el.lead if frame.enabled(c.when, bound.flags)]
    out += [(c, "data", "", None) for c in el.columns if frame.enabled(c.when, bound.flags)]
    if el.columns_from is not None:
        name = frame.text(el.columns_from)
        if name not in bound.lists:
            raise LayoutError(str(frame.file), f"{frame.where}.columns_from", f"no list '{name}' in the bound data")
        width = None if el.column_width is None else frame.num(el.column_width, "column_width")
        if width is not None and width <= 0:
            raise LayoutError(str(frame.file), f"{frame.where}.column_width", "must be a positive width in mm")
        # header_style only when given, so the column keeps GridColumn's default otherwise
        extra: dict[str, Any] = {} if el.column_header_style is None else {"header_style": el.column_header_style}
        for item in _chosen(el, frame, bound.lists[name]):
            key = as_value(item.get("key")).text
            label = as_value(item.get("label"))
            column = GridColumn(key=key, label=label.text, width=width, style=el.cell_style, **extra)
            out.append((column, "data", as_value(item.get("group")).text, label.path))
    out += [(c, "tail", "", None) for c in el.tail if frame.enabled(c.when, bound.flags)]
    return out


def _widths(cols: list[_Planned], total: float, frame: Frame) -> list[_Col]:
    fixed = sum(c.width for c, *_ in cols if c.width is not None)
    flex = [c for c, *_ in cols if c.width is None]
    rest = total - fixed
    if rest < -0.01 or (flex and rest <= 0.5):
        raise LayoutError(str(frame.file), frame.where, f"grid columns need {fixed:g} mm but only {total:g} mm fit")
    share = rest / len(flex) if flex else 0.0
    return [_Col(c, c.width if c.width is not None else share, part, group, path) for c, part, group, path in cols]


def _style(col: GridColumn, rect: Rect, text: str) -> TextStyle:
    vertical = col.vertical is True or (col.vertical == "auto" and len(text) > 1 and rect.h > 1.5 * rect.w)
    if vertical and not col.style.vertical:
        return col.style.model_copy(update={"vertical": True})
    return col.style


def _same_group(rows: list[dict[str, Slot]], r: int, cols: list[_Col]) -> int:
    """How many leading span columns merge row ``r`` with row ``r - 1``."""
    merged = 0
    for col in cols:
        if not col.spec.span:
            break
        a = as_value(rows[r - 1].get(col.spec.key)).text if r - 1 < len(rows) else ""
        b = as_value(rows[r].get(col.spec.key)).text if r < len(rows) else ""
        if not a or a != b:
            break
        merged += 1
    return merged


def _group_height(el: GridElement, hh: float) -> float:
    gh = hh / 2 if el.group_height is None else el.group_height
    return min(max(gh, 0.0), hh)


def _group_captions(el: GridElement, data_x: list[tuple[float, _Col]], y0: float, gh: float, out: PageBuilder) -> None:
    """One caption per run of consecutive columns with the same ``group`` (the top tier of the header)."""
    style = el.column_header_style or TextStyle(size=8.0, align="center", fit=FitSpec(min_size=5.0))
    style = style.model_copy(update={"vertical": False})  # captions run across their columns
    runs: list[tuple[str, float, float]] = []  # (group, x, right)
    for cx, col in data_x:
        if runs and col.group and runs[-1][0] == col.group and abs(runs[-1][2] - cx) < 1e-6:
            runs[-1] = (col.group, runs[-1][1], cx + col.width)
        elif col.group:
            runs.append((col.group, cx, cx + col.width))
    for group, x, right in runs:
        out.rules.append(Rule(x, y0 + gh, right, y0 + gh, el.inner_width))
        out.text(Rect(x, y0, right - x, gh), group, style, static=True, path=None, block="groups")


def expand(el: GridElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    ox, oy = (frame.num(v, "origin") for v in el.origin)
    x0, y0 = frame.x + ox, frame.y + oy
    total = frame.num(el.width, "width")
    if total <= 0:
        total = frame.w - ox + total
    cols = _widths(_columns(el, frame, bound), total, frame)
    source = frame.text(el.source)
    rows = bound.lists.get(source, [])
    n = el.rows if el.rows is not None else len(rows)
    if len(rows) > n:
        raise FormDataError(ErrorEntry(source, f"{len(rows)}行ありますが、この欄には{n}行までしか印字できません"))
    hh = el.header_height
    if el.height is not None:
        height = frame.num(el.height, "height")
        if height <= 0:
            height = frame.h - oy + height
        rh = (height - hh) / n if n else 0.0
    elif el.row_height is not None:
        rh = el.row_height
        height = hh + n * rh
    else:
        raise LayoutError(str(frame.file), frame.where, "a grid needs row_height or height")
    if height - hh <= 0:
        raise LayoutError(str(frame.file), frame.where, f"grid height {height:g} mm leaves no room below the header")
    if n and rh < el.min_row_height:
        raise FormDataError(ErrorEntry(source, f"{n}行は欄に入りません（1行{rh:.1f}mm、最小{el.min_row_height:g}mm）"))
    body = y0 + hh
    if el.header_fill is not None and hh > 0:
        out.fills.append(Fill(Rect(x0, y0, total, hh), el.header_fill))
    if el.lead_fill is not None:
        lead_w = sum(c.width for c in cols if c.part == "lead")
        if lead_w > 0:
            out.fills.append(Fill(Rect(x0, body, lead_w, height - hh), el.lead_fill))

    # column rules and header labels
    data_x = [(x0 + sum(c.width for c in cols[:i]), c) for i, c in enumerate(cols)]
    data_cols = [(cx, c) for cx, c in data_x if c.part == "data"]
    two_tier = el.header_label is not None and hh > 0 and data_cols
    gh = 0.0 if two_tier or hh <= 0 or not any(c.group for _, c in data_cols) else _group_height(el, hh)
    uniform_heads: list[_Cell] | None = [] if _is_uniform(el.uniform_headers, frame, bound) else None
    for i, (cx, col) in enumerate(data_x):
        if i:
            top = body if two_tier and col.part == "data" and data_cols[0][0] != cx else y0
            if gh and col.group and cols[i - 1].group == col.group:
                top = y0 + gh  # inside a group: the caption runs over this rule
            out.rules.append(Rule(cx, top, cx, y0 + height, el.inner_width))
        if hh > 0:
            if two_tier and col.part == "data":
                head = Rect(cx, y0 + hh / 2, col.width, hh / 2)
                out.rules.append(Rule(cx, y0 + hh / 2, cx, body, el.inner_width))
            elif gh and col.group:
                head = Rect(cx, y0 + gh, col.width, hh - gh)
            else:
                head = Rect(cx, y0, col.width, hh)
            head_label = frame.text(col.spec.label)
            block = f"header {col.part}"  # the row-key heads (lead) and the parallel item heads are two blocks
            if uniform_heads is not None and col.part == "data":
                style = col.spec.header_style
                uniform_heads.append(_Cell(head, head_label, style, col.label_path, "", block=block, static=True))
                continue
            out.text(head, head_label, col.spec.header_style, static=True, path=col.label_path, block=block)
    if uniform_heads:
        _place_uniform(uniform_heads, out)
    if gh:
        _group_captions(el, data_x, y0, gh, out)
    if two_tier:
        sx = data_cols[0][0]
        ex = data_cols[-1][0] + data_cols[-1][1].width
        out.rules.append(Rule(sx, y0 + hh / 2, ex, y0 + hh / 2, el.inner_width))
        style = TextStyle(size=8.0, align="center")
        caption = frame.text(el.header_label or "")
        out.text(Rect(sx, y0, ex - sx, hh / 2), caption, style, static=True, path=None, block="caption")
    if hh > 0:
        out.rules.append(Rule(x0, body, x0 + total, body, el.outer_width * 0.75))

    # row rules: a boundary inside a row group starts after the merged columns
    for r in range(1, n):
        y = body + r * rh
        merged = _same_group(rows, r, [c for c in cols if c.part == "lead"]) if r < len(rows) else 0
        start = x0 + sum(c.width for c in cols[:merged])
        first_span = bool(cols) and cols[0].spec.span and r < len(rows)
        heavy = (first_span and merged == 0) or (r < len(rows) and as_value(rows[r].get(GROUP_RULE_KEY)).text)
        out.rules.append(Rule(start, y, x0 + total, y, el.group_width if heavy else el.inner_width))
    out.box(Rect(x0, y0, total, height), el.outer_width, "solid")

    # cells; a uniform column's cells are placed together once all are known (_place_uniform)
    uniform: dict[str, list[_Cell]] = {
        c.spec.key: [] for c in cols if _is_uniform(c.spec.uniform, frame, bound)
    }
    for r, row in enumerate(rows):
        y = body + r * rh
        slashed = set(as_value(row.get(SLASH_KEY)).text.split())
        for i, (cx, col) in enumerate(data_x):
            key = col.spec.key
            if col.spec.span:
                lead = [c for c in cols if c.part == "lead"]
                if r > 0 and i < len(lead) and _same_group(rows, r, lead) > i:
                    continue  # printed with the first row of its group
                end = r + 1
                while end < len(rows) and i < len(lead) and _same_group(rows, end, lead) > i:
                    end += 1
                rect = Rect(cx, y, col.width, rh * (end - r))
            else:
                rect = Rect(cx, y, col.width, rh)
            if key in slashed:
                out.rules.append(Rule(rect.x, rect.bottom, rect.right, rect.y, el.inner_width, static=False))
                continue
            value = as_value(row.get(key))
            if value.text or value.typed is not None:
                path = value.path or f"{source}[{r}].{key}"
                label = frame.text(col.spec.label).replace("\n", "")  # names the field on a 別紙
                style = _style(col.spec, rect, value.text)
                if key in uniform and value.text:
                    cell = _Cell(rect, value.text, style, path, label, value.typed, value.color, f"column {key}")
                    uniform[key].append(cell)
                    continue
                out.text(rect, value.text, style, static=False, path=path, label=label, typed=value.typed,
                         color=value.color, block=f"column {key}")  # fmt: skip
    for cells in uniform.values():
        _place_uniform(cells, out)


@dataclass(frozen=True, slots=True)
class _Cell:
    """A cell of a uniform column (or a head of uniform heads), held until all of them are known."""

    rect: Rect
    text: str
    style: TextStyle
    path: str | None
    label: str
    typed: Any = None
    color: str | None = None
    block: str | None = None
    static: bool = False  # a column head (a printed label of the form), not a data cell

    def place(self, out: PageBuilder, style: TextStyle) -> None:
        out.text(self.rect, self.text, style, static=self.static, path=self.path, label=self.label,
                 typed=self.typed, color=self.color, block=self.block)  # fmt: skip


def _is_uniform(uniform: bool | str, frame: Frame, bound: Bound) -> bool:
    """A ``uniform`` / ``uniform_headers`` setting: a bool, or the name of a bool option or flag."""
    if isinstance(uniform, str):
        return frame.enabled(uniform, bound.flags)
    return uniform


def _place_uniform(cells: list[_Cell], out: PageBuilder) -> None:
    """One size for every cell of a column (one label size per block): each cell is fitted on a
    scratch page first, then all are placed at the smallest size any of them needed."""
    if not cells:
        return
    scratch = PageBuilder(frame=out.frame, text_role=out.text_role)
    for cell in cells:
        cell.place(scratch, cell.style)
    if scratch.errors or not scratch.texts:
        out.errors.extend(scratch.errors)
        return
    size = min(t.size for t in scratch.texts)
    if all(t.size == size for t in scratch.texts):  # already one size (the common case): keep them
        out.texts.extend(scratch.texts)
        out.fits.extend(scratch.fits)
        out.continued.extend(scratch.continued)
        return
    for cell in cells:
        cell.place(out, _at_size(cell.style, size))


_AT_SIZE: caches.IdentityMemo[TextStyle, TextStyle] = caches.IdentityMemo(
    "layout.grid: styles per fitted size", limit=4096, per_text=False
)


def _at_size(style: TextStyle, size: float) -> TextStyle:
    hit = _AT_SIZE.lookup(style, (size,))
    if hit is not None:
        return hit
    fit = style.fit.model_copy(update={"min_size": min(style.fit.min_size, size)})
    return _AT_SIZE.store(style, (size,), style.model_copy(update={"size": size, "fit": fit}))
