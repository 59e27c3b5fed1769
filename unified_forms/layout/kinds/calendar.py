"""``calendar``: the P-17 月間カレンダーグリッド (days × rows), see ``CalendarElement`` in spec.py.

The 出席簿 (rows = pupils), and later the 行事予定 and 週案, share one grid whose middle is
one narrow column per calendar day. What makes it its own kind rather than a ``grid``: a
day's column is shaded top to bottom when it is not a 授業日 (the reader scans for 休業日
down the whole sheet), days the month does not have are struck rather than dropped (so
every month's sheet has the same columns, as on paper), the header has two tiers (day
number over 曜日) while the tail columns carry group captions (当月 / 年間累計), and per-day
footer rows (在籍・出席・欠席 男/女/計) sit under the body with a spanning row label.
The day items come from the bound data, so the layout file holds no calendar logic.
"""

from __future__ import annotations

from dataclasses import dataclass

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout.bound import Bound, Slot, as_value
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.page import Fill, Rect, Rule
from unified_forms.layout.spec import CalendarColumn, CalendarElement, TextStyle


@dataclass(frozen=True, slots=True)
class _Day:
    key: str
    label: str
    weekday: str
    shade: bool
    missing: bool
    week_start: bool


def _days(el: CalendarElement, frame: Frame, bound: Bound) -> list[_Day]:
    name = frame.text(el.days_from)
    if name not in bound.lists:
        raise LayoutError(str(frame.file), f"{frame.where}.days_from", f"no list '{name}' in the bound data")
    items = bound.lists[name]
    if len(items) != el.max_days:
        raise LayoutError(
            str(frame.file), f"{frame.where}.days_from", f"'{name}' has {len(items)} days, the grid has {el.max_days}"
        )

    def flag(item: dict[str, Slot], key: str) -> bool:
        return bool(as_value(item.get(key)).text)

    return [
        _Day(
            key=as_value(item.get("key")).text,
            label=as_value(item.get("label")).text,
            weekday=as_value(item.get("weekday")).text,
            shade=flag(item, "shade"),
            missing=flag(item, "missing"),
            week_start=flag(item, "week_start"),
        )
        for item in items
    ]


@dataclass(frozen=True, slots=True)
class _Col:
    spec: CalendarColumn
    width: float
    style: TextStyle
    header_style: TextStyle


def _cols(cols: tuple[CalendarColumn, ...], frame: Frame, bound: Bound, part: str) -> list[_Col]:
    out: list[_Col] = []
    for i, c in enumerate(cols):
        if frame.enabled(c.when, bound.flags):
            w = frame.num(c.width, f"{part}[{i}].width")
            if w <= 0:
                raise LayoutError(str(frame.file), f"{frame.where}.{part}[{i}].width", "column width must be > 0")
            out.append(
                _Col(c, w, c.style, c.header_style)
            )
    return out


def _cell(
    out: PageBuilder,
    rect: Rect,
    value: Slot | None,
    style: TextStyle,
    label: Slot | None = None,
    block: str | None = None,
) -> None:
    """One data cell; ``label`` names the field on a continuation sheet (``overflow: continuation``)."""
    v = as_value(value)
    if v.text or v.typed is not None:
        out.text(rect, v.text, style, static=False, path=v.path, label=as_value(label).text, typed=v.typed, block=block)


STRIKE_KEY = "_strike"
STRIKE_WIDTH = 0.6  # pt: a written stroke, heavier than the cell rules


def _strike(out: PageBuilder, row: dict[str, Slot], days: list[_Day], x0: float, dw: float, y: float, h: float) -> None:
    """One 斜線 over each run of consecutive day columns the row lists in ``_strike`` (days outside
    the pupil's enrolment): from the bottom-left of the run's first cell to the top-right of its last."""
    keys = set(as_value(row.get(STRIKE_KEY)).text.split())
    if not keys:
        return
    i = 0
    while i < len(days):
        if days[i].key not in keys:
            i += 1
            continue
        j = i
        while j + 1 < len(days) and days[j + 1].key in keys:
            j += 1
        out.rules.append(Rule(x0 + i * dw, y + h, x0 + (j + 1) * dw, y, STRIKE_WIDTH, static=False))
        i = j + 1


def expand(el: CalendarElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    ox, oy = (frame.num(v, "origin") for v in el.origin)
    x0, y0 = frame.x + ox, frame.y + oy
    total = frame.num(el.width, "width")
    if total <= 0:
        total = frame.w - ox + total
    lead = _cols(el.lead, frame, bound, "lead")
    tail = _cols(el.tail, frame, bound, "tail")
    n_rows = int(frame.num(el.rows, "rows"))
    row_h = frame.num(el.row_height, "row_height")
    day_h = frame.num(el.day_height, "day_height")
    week_h = frame.num(el.weekday_height, "weekday_height")
    foot_h = frame.num(el.footer_row_height, "footer_row_height")
    if n_rows < 1 or min(row_h, day_h, week_h, foot_h) <= 0:
        raise LayoutError(str(frame.file), frame.where, "rows and heights must be positive")
    days = _days(el, frame, bound)
    cell_style = el.cell_style
    day_style = el.day_style
    weekday_style = el.weekday_style
    footer_style = el.footer_style
    footer_label_style = el.footer_label_style
    lead_w = sum(c.width for c in lead)
    tail_w = sum(c.width for c in tail)
    dw = (total - lead_w - tail_w) / len(days)
    if dw < 3.0:
        message = f"day columns would be {dw:.2f} mm wide (lead and tail too wide)"
        raise LayoutError(str(frame.file), frame.where, message)

    source = frame.text(el.source)
    rows = bound.lists.get(source, [])
    if len(rows) > n_rows:
        raise FormDataError(ErrorEntry(source, f"{len(rows)}行ありますが、この欄には{n_rows}行までしか印字できません"))
    footer = bound.lists.get(frame.text(el.footer_source), []) if el.footer_source else []

    hh = day_h + week_h
    body = y0 + hh
    body_bottom = body + n_rows * row_h
    bottom = body_bottom + len(footer) * foot_h
    day_x0 = x0 + lead_w
    tail_x0 = day_x0 + dw * len(days)

    # shading first, so rules and text print over it
    if el.header_fill is not None:
        out.fills.append(Fill(Rect(x0, y0, lead_w, hh), el.header_fill))
        out.fills.append(Fill(Rect(tail_x0, y0, tail_w, hh), el.header_fill))
    for i, d in enumerate(days):
        gray = el.missing_shade if d.missing else el.shade if d.shade else None
        if gray is not None:
            out.fills.append(Fill(Rect(day_x0 + i * dw, y0, dw, bottom - y0), gray, static=False))

    # horizontal rules
    out.rules.append(Rule(day_x0, y0 + day_h, tail_x0, y0 + day_h, el.inner_width))
    out.rules.append(Rule(x0, body, x0 + total, body, el.group_width))
    for r in range(1, n_rows):
        y = body + r * row_h
        heavy = el.every is not None and r % el.every == 0
        out.rules.append(Rule(x0, y, x0 + total, y, el.inner_width * 2 if heavy else el.inner_width))
    if footer:
        out.rules.append(Rule(x0, body_bottom, tail_x0, body_bottom, el.group_width))
        labels = [as_value(f.get("label")).text for f in footer]
        for r in range(1, len(footer)):
            y = body_bottom + r * foot_h
            same = labels[r] == labels[r - 1] and labels[r] != ""
            start = x0 + (lead[0].width if same and lead else 0.0)
            out.rules.append(Rule(start, y, tail_x0, y, el.inner_width if same else el.inner_width * 2))

    # vertical rules: lead columns, days, tail columns
    x = x0
    for i, c in enumerate(lead):
        if i:
            out.rules.append(Rule(x, y0, x, body_bottom, el.inner_width))
            if i == 1:  # label | sub in the footer rows that have a sub label
                for k, f in enumerate(footer):
                    if as_value(f.get("sub")).text:
                        yk = body_bottom + k * foot_h
                        out.rules.append(Rule(x, yk, x, yk + foot_h, el.inner_width))
        x += c.width
    out.rules.append(Rule(day_x0, y0, day_x0, bottom, el.group_width))
    for i, d in enumerate(days):
        if i:
            cx = day_x0 + i * dw
            heavy = d.week_start
            out.rules.append(Rule(cx, y0, cx, bottom, el.group_width if heavy else el.inner_width))
    out.rules.append(Rule(tail_x0, y0, tail_x0, bottom, el.group_width))
    x = tail_x0
    groups: list[tuple[str, float, float]] = []  # (caption, x, width)
    for i, c in enumerate(tail):
        if i:
            prev = tail[i - 1]
            new_group = c.spec.group != prev.spec.group
            top = y0 if new_group or c.spec.group is None else y0 + el.group_height
            out.rules.append(Rule(x, top, x, body_bottom, el.group_width if new_group else el.inner_width))
        if c.spec.group is not None:
            if groups and groups[-1][0] == c.spec.group and abs(groups[-1][1] + groups[-1][2] - x) < 1e-6:
                caption, gx, gw = groups[-1]
                groups[-1] = (caption, gx, gw + c.width)
            else:
                groups.append((c.spec.group, x, c.width))
        x += c.width
    out.box(Rect(x0, y0, total, body_bottom - y0), el.outer_width, "solid")
    if footer:
        out.box(Rect(x0, body_bottom, tail_x0 - x0, bottom - body_bottom), el.outer_width, "solid")

    # header texts
    x = x0
    for c in lead:
        head = Rect(x, y0, c.width, hh)
        out.text(head, frame.text(c.spec.label), c.header_style, static=True, path=None, block="header lead")
        x += c.width
    for i, d in enumerate(days):
        cx = day_x0 + i * dw
        if d.missing:  # the month has no such day: strike the head
            out.rules.append(Rule(cx, y0 + hh, cx + dw, y0, el.inner_width, static=False))
            continue
        out.text(Rect(cx, y0, dw, day_h), d.label, day_style, static=False, path=None)
        wd = Rect(cx, y0 + day_h, dw, week_h)
        out.text(wd, d.weekday, weekday_style, static=False, path=None)
    for caption, gx, gw in groups:
        out.rules.append(Rule(gx, y0 + el.group_height, gx + gw, y0 + el.group_height, el.inner_width))
        style = TextStyle(size=7.0, align="center", padding=0.5, letter_spacing=0.5 if len(caption) <= 2 else 0.0)
        out.text(Rect(gx, y0, gw, el.group_height), frame.text(caption), style, static=True, path=None, block="groups")
    x = tail_x0
    for c in tail:
        top = y0 + (el.group_height if c.spec.group is not None else 0.0)
        label_rect = Rect(x, top, c.width, y0 + hh - top)
        out.text(label_rect, frame.text(c.spec.label), c.header_style, static=True, path=None, block="header tail")
        x += c.width

    # body cells
    for r, row in enumerate(rows):
        y = body + r * row_h
        _strike(out, row, days, day_x0, dw, y, row_h)
        x = x0
        for c in lead:
            key = c.spec.key
            _cell(out, Rect(x, y, c.width, row_h), row.get(key), c.style, row.get(f"{key}_label"), f"column {key}")
            x += c.width
        for i, d in enumerate(days):
            if not d.missing:
                _cell(out, Rect(day_x0 + i * dw, y, dw, row_h), row.get(d.key), cell_style)
        x = tail_x0
        for c in tail:
            key = c.spec.key
            _cell(out, Rect(x, y, c.width, row_h), row.get(key), c.style, row.get(f"{key}_label"), f"column {key}")
            x += c.width

    # footer rows: spanning label, sub label, one count per day
    r = 0
    while r < len(footer):
        label = as_value(footer[r].get("label")).text
        end = r + 1
        while end < len(footer) and label and as_value(footer[end].get("label")).text == label:
            end += 1
        y = body_bottom + r * foot_h
        if lead:
            subs = [as_value(footer[k].get("sub")).text for k in range(r, end)]
            first = lead[0].width if any(subs) else lead_w  # no sub labels: the label takes the whole lead
            span = Rect(x0, y, first, foot_h * (end - r))
            out.text(span, label, footer_label_style, static=True, path=None, block="footer")
            for k in range(r, end):
                yk = body_bottom + k * foot_h
                sub = as_value(footer[k].get("sub")).text
                if not sub:
                    continue
                sub_rect = Rect(x0 + first, yk, lead_w - first, foot_h)
                out.text(sub_rect, sub, footer_label_style, static=True, path=None, block="footer")
        r = end
    for k, row in enumerate(footer):
        yk = body_bottom + k * foot_h
        for i, d in enumerate(days):
            if not d.missing:
                _cell(out, Rect(day_x0 + i * dw, yk, dw, foot_h), row.get(d.key), footer_style)
