"""The render report: what the engine decided for each text, so that nothing happens silently.

A school office must be able to see that a 所見 was shrunk to 7.5 pt or
continued on a 別紙, and which characters printed with a substitute glyph,
without opening the PDF. Personal text is not repeated in the report: fields
are named by their data path only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from unified_forms.layout.fitbox import FitOutcome
from unified_forms.layout.page import Document


@dataclass(frozen=True, slots=True)
class FieldFit:
    path: str
    size: float
    lines: int
    shrank: bool
    wrapped: bool
    continued: bool


@dataclass(frozen=True, slots=True)
class GlyphFallback:
    path: str
    text: str  # the code points asked for, e.g. "葛\U000e0100"
    codepoints: str  # "U+845B U+E0100"
    reason: str  # "ivs-not-in-font", "missing-glyph", "control"


@dataclass(slots=True)
class RenderReport:
    form_id: str
    pages: int
    layout_version: str
    fields: list[FieldFit] = field(default_factory=list)
    fallbacks: list[GlyphFallback] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def codepoints(text: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in text)


def build_report(
    doc: Document, fits: tuple[tuple[str, FitOutcome], ...], alerts: tuple[dict[str, Any], ...] = ()
) -> RenderReport:
    report = RenderReport(
        form_id=doc.form_id, pages=len(doc.pages), layout_version=doc.layout_version, alerts=list(alerts)
    )
    for path, fit in fits:
        report.fields.append(FieldFit(path, fit.size, len(fit.lines), fit.shrank, fit.wrapped, bool(fit.remainder)))
    seen: set[tuple[str, str]] = set()
    for page in doc.pages:
        for box in page.texts:
            for line in box.lines:
                for g in line.run.glyphs:
                    if g.fallback and (box.field or "", g.text) not in seen:
                        seen.add((box.field or "", g.text))
                        report.fallbacks.append(GlyphFallback(box.field or "", g.text, codepoints(g.text), g.fallback))
    return report
