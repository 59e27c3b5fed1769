"""外字 preflight: which characters of an input the font cannot print exactly, before printing.

A 指導要録 is kept for 20 years; a name that prints with a substitute glyph
must be caught when the data is entered, not when a parent reads the page.
Preflight uses the very same shaping rules as rendering (text.shape), so
"preflight clean" means "prints exactly".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from unified_forms.text.shape import (
    FALLBACK_CONTROL,
    FALLBACK_IVS,
    FALLBACK_MISSING,
    FALLBACK_ORPHAN_SELECTOR,
    shape,
)

MESSAGES = {
    FALLBACK_IVS: "IPAmj明朝にこの異体字（IVS）の字形がありません。基底字で印字されます",
    FALLBACK_MISSING: "IPAmj明朝にない文字です。〓（ゲタ）で印字されます",
    FALLBACK_CONTROL: "制御文字は印字できません。〓（ゲタ）で印字されます",
    FALLBACK_ORPHAN_SELECTOR: "異体字セレクタの前に文字がありません（印字されません）",
}


# Shift_JIS (CP932) files carry a school's own 外字 in the user-defined area F040–F9FC, which
# decodes to U+E000–U+E757: a code point that means a different character in every school.
GAIJI_MESSAGE = (
    "Shift_JIS の外字（利用者定義領域 F040–F9FC）の文字です。IPAmj明朝では〓（ゲタ）で印字されます。"
    "MJ文字（IVS 付き）に置き換えてください"
)


def _is_gaiji(text: str) -> bool:
    return any(0xE000 <= ord(c) <= 0xE757 for c in text)


@dataclass(frozen=True, slots=True)
class PreflightIssue:
    path: str  # e.g. "students[5].name.family"
    position: int  # 1-based character (grapheme) position in the value
    text: str  # the exact code points concerned
    codepoints: str  # "U+845B U+E0100"
    reason: str  # ivs-not-in-font / missing-glyph / control / orphan-selector
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.path} {self.position}文字目 「{self.text}」 ({self.codepoints}): {self.message}"


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def check_text(text: str, path: str) -> list[PreflightIssue]:
    """Issues in one value; line breaks (LF, CR LF) are layout, not characters, and are skipped."""
    issues: list[PreflightIssue] = []
    position = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        for glyph in shape(line).glyphs:
            if not glyph.text:
                continue  # a second glyph of one cluster
            position += 1
            if glyph.fallback:
                cps = " ".join(f"U+{ord(c):04X}" for c in glyph.text)
                message = GAIJI_MESSAGE if _is_gaiji(glyph.text) else MESSAGES[glyph.fallback]
                issues.append(PreflightIssue(path, position, glyph.text, cps, glyph.fallback, message))
    return issues


def preflight_data(data: dict[str, Any] | BaseModel) -> list[PreflightIssue]:
    """Every value of the input, raw (before validation): what the user typed is what is checked."""
    raw = data.model_dump(mode="json", by_alias=True) if isinstance(data, BaseModel) else data
    issues: list[PreflightIssue] = []
    for path, text in _strings(raw, ""):
        issues.extend(check_text(text, path))
    return issues
