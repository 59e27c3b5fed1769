"""The bridge between a layout's fit policy and the text engine: one call per text box.

Layout code asks "what size and which lines?" and gets an answer that keeps
every character, or a FormDataError that names the field, its capacity and
the actual length. Nothing is ever clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.layout.spec import FitSpec
from unified_forms.text.shape import shape

PT_TO_MM = 25.4 / 72.0


@dataclass(frozen=True, slots=True)
class FitOutcome:
    size: float
    lines: tuple[str, ...]
    shrank: bool
    wrapped: bool
    remainder: str = ""  # text that continues on a continuation sheet


def _width(text: str, size: float, vertical: bool) -> float:
    return shape(text, vertical=vertical).width_mm(size)


def _break(text: str, width: float, size: float, vertical: bool) -> list[str]:
    """Greedy break at character boundaries (no 禁則 yet)."""
    import regex

    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for g in regex.findall(r"\X", para):
            if line and _width(line + g, size, vertical) > width:
                out.append(line)
                line = g
            else:
                line += g
        out.append(line)
    return out


def _fits(text: str, box: tuple[float, float], spec: FitSpec, size: float, vertical: bool) -> list[str] | None:
    w, h = box
    size_mm = size * PT_TO_MM
    pitch = size_mm * spec.line_height
    lines = _break(text, w, size, vertical) if spec.wrap else text.split("\n")
    if any(_width(line, size, vertical) > w + 1e-6 for line in lines):
        return None
    if spec.max_lines is not None and len(lines) > spec.max_lines:
        return None
    if size_mm + pitch * (len(lines) - 1) > h + 1e-6:
        return None
    return lines


def fit_box(
    text: str,
    box: tuple[float, float],
    spec: FitSpec,
    *,
    size: float,
    vertical: bool = False,
    path: str | None = None,
) -> FitOutcome:
    """Largest size in [spec.min_size, size] (0.25 pt grid) at which ``text`` fits ``box`` (w, h mm)."""
    if not text:
        return FitOutcome(size=size, lines=(), shrank=False, wrapped=False)
    lines = _fits(text, box, spec, size, vertical)
    if lines is not None:
        return FitOutcome(size=size, lines=tuple(lines), shrank=False, wrapped=len(lines) > 1)
    lo_steps, hi_steps = int(spec.min_size * 4), int(size * 4)
    best: tuple[float, list[str]] | None = None
    while lo_steps <= hi_steps:  # bisection over the 0.25 pt grid
        mid = (lo_steps + hi_steps) // 2
        got = _fits(text, box, spec, mid / 4, vertical)
        if got is not None:
            best = (mid / 4, got)
            lo_steps = mid + 1
        else:
            hi_steps = mid - 1
    if best is not None:
        return FitOutcome(size=best[0], lines=tuple(best[1]), shrank=True, wrapped=len(best[1]) > 1)
    raise FormDataError([_overflow_entry(text, box, spec, path)])


def _overflow_entry(text: str, box: tuple[float, float], spec: FitSpec, path: str | None) -> ErrorEntry:
    import regex

    size_mm = spec.min_size * PT_TO_MM
    per_line = max(int(box[0] / size_mm), 0)
    lines = 1
    if spec.wrap:
        lines = max(int((box[1] - size_mm) / (size_mm * spec.line_height)) + 1, 1)
        if spec.max_lines:
            lines = min(lines, spec.max_lines)
    actual = len(regex.findall(r"\X", text.replace("\n", "")))
    return ErrorEntry(
        path=path or "",
        message=(
            f"入力が欄に収まりません: 最小{spec.min_size:g}ptで全角約{per_line}字×{lines}行"
            f"（{per_line * lines}字）まで、入力は{actual}字です"
        ),
    )
