"""Fitting a text into its box: shrink, wrap, continue — or say exactly why not. Never clip.

The report engines we replace cut 所見 silently at a byte count or draw text
past the box. Here every text box has a declared policy (:class:`FitSpec`, from
the layout file) and every fit returns a record (:class:`FitResult`) that the
render report is built from: the size chosen, the lines, whether it shrank,
wrapped or continued. A text that cannot be placed raises
:class:`~unified_forms.errors.FormDataError` naming the field, the capacity
at the minimum size and the actual length, so the teacher knows how much to cut.

Steps, in order:

* **Single-line box** (``wrap=False``): only shrink. Explicit line breaks
  still make lines (each must fit, and there must be room for them).
* **Multi-line box** (``wrap=True``): try the layout size with wrapping; if
  that does not fit, find the largest size in ``[min_size, max_size]`` that
  does, with wrapping, on a grid of ``step`` points (default 0.25 pt) by
  bisection (or a plain downward scan with ``search="step"``, same answer for
  any text whose fit is monotone in the size, which greedy breaking is except
  in contrived 禁則 cases; the search is deterministic either way and the
  returned size is always one that was actually tried and fits).
* **Overflow** at the minimum size, by ``overflow``:
  ``"continuation"`` fills the box at the minimum size and hands the rest back
  in :attr:`FitResult.continued` (the caller puts it on a 別紙);
  ``"shrink"`` and ``"error"`` raise :class:`FormDataError`. The difference:
  ``"error"`` never shrinks (the box keeps its layout size, e.g. codes and
  numbers that must line up), ``"shrink"`` may go down to ``min_size``.

A newline at the very end of the text ends the last line and does not open
another one (it stays in that line's ``newline``); empty lines typed between
or after paragraphs are kept and take their room.

Geometry: a box of height *h* holds *n* lines at size *s* when
``s + (n - 1) * s * line_height <= h`` (first line's em box, then one pitch per
further line); :attr:`FitResult.line_pitch_mm` and ``block_height_mm`` give the
renderer the same numbers. A hanging 句読点 (ぶら下げ) may reach past the right
edge by :attr:`FitResult.overhang_mm`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.text.breaking import Line, PreparedText, break_label_lines, prepare
from unified_forms.text.graphemes import grapheme_len
from unified_forms.text.kinsoku import POLICY
from unified_forms.text.measure import FULL_WIDTH, Measurer

MM_PER_PT = 25.4 / 72.0
_EPS = 1e-9

Overflow = Literal["shrink", "continuation", "error"]
Search = Literal["bisect", "step"]
Breaks = Literal["text", "label"]


@dataclass(frozen=True, slots=True)
class FitSpec:
    """The fit policy of one text box, as declared in its layout file."""

    max_size: float  # pt: the layout's size, tried first
    min_size: float | None = None  # pt; None = max_size (no shrinking)
    wrap: bool = True
    max_lines: int | None = None  # None = as many as the box height allows
    line_height: float = 1.2  # line pitch as a multiple of the size
    overflow: Overflow = "shrink"
    step: float = 0.25  # pt: size grid when shrinking (finer is allowed, coarser is not)
    search: Search = "bisect"
    # "label": break only where a label may break (breaking.label_allows_break), else shrink
    breaks: Breaks = "text"

    def __post_init__(self) -> None:
        if not (self.max_size > 0 and math.isfinite(self.max_size)):
            raise ValueError(f"max_size must be a positive size in pt, got {self.max_size!r}")
        if self.min_size is not None and not (0 < self.min_size <= self.max_size):
            raise ValueError(f"min_size must be in (0, max_size={self.max_size}], got {self.min_size!r}")
        if not (0 < self.step <= 0.25):
            raise ValueError(f"step must be in (0, 0.25] pt, got {self.step!r}")
        if not (self.line_height > 0 and math.isfinite(self.line_height)):
            raise ValueError(f"line_height must be positive, got {self.line_height!r}")
        if self.max_lines is not None and self.max_lines < 1:
            raise ValueError(f"max_lines must be at least 1, got {self.max_lines!r}")
        if self.overflow not in ("shrink", "continuation", "error"):
            raise ValueError(f"overflow must be shrink, continuation or error, got {self.overflow!r}")
        if self.search not in ("bisect", "step"):
            raise ValueError(f"search must be bisect or step, got {self.search!r}")
        if self.breaks not in ("text", "label"):
            raise ValueError(f"breaks must be text or label, got {self.breaks!r}")
        if self.overflow == "continuation" and not self.wrap:
            raise ValueError("overflow 'continuation' needs wrap=True: a continued text is a wrapped text")

    @property
    def smallest(self) -> float:
        """The smallest size this box may print at."""
        if self.overflow == "error" or self.min_size is None:
            return self.max_size
        return self.min_size


@dataclass(frozen=True, slots=True)
class FitResult:
    """What was decided for one text box. Nothing of the text is lost:
    ``"".join(l.text + l.newline for l in lines) + continued == text``."""

    field_path: str
    text: str
    size_pt: float
    lines: tuple[Line, ...]
    continued: str  # the rest, for a continuation sheet; "" when everything is in ``lines``
    shrank: bool
    wrapped: bool  # at least one line ends at a soft (automatic) break
    line_pitch_mm: float
    box_w_mm: float
    box_h_mm: float
    spec: FitSpec = field(repr=False)

    def __post_init__(self) -> None:
        rebuilt = "".join(line.text + line.newline for line in self.lines) + self.continued
        if rebuilt != self.text:
            # lengths only: the text itself may be personal data
            raise AssertionError(
                f"fit of {self.field_path} does not reproduce its text ({len(rebuilt)} != {len(self.text)} code points)"
            )

    @property
    def texts(self) -> list[str]:
        """The printed lines as strings."""
        return [line.text for line in self.lines]

    @property
    def line_count(self) -> int:
        return len(self.lines)

    @property
    def continues(self) -> bool:
        return bool(self.continued)

    @property
    def block_height_mm(self) -> float:
        """Height the printed lines take: one em box plus a pitch per further line."""
        if not self.lines:
            return 0.0
        return self.size_pt * MM_PER_PT + (len(self.lines) - 1) * self.line_pitch_mm

    @property
    def overhang_mm(self) -> float:
        """How far a hanging 句読点 reaches past the right edge of the box (0 if none)."""
        return max((line.hang for line in self.lines), default=0.0) * self.size_pt * MM_PER_PT

    def report(self) -> dict[str, Any]:
        """The render-report entry for this box. Contains no text (no personal data)."""
        return {
            "path": self.field_path,
            "size_pt": self.size_pt,
            "max_size_pt": self.spec.max_size,
            "min_size_pt": self.spec.smallest,
            "lines": len(self.lines),
            "shrank": self.shrank,
            "wrapped": self.wrapped,
            "continued": self.continues,
            "continued_chars": grapheme_len(self.continued) if self.continued else 0,
            "overhang_mm": round(self.overhang_mm, 3),
            "kinsoku": POLICY,
        }


@dataclass(frozen=True, slots=True)
class _Attempt:
    size: float
    lines: list[Line]
    capacity: int  # lines the box holds at this size
    too_wide: bool  # some line is wider than the box (a single grapheme, or no wrapping)

    @property
    def fits(self) -> bool:
        return not self.too_wide and len(self.lines) <= self.capacity


def line_capacity(box_h_mm: float, size_pt: float, spec: FitSpec) -> int:
    """How many lines of ``size_pt`` the box holds (height and ``max_lines``)."""
    size_mm = size_pt * MM_PER_PT
    if box_h_mm + _EPS < size_mm:
        return 0
    n = 1 + math.floor((box_h_mm - size_mm) / (size_mm * spec.line_height) + _EPS)
    return n if spec.max_lines is None else min(n, spec.max_lines)


@functools.lru_cache(maxsize=256)
def _size_grid(smallest: float, largest: float, step: float) -> tuple[float, ...]:
    """Candidate sizes, ascending: ``smallest + k*step`` up to and including ``largest``."""
    k_max = math.floor((largest - smallest) / step + _EPS)
    sizes = [round(smallest + k * step, 6) for k in range(k_max + 1)]
    if sizes[-1] < largest - _EPS:
        sizes.append(largest)
    else:
        sizes[-1] = largest
    return tuple(sizes)


def _fmt_pt(size: float) -> str:
    text = f"{size:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def fit_text(
    text: str,
    box_w_mm: float,
    box_h_mm: float,
    spec: FitSpec,
    measure: Measurer,
    field_path: str,
    *,
    label: str = "",
    allow_continuation: bool = True,
) -> FitResult:
    """Fit ``text`` into a box of ``box_w_mm`` × ``box_h_mm`` (inner size, mm) under ``spec``.

    Returns the fit record, or raises :class:`FormDataError` (one entry, path
    ``field_path``) when the text cannot be placed: overflow ``"shrink"`` or
    ``"error"``, or ``"continuation"`` while ``allow_continuation`` is False
    (e.g. already on the last continuation sheet).
    """
    if box_w_mm <= 0 or box_h_mm <= 0:
        raise ValueError(f"{field_path}: box must have a positive size, got {box_w_mm}×{box_h_mm} mm")
    pitch = spec.max_size * MM_PER_PT * spec.line_height
    if text == "":
        return FitResult(field_path, text, spec.max_size, (), "", False, False, pitch, box_w_mm, box_h_mm, spec)

    prepared = prepare(text, measure)
    smallest = spec.smallest
    sizes = _size_grid(smallest, spec.max_size, spec.step)
    tried: dict[int, _Attempt] = {}

    def attempt(i: int) -> _Attempt:
        if i not in tried:
            size = sizes[i]
            capacity = line_capacity(box_h_mm, size, spec)
            if i and spec.wrap and prepared.min_lines(_width_em(box_w_mm, size)) > capacity:
                # more ink than the box holds at this size: no line breaking can make it fit (the smallest
                # size is always broken for real: continuation and error messages read its lines)
                tried[i] = _Attempt(size, [], capacity, True)
            else:
                tried[i] = _attempt(prepared, size, box_w_mm, box_h_mm, spec)
        return tried[i]

    top = len(sizes) - 1
    chosen: _Attempt | None = None
    if attempt(top).fits:
        chosen = attempt(top)
    elif top > 0 and attempt(0).fits:
        if spec.search == "step":
            chosen = next(attempt(i) for i in range(top - 1, -1, -1) if attempt(i).fits)
        else:
            lo, hi = 0, top  # lo fits, hi does not
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if attempt(mid).fits:
                    lo = mid
                else:
                    hi = mid
            chosen = attempt(lo)
    if chosen is not None:
        return _result(field_path, text, chosen, chosen.lines, "", box_w_mm, box_h_mm, spec)

    at_min = attempt(0)
    if (
        spec.overflow == "continuation"
        and allow_continuation
        and at_min.capacity > 0
        and not any(
            line.width - line.hang > _width_em(box_w_mm, at_min.size) + _EPS for line in at_min.lines[: at_min.capacity]
        )
    ):
        kept = at_min.lines[: at_min.capacity]
        last = kept[-1]
        rest = text[last.end + len(last.newline) :]
        return _result(field_path, text, at_min, kept, rest, box_w_mm, box_h_mm, spec)

    raise FormDataError(
        ErrorEntry(
            path=field_path, message=_capacity_message(text, prepared, at_min, box_w_mm, spec, measure), label=label
        )
    )


def _width_em(box_w_mm: float, size: float) -> float:
    return box_w_mm / (size * MM_PER_PT)


def _attempt(prepared: PreparedText, size: float, box_w_mm: float, box_h_mm: float, spec: FitSpec) -> _Attempt:
    width_em = _width_em(box_w_mm, size)
    width = width_em if spec.wrap else math.inf
    lines = break_label_lines(prepared, width) if spec.breaks == "label" else prepared.break_lines(width)
    if len(lines) > 1 and not lines[-1].text:
        lines.pop()  # a final newline ends the last line; it does not open an empty one
    too_wide = any(line.width - line.hang > width_em + _EPS for line in lines)
    return _Attempt(size, lines, line_capacity(box_h_mm, size, spec), too_wide)


def _result(
    field_path: str,
    text: str,
    chosen: _Attempt,
    lines: list[Line],
    rest: str,
    box_w_mm: float,
    box_h_mm: float,
    spec: FitSpec,
) -> FitResult:
    # a soft break is a line end without a newline that is not the end of the text
    wrapped = any(not line.newline and line.end < len(text) for line in lines)
    return FitResult(
        field_path=field_path,
        text=text,
        size_pt=chosen.size,
        lines=tuple(lines),
        continued=rest,
        shrank=chosen.size < spec.max_size,
        wrapped=wrapped,
        line_pitch_mm=chosen.size * MM_PER_PT * spec.line_height,
        box_w_mm=box_w_mm,
        box_h_mm=box_h_mm,
        spec=spec,
    )


def _capacity_message(
    text: str, prepared: PreparedText, at_min: _Attempt, box_w_mm: float, spec: FitSpec, measure: Measurer
) -> str:
    """「この欄には最小8.0ptで約22字×15行（330字）まで印刷できます。入力は412字です。」 and why, if not obvious."""
    size = at_min.size
    per_line = math.floor(_width_em(box_w_mm, size) / measure.advance(FULL_WIDTH) + _EPS)
    rows = at_min.capacity
    newlines = prepared.hard_lines - 1
    actual = grapheme_len(text) - newlines  # CR LF is one grapheme, like LF
    where = f"最小{_fmt_pt(size)}pt" if spec.smallest < spec.max_size else f"{_fmt_pt(size)}pt"
    message = (
        f"この欄には{where}で約{per_line}字×{rows}行（{per_line * rows}字）まで印刷できます。入力は{actual}字です。"
    )
    if rows == 0:
        return message + "欄の高さが1行分もありません（レイアウトを確認してください）。"
    if at_min.too_wide:
        if spec.wrap:
            return message + "1字だけで欄の幅を超える文字があります。"
        return message + "この欄は折り返さないため、1行に収まる長さにしてください。"
    if actual <= per_line * rows:
        reasons = f"改行{newlines}か所、" if newlines else ""
        return message + f"{reasons}禁則処理や文字幅のため、折り返すと{len(at_min.lines)}行になります。"
    return message
