"""Exact text: what a text field accepts, counted in graphemes, never normalised.

Text is stored exactly as given. U+FA11 﨑 stays U+FA11, a base + IVS selector (U+E0100..U+E01EF)
stays two code points and counts as one character, non-BMP kanji such as 𠮷 (U+20BB7) pass
through. What is rejected is text that cannot be printed faithfully: control characters,
unpaired surrogates, and a variation selector with no base character before it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import regex
from pydantic import (
    AfterValidator,
    Field,
    Strict,
)
from pydantic_core import PydanticCustomError

from unified_forms.models.base import CODEPOINTS_PER_GRAPHEME

_GRAPHEME = regex.compile(r"\X")
# Variation selectors that must follow a base character: VS1-16, IVS (VS17-256), Mongolian FVS.
_SELECTOR_RANGES = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180F))


def grapheme_count(text: str) -> int:
    """Number of user-perceived characters (extended grapheme clusters); 葛+U+E0102 counts as 1."""
    return len(_GRAPHEME.findall(text))


def _is_selector(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _SELECTOR_RANGES)


# what check_text may have to reject: C0/C1 controls, U+2028/2029, surrogates
_SUSPICIOUS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def invalid(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, "{message}", {"message": message})


def check_text(
    value: str,
    *,
    max_graphemes: int | None = None,
    multiline: bool = False,
    required: bool = False,
) -> str:
    """Validate printable text and return it unchanged (same object, same code points).

    Rejects: control characters U+0000–U+001F, U+007F–U+009F (``multiline`` allows LF, and CR LF
    pairs are not rewritten), the separators U+2028/U+2029, unpaired surrogates, a variation
    selector at the start, more than ``max_graphemes`` grapheme clusters, and (``required``) text
    that is empty or only spaces.
    Raises :class:`pydantic_core.PydanticCustomError` (a ValueError) with a Japanese message that
    does not quote the text.
    """
    first = _SUSPICIOUS.search(value)  # one C-speed scan; the loop below only runs from a hit on
    for i in range(first.start() if first else len(value), len(value)):
        ch = value[i]
        cp = ord(ch)
        if cp <= 0x1F or 0x7F <= cp <= 0x9F:
            if multiline and ch == "\n":
                continue
            if multiline and ch == "\r" and value[i + 1 : i + 2] == "\n":
                continue
            raise invalid("text_control_char", f"制御文字（U+{cp:04X}）は使えません（{i + 1}文字目）")
        if cp in (0x2028, 0x2029):
            raise invalid("text_line_separator", f"改行文字（U+{cp:04X}）は使えません（{i + 1}文字目）")
        if 0xD800 <= cp <= 0xDFFF:
            raise invalid("text_surrogate", f"壊れた文字（対になっていないサロゲート U+{cp:04X}）があります")
    if value and _is_selector(value[0]):
        raise invalid("text_lone_selector", "異体字セレクタの前に文字がありません（先頭が異体字セレクタです）")
    if required and not value.strip():
        raise invalid("text_empty", "入力してください（空にはできません）")
    if max_graphemes is not None:
        if len(value) > max_graphemes * CODEPOINTS_PER_GRAPHEME:  # before counting clusters of a huge text
            raise invalid("text_too_long", f"{max_graphemes}文字以内で入力してください")
        n = grapheme_count(value)
        if n > max_graphemes:
            raise invalid("text_too_long", f"{max_graphemes}文字以内で入力してください（{n}文字あります）")
    return value


# --------------------------------------------------------------------------- the same rules as JSON Schema
# check_text's rules as JSON Schema, so that a school system's validator refuses what validate refuses.
# The patterns are portable: \xNN / \uNNNN escapes only (the astral IVS selectors as literal
# characters: JSON Schema patterns are Unicode, ECMA-262's 'u' flag), no lookaround (Rust and Go
# validators have none). Single-line text forbids characters with an unanchored ``not`` (Python's ``$``
# also matches before a final newline; ECMA-262's does not); multi-line text is an anchored allow-list
# where that difference cannot matter (a final LF is allowed anyway). An unpaired surrogate cannot be
# written in a portable pattern: that rule is listed (TEXT_RULES) instead. The length limit counts
# grapheme clusters, which JSON Schema cannot (``maxLength`` counts code points, and 葛 + U+E0102 is two
# of them): it is stated as ``x-max-graphemes``.
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
_MULTILINE_OK = r"(?:[^\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]|\r\n)"  # LF allowed; CR only in CR LF
_MULTILINE_SOLID = r"[^\s\x00-\x1f\x7f-\x9f\u2028\u2029]"
MULTILINE_TEXT = rf"^{_MULTILINE_OK}*$"
MULTILINE_TEXT_REQUIRED = rf"^{_MULTILINE_OK}*{_MULTILINE_SOLID}{_MULTILINE_OK}*$"
LEADING_SELECTOR = r"^[\ufe00-\ufe0f\u180b-\u180f" + "\U000e0100-\U000e01ef]"
TEXT_RULES = {"text_surrogate": "文字列に対になっていないサロゲート（U+D800〜U+DFFF）は使えません"}


def text_json_schema(
    max_graphemes: int | None = None, *, multiline: bool = False, required: bool = False
) -> dict[str, Any]:
    """What :func:`check_text` with these options accepts, as JSON Schema keywords."""
    out: dict[str, Any]
    if multiline:
        out = {"pattern": MULTILINE_TEXT_REQUIRED if required else MULTILINE_TEXT}
        out["not"] = {"anyOf": [{"pattern": LEADING_SELECTOR}]}
    else:
        out = {"not": {"anyOf": [{"pattern": CONTROL_CHARACTERS}, {"pattern": LEADING_SELECTOR}]}}
        if required:
            out["pattern"] = r"\S"  # not empty, not only spaces
    if required:
        out["minLength"] = 1
    if max_graphemes is not None:
        out["x-max-graphemes"] = max_graphemes
        out["maxLength"] = max_graphemes * CODEPOINTS_PER_GRAPHEME  # the code-point guard a validator can check
    return out


def text_rules(max_graphemes: int | None = None, *, multiline: bool = False, required: bool = False) -> tuple[Any, ...]:
    """The ``Annotated`` metadata of a text validated by :func:`check_text` with these options.

    Written ``Annotated[str, *text_rules(40)]`` where a type is expected: a type checker sees a
    ``str`` (a call such as ``text_type(40)`` is not a type to it), pydantic sees the rules.
    """

    def _check(v: str) -> str:
        return check_text(v, max_graphemes=max_graphemes, multiline=multiline, required=required)

    extra = text_json_schema(max_graphemes, multiline=multiline, required=required)
    return (Strict(), AfterValidator(_check), text_field(max_graphemes, extra))


def text_type(max_graphemes: int | None = None, *, multiline: bool = False, required: bool = False) -> Any:
    """An ``Annotated[str, ...]`` type validated by :func:`check_text` with these options (at run time
    only: in an annotation write ``Annotated[str, *text_rules(...)]``, which a type checker reads)."""
    return Annotated[str, *text_rules(max_graphemes, multiline=multiline, required=required)]


def text_field(max_graphemes: int | None, extra: dict[str, Any] | None = None) -> Any:
    """The JSON Schema statement of a text: its rules (``extra``, from :func:`text_json_schema`),
    ``x-max-graphemes`` (what is counted) and ``maxLength`` in code points (what any JSON Schema
    validator can check, and what pydantic checks first), since a grapheme may be several code points."""
    schema = dict(extra or {})
    if max_graphemes is None:
        return Field(json_schema_extra=schema) if schema else Field()
    schema.setdefault("x-max-graphemes", max_graphemes)
    return Field(max_length=max_graphemes * CODEPOINTS_PER_GRAPHEME, json_schema_extra=schema)


SchoolNameText = Annotated[str, *text_rules(40, required=True)]
AddressText = Annotated[str, *text_rules(60)]
KumiText = Annotated[str, *text_rules(6, required=True)]
TermNameText = Annotated[str, *text_rules(6, required=True)]
ClassIdText = Annotated[str, *text_rules(20, required=True)]
ReasonText = Annotated[str, *text_rules(40)]
RemarksText = Annotated[str, *text_rules(200, multiline=True)]
