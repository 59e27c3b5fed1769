"""Reading the JSON a school system sends: decode, cap, parse — before any model sees it.

The CLI (a file, or stdin) and the batch (one JSON Lines line at a time) read
the same way, so that ``validate`` OK means ``render`` and ``batch`` read the
same data:

* Bytes → text: UTF-8 with or without a BOM, or Shift_JIS as Windows writes it
  (CP932), chosen explicitly or detected (UTF-8 first: a file that decodes as
  UTF-8 is UTF-8). CP932's user-defined area (外字, F040–F9FC) decodes to the
  private-use code points U+E000–U+E757, which preflight then reports (the font
  has no glyph for a school's own 外字). Undecodable bytes are one error with
  the byte offset.
* Text → data: nesting deeper than ``MAX_DEPTH`` and integers longer than
  ``MAX_INT_DIGITS`` digits are refused by a scan that runs *before* the parser
  (a 100,000-deep array or a 5,000-digit integer used to abort the run with a
  RecursionError or a ValueError); ``NaN``/``Infinity`` and floats that overflow
  to infinity are refused too (JSON has no such numbers).

Messages are Japanese (school staff read them) and never quote the input:
positions (line, column, byte offset) only.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Literal

Encoding = Literal["auto", "utf-8", "cp932"]
ENCODINGS: tuple[str, ...] = ("auto", "utf-8", "cp932")

MAX_DEPTH = 64  # the deepest shipped sample nests 7 levels
MAX_INT_DIGITS = 20  # any count, year or 出席番号 fits; int() of 4,300+ digits even raises
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024  # one input document (a year of 出席簿 is well under 2 MB)
GAIJI_FIRST, GAIJI_LAST = 0xE000, 0xE757  # CP932 F040–F9FC as Python (and Windows) decode it


class InputError(ValueError):
    """Input that cannot be read as JSON data; ``message`` is one Japanese line without the input."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def decode(data: bytes, encoding: Encoding = "auto") -> tuple[str, str]:
    """``(text, encoding used)``; InputError naming the first undecodable byte."""
    if encoding not in ENCODINGS:
        raise InputError(f"文字コード {encoding} には対応していません（utf-8 または cp932）")
    if encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8").removeprefix("\ufeff"), "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc
        if encoding == "utf-8":
            raise _decode_error("UTF-8", utf8_error) from None
    try:
        return _decode_cp932(data), "cp932"
    except UnicodeDecodeError as exc:
        if encoding == "cp932":
            raise _decode_error("Shift_JIS（CP932）", exc) from None
        raise InputError(
            f"UTF-8 としても Shift_JIS（CP932）としても読めません（UTF-8 として読めないバイト: "
            f"オフセット {utf8_error.start}、0x{data[utf8_error.start]:02X}）"
        ) from None


# Python's cp932 gives the single bytes 0x80, 0xA0 and 0xFD–0xFF code points (U+0080, U+F8F0–U+F8F3)
# that no Shift_JIS text contains; treating them as text would let any binary file "decode".
_NOT_SHIFT_JIS = re.compile("[\x80\uf8f0-\uf8f3]")


def _decode_cp932(data: bytes) -> str:
    text = data.decode("cp932")
    bad = _NOT_SHIFT_JIS.search(text)
    if bad is not None:
        start = len(text[: bad.start()].encode("cp932"))
        raise UnicodeDecodeError("cp932", data, start, start + 1, "not a Shift_JIS byte")
    return text


def _decode_error(name: str, exc: UnicodeDecodeError) -> InputError:
    bad = exc.object[exc.start]
    return InputError(f"{name} として読めないバイトがあります（オフセット {exc.start}、0x{bad:02X}）")


# a string (skipped whole), a bracket, or a run of digits longer than allowed outside strings
_TOKENS = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]|(?<![\w.])-?\d{' + str(MAX_INT_DIGITS + 1) + r",}(?![\d.eE])"
)


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"{line} 行 {column} 列"


def check_structure(text: str) -> None:
    """Depth and integer length, scanned before ``json.loads`` builds anything."""
    depth = 0
    for m in _TOKENS.finditer(text):
        token = m.group()
        first = token[0]
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"入れ子が深すぎます（{MAX_DEPTH} 段まで、{_where(text, m.start())}）")
        elif first in "]}":
            depth -= 1
        elif first != '"':
            digits = len(token.lstrip("-"))
            where = _where(text, m.start())
            raise InputError(f"整数の桁数が多すぎます（{digits} 桁、{MAX_INT_DIGITS} 桁まで、{where}）")


def _parse_int(token: str) -> int:
    if len(token.lstrip("-")) > MAX_INT_DIGITS:  # the scan catches these first; kept as a safety net
        raise InputError(f"整数の桁数が多すぎます（{MAX_INT_DIGITS} 桁まで）")
    return int(token)


def _parse_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise InputError("数値が大きすぎます（有限の値にしてください）")
    return value


def _parse_constant(token: str) -> Any:
    raise InputError(f"{token} は JSON の数値ではありません")


def parse(text: str) -> Any:
    """JSON text → Python data within the limits above; InputError with line and column otherwise."""
    check_structure(text)
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON として正しくありません（{exc.lineno} 行 {exc.colno} 列）") from None
    except RecursionError:  # not reached after check_structure; never a traceback either way
        raise InputError(f"入れ子が深すぎます（{MAX_DEPTH} 段まで）") from None


def parse_object(data: bytes, encoding: Encoding = "auto") -> tuple[dict[str, Any], str]:
    """One input document: ``(object, encoding used)``; InputError if it is not a JSON object."""
    text, used = decode(data, encoding)
    value = parse(text)
    if not isinstance(value, dict):
        raise InputError(f"入力は JSON のオブジェクト（{{...}}）にしてください（{_kind(value)} です）")
    return value, used


def _kind(value: Any) -> str:
    return {list: "配列", str: "文字列", bool: "真偽値", int: "数値", float: "数値", type(None): "null"}.get(
        type(value), "値"
    )


def gaiji(text: str) -> list[str]:
    """The distinct CP932 外字 code points (U+E000–U+E757) in ``text``, as ``U+E000``."""
    found = sorted({ord(c) for c in text if GAIJI_FIRST <= ord(c) <= GAIJI_LAST})
    return [f"U+{cp:04X}" for cp in found]
