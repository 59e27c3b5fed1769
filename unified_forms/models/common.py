"""Input types shared by every form model: names, school, class, 年度/学期, evaluation marks, 出欠.

Why one module: the twenty forms print the same things (a pupil's name, the school, 「令和7年度」,
「3年1組」, A/B/C marks, 出欠 totals) and must validate them identically, so a school system gets
the same error for the same mistake whichever form it prints. Every field carries its Japanese label
as ``Field(title=...)``; :mod:`unified_forms.models.errors_map` puts that label into FormDataError.

Text is stored exactly as given. No model here strips, case-folds or Unicode-normalises strings:
U+FA11 﨑 stays U+FA11, a base + IVS selector (U+E0100..U+E01EF) stays two code points and counts
as one character, non-BMP kanji such as 𠮷 (U+20BB7) pass through. What *is* rejected is text that
cannot be printed faithfully: control characters, unpaired surrogates, and a variation selector
with no base character before it.

Decisions recorded here (see each class for details):

* All input models forbid unknown keys and are frozen: a validated input is a value that the
  binding layer reads, never edits.
* Counts (日数, 回数, 学年) are strict integers: ``true`` or ``"3"`` is an error, not 1 or 3.
* Dates are ISO ``YYYY-MM-DD`` strings (or ``datetime.date``); they are printed as 和暦 by
  :mod:`unified_forms.models.wareki`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

import regex
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.wareki import format_nendo, nendo_end, nendo_start

__all__ = [
    "AddressText",
    "Assessment",
    "AttendanceTotals",
    "Blank",
    "Circle",
    "ClassRef",
    "Count",
    "FiscalYear",
    "GradeMark",
    "InputModel",
    "IsoDate",
    "KumiText",
    "LetterMark",
    "PersonName",
    "ReasonText",
    "RemarksText",
    "School",
    "SchoolCode",
    "SchoolNameText",
    "SchoolType",
    "Sex",
    "Slash",
    "Teacher",
    "Term",
    "TermCalendar",
    "TermNameText",
    "TermSystem",
    "check_text",
    "grapheme_count",
    "parse_assessment",
    "text_type",
    "to_hiragana",
    "to_katakana",
]


class InputModel(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable, text is untouched."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        str_to_lower=False,
        str_to_upper=False,
        coerce_numbers_to_str=False,
        validate_default=True,
    )


# --------------------------------------------------------------------------- exact text

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


def _err(code: str, message: str) -> PydanticCustomError:
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
            raise _err("text_control_char", f"制御文字（U+{cp:04X}）は使えません（{i + 1}文字目）")
        if cp in (0x2028, 0x2029):
            raise _err("text_line_separator", f"改行文字（U+{cp:04X}）は使えません（{i + 1}文字目）")
        if 0xD800 <= cp <= 0xDFFF:
            raise _err("text_surrogate", f"壊れた文字（対になっていないサロゲート U+{cp:04X}）があります")
    if value and _is_selector(value[0]):
        raise _err("text_lone_selector", "異体字セレクタの前に文字がありません（先頭が異体字セレクタです）")
    if required and not value.strip():
        raise _err("text_empty", "入力してください（空にはできません）")
    if max_graphemes is not None:
        n = grapheme_count(value)
        if n > max_graphemes:
            raise _err("text_too_long", f"{max_graphemes}文字以内で入力してください（{n}文字あります）")
    return value


def text_type(max_graphemes: int | None = None, *, multiline: bool = False, required: bool = False) -> Any:
    """An ``Annotated[str, ...]`` type validated by :func:`check_text` with these options."""

    def _check(v: str) -> str:
        return check_text(v, max_graphemes=max_graphemes, multiline=multiline, required=required)

    schema_extra: dict[str, Any] = {}
    if max_graphemes is not None:
        schema_extra["x-max-graphemes"] = max_graphemes
    return Annotated[str, Strict(), AfterValidator(_check), Field(json_schema_extra=schema_extra or None)]


SchoolNameText = text_type(40, required=True)
AddressText = text_type(60)
KumiText = text_type(6, required=True)
TermNameText = text_type(6, required=True)
ReasonText = text_type(40)
RemarksText = text_type(200, multiline=True)


# --------------------------------------------------------------------------- numbers and dates

Count = Annotated[int, Strict(), Field(ge=0)]
"""A non-negative integer count (日数, 回数); booleans and numeric strings are rejected."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_iso_date(v: Any) -> Any:
    if isinstance(v, datetime):
        raise _err("date_has_time", "日付は YYYY-MM-DD で入力してください（時刻は不要です）")
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        if not _ISO_DATE.fullmatch(v):
            raise _err("date_format", "日付は YYYY-MM-DD 形式で入力してください（例: 2025-04-01）")
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise _err("date_invalid", "存在しない日付です") from None
    raise _err("date_format", "日付は YYYY-MM-DD 形式の文字列で入力してください")


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
"""A calendar date given as ``"YYYY-MM-DD"``; printed as 和暦 by the forms (wareki.format_date)."""


class FiscalYear(int):
    """年度 as the Gregorian year it starts in (2025 = 2025-04-01 … 2026-03-31), 1989..2100.

    Input and JSON are a plain integer; the value behaves as an ``int`` and adds the label and the
    first/last day. ``label`` follows wareki.format_nendo: 2019 → 「令和元年度」.
    """

    MIN: ClassVar[int] = 1989
    MAX: ClassVar[int] = 2100

    def __new__(cls, year: int) -> FiscalYear:
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError("FiscalYear needs an int")
        if not cls.MIN <= year <= cls.MAX:
            raise ValueError(f"年度は {cls.MIN}〜{cls.MAX} の範囲です")
        return super().__new__(cls, year)

    @property
    def label(self) -> str:
        return format_nendo(int(self))

    def format(self, *, gannen: bool = True, full_width: bool = False) -> str:
        return format_nendo(int(self), gannen=gannen, full_width=full_width)

    @property
    def start(self) -> date:
        return nendo_start(int(self))

    @property
    def end(self) -> date:
        return nendo_end(int(self))

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.int_schema(strict=True, ge=cls.MIN, le=cls.MAX),
            serialization=core_schema.plain_serializer_function_ser_schema(int, return_schema=core_schema.int_schema()),
        )


# --------------------------------------------------------------------------- people


class Sex(StrEnum):
    """性別. Printed 男/女; ``unspecified`` prints blank (some 調査書 omit 性別, spec §2.3)."""

    MALE = "male"
    FEMALE = "female"
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        return {"male": "男", "female": "女", "unspecified": ""}[self.value]

    @classmethod
    def _missing_(cls, value: object) -> Sex | None:
        return {"男": cls.MALE, "女": cls.FEMALE}.get(value) if isinstance(value, str) else None


_KANA_OK = regex.compile(r"[\u3041-\u3096\u3099\u309A\u309D-\u309F\u30A1-\u30FA\u30FB\u30FC\u30FD-\u30FF \u3000]*")
_VU_HIRAGANA = {"\u30f7": "わ\u3099", "\u30f8": "ゐ\u3099", "\u30f9": "ゑ\u3099", "\u30fa": "を\u3099"}


def to_katakana(text: str) -> str:
    """ひらがな → カタカナ (ぁ-ゖ, ゝゞ); everything else (ー, ・, spaces, カタカナ) is kept."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x3041 <= cp <= 0x3096 or cp in (0x309D, 0x309E):
            out.append(chr(cp + 0x60))
        else:
            out.append(ch)
    return "".join(out)


def to_hiragana(text: str) -> str:
    """カタカナ → ひらがな (ァ-ヶ, ヽヾ; ヷヸヹヺ become わ゙ ゐ゙ ゑ゙ を゙ with U+3099)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x30A1 <= cp <= 0x30F6 or cp in (0x30FD, 0x30FE):
            out.append(chr(cp - 0x60))
        else:
            out.append(_VU_HIRAGANA.get(ch, ch))
    return "".join(out)


def _check_kana(value: str) -> str:
    if not _KANA_OK.fullmatch(value):
        bad = next(ch for ch in value if not _KANA_OK.fullmatch(ch))
        name = unicodedata.name(bad, "")
        hint = "（半角カタカナは使えません）" if "HALFWIDTH KATAKANA" in name else ""
        raise _err("kana_invalid", f"ふりがなはひらがな（またはカタカナ）で入力してください{hint}")
    return value


class PersonName(InputModel):
    """氏名 with ふりがな and an optional 通称, kept exactly as given.

    ``kana_*`` accept ひらがな or カタカナ (with ー, ・ and spaces) and are stored as given; forms print
    :attr:`kana_hiragana` or :attr:`kana_katakana`. Each part is at most ``max_graphemes`` (24)
    characters, counted as grapheme clusters so that base + IVS is one character; subclasses may
    change ``max_graphemes``.
    """

    max_graphemes: ClassVar[int] = 24

    family: str = Field(title="氏名（姓）", description="姓。入力どおりに印字（正規化しない）")
    given: str = Field(default="", title="氏名（名）")
    kana_family: str = Field(default="", title="ふりがな（姓）")
    kana_given: str = Field(default="", title="ふりがな（名）")
    alias: str | None = Field(default=None, title="通称")

    @field_validator("family", "given", "kana_family", "kana_given", "alias", mode="after")
    @classmethod
    def _exact_text(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is None:
            return v
        check_text(v, max_graphemes=cls.max_graphemes, required=info.field_name in ("family", "alias"))
        if info.field_name.startswith("kana_"):
            _check_kana(v)
        return v

    @property
    def full(self) -> str:
        """「山口　太郎」: family + U+3000 + given (just family when there is no given name)."""
        return f"{self.family}\u3000{self.given}" if self.given else self.family

    @property
    def kana_full(self) -> str:
        """ふりがな as given, family and given joined by U+3000."""
        parts = [p for p in (self.kana_family, self.kana_given) if p]
        return "\u3000".join(parts)

    @property
    def kana_hiragana(self) -> str:
        return to_hiragana(self.kana_full)

    @property
    def kana_katakana(self) -> str:
        return to_katakana(self.kana_full)

    @property
    def full_with_alias(self) -> str:
        """「本名（通称）」 when an alias exists (調査書 practice, spec §2.2), else the full name."""
        return f"{self.full}（{self.alias}）" if self.alias else self.full


class Teacher(InputModel):
    """A staff member printed on a form (校長, 学級担任).

    Compact input: the teacher, or its ``name``, may be a plain string; it is then the whole name,
    stored as ``family`` and never split on spaces (「山口　太郎」 prints exactly so)."""

    name: PersonName = Field(title="氏名")
    role: str | None = Field(default=None, title="職名")

    @model_validator(mode="before")
    @classmethod
    def _whole_as_string(cls, v: Any) -> Any:
        return {"name": v} if isinstance(v, str) else v

    @field_validator("name", mode="before")
    @classmethod
    def _plain_string(cls, v: Any) -> Any:
        return {"family": v} if isinstance(v, str) else v

    @field_validator("role", mode="after")
    @classmethod
    def _role_text(cls, v: str | None) -> str | None:
        return None if v is None else check_text(v, max_graphemes=20, required=True)


# --------------------------------------------------------------------------- school


class SchoolCode(str):
    """文部科学省 学校コード (13 characters), validated strictly.

    Layout (forms-spec §5.2): 学校種 2 (A1 A2 B1 C1 C2 D1 D2 E1 F1 F2 G1 H1 H2), 都道府県番号 2
    (01–47), 設置区分 1 (1 国立, 2 公立, 3 私立), 学校番号 7 digits, 検査数字 1.

    Check digit ("mod 10"): the letter of the 学校種 is replaced by its two-digit position in the
    alphabet (A→01 … H→08), giving 13 digits; from the left they are weighted 1, 2, 1, 2, …; a
    product of two digits contributes the sum of its digits (as in Luhn); the check digit is
    ``(10 − sum mod 10) mod 10``. This reproduces the spec's example F112310102342 (sum 68 → 2)
    and agrees with an independent public implementation (a Ruby ``MextSchoolCodeValidator``) on
    all 92 codes of its test-suite, so it is enforced. The MEXT text itself was not available; if a
    real code is ever rejected by this check, set ``SchoolCode.verify_check_digit = False`` (the
    structure is still checked) and report the code.
    """

    verify_check_digit: ClassVar[bool] = True

    SCHOOL_TYPES: ClassVar[dict[str, str]] = {
        "A1": "幼稚園",
        "A2": "幼保連携型認定こども園",
        "B1": "小学校",
        "C1": "中学校",
        "C2": "義務教育学校",
        "D1": "高等学校",
        "D2": "中等教育学校",
        "E1": "特別支援学校",
        "F1": "大学",
        "F2": "短期大学",
        "G1": "高等専門学校",
        "H1": "専修学校",
        "H2": "各種学校",
    }
    ESTABLISHMENTS: ClassVar[dict[str, str]] = {"1": "国立", "2": "公立", "3": "私立"}

    def __new__(cls, value: str) -> SchoolCode:
        return super().__new__(cls, cls._checked(value))

    @staticmethod
    def compute_check_digit(first12: str) -> str:
        """検査数字 for the first 12 characters of a code (see the class docstring)."""
        digits = f"{ord(first12[0]) - ord('A') + 1:02d}{first12[1:12]}"
        total = 0
        for i, ch in enumerate(digits):
            p = int(ch) * (1 if i % 2 == 0 else 2)
            total += p // 10 + p % 10
        return str((10 - total % 10) % 10)

    @classmethod
    def _checked(cls, value: str) -> str:
        if not isinstance(value, str):
            raise _err("school_code_type", "学校コードは文字列で入力してください")
        if len(value) != 13 or not value.isascii():
            raise _err("school_code_length", "学校コードは半角英数字13桁です")
        kind, pref, est, number, check = value[:2], value[2:4], value[4], value[5:12], value[12]
        if kind not in cls.SCHOOL_TYPES:
            raise _err("school_code_kind", f"学校コードの学校種（1〜2桁目）が正しくありません: {kind}")
        if not (pref.isdigit() and 1 <= int(pref) <= 47):
            raise _err("school_code_prefecture", f"学校コードの都道府県番号（3〜4桁目）が正しくありません: {pref}")
        if est not in cls.ESTABLISHMENTS:
            raise _err("school_code_establishment", f"学校コードの設置区分（5桁目）は1〜3です: {est}")
        if not number.isdigit():
            raise _err("school_code_number", "学校コードの学校番号（6〜12桁目）は数字7桁です")
        if not check.isdigit():
            raise _err("school_code_check", "学校コードの検査数字（13桁目）は数字です")
        expected = cls.compute_check_digit(value[:12])
        if cls.verify_check_digit and check != expected:
            raise _err("school_code_check", f"学校コードの検査数字（13桁目）が一致しません（{expected} のはずです）")
        return value

    @property
    def school_type(self) -> str:
        return self[:2]

    @property
    def school_type_name(self) -> str:
        return self.SCHOOL_TYPES[self[:2]]

    @property
    def prefecture(self) -> int:
        return int(self[2:4])

    @property
    def establishment(self) -> str:
        return self.ESTABLISHMENTS[self[4]]

    @property
    def school_number(self) -> str:
        return self[5:12]

    @property
    def check_digit(self) -> str:
        return self[12]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(strict=True),
            serialization=core_schema.plain_serializer_function_ser_schema(str, return_schema=core_schema.str_schema()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out.update(
            pattern=r"^(A1|A2|B1|C1|C2|D1|D2|E1|F1|F2|G1|H1|H2)(0[1-9]|[1-3][0-9]|4[0-7])[123][0-9]{7}[0-9]$",
            description="文部科学省 学校コード（13桁、検査数字つき）",
        )
        return out


class School(InputModel):
    """学校: 正式名称, 所在地, 分校, 校長 (spec §2.6). ``code`` is optional because foreign and closed
    schools have none."""

    code: SchoolCode | None = Field(default=None, title="学校コード")
    name: SchoolNameText = Field(title="学校名")
    address: AddressText | None = Field(default=None, title="所在地")
    branch: SchoolNameText | None = Field(default=None, title="分校名")
    principal: Teacher = Field(title="校長")


class SchoolType(StrEnum):
    ELEMENTARY = "elementary"
    JUNIOR_HIGH = "junior_high"
    COMPULSORY = "compulsory"

    @property
    def label(self) -> str:
        return {"elementary": "小学校", "junior_high": "中学校", "compulsory": "義務教育学校"}[self.value]

    @property
    def max_grade(self) -> int:
        return {"elementary": 6, "junior_high": 3, "compulsory": 9}[self.value]

    @classmethod
    def _missing_(cls, value: object) -> SchoolType | None:
        return {"小学校": cls.ELEMENTARY, "中学校": cls.JUNIOR_HIGH, "義務教育学校": cls.COMPULSORY}.get(
            value if isinstance(value, str) else ""
        )


_PLAIN_KUMI = regex.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ]+")


class ClassRef(InputModel):
    """学年 and 組 of a class.

    ``grade`` is 1–6 for 小学校, 1–3 for 中学校 and 1–9 for 義務教育学校. ``kumi`` is the class name
    exactly as the school writes it (≤ 6 characters).

    Label rule: a 組 made only of digits or Latin letters ("1", "A", "１") gets 「組」 appended
    (「1組」); anything else — already ending in 組 (「1組」) or a name (「ひまわり」, 「若葉学級」) —
    is printed as given. ``label`` is 学年 + that: 「3年1組」, 「3年A組」, 「3年ひまわり」.
    """

    school_type: SchoolType = Field(default=SchoolType.ELEMENTARY, title="学校種")
    grade: Annotated[int, Strict(), Field(ge=1, le=9)] = Field(title="学年")
    kumi: KumiText = Field(title="組")

    @model_validator(mode="after")
    def _grade_in_range(self) -> ClassRef:
        v = RuleViolations("ClassRef")
        if self.grade > self.school_type.max_grade:
            v.add("grade", f"{self.school_type.label}の学年は1〜{self.school_type.max_grade}です", value=self.grade)
        v.raise_if_any()
        return self

    @property
    def grade_label(self) -> str:
        return f"{self.grade}年"

    @property
    def kumi_label(self) -> str:
        return f"{self.kumi}組" if _PLAIN_KUMI.fullmatch(self.kumi) else self.kumi

    @property
    def label(self) -> str:
        return f"{self.grade_label}{self.kumi_label}"


# --------------------------------------------------------------------------- 年度 and 学期


class TermSystem(StrEnum):
    """学期制. Input ``"three_terms"``/``"two_terms"``; 「3学期制」/「2学期制」 and 3/2 are accepted."""

    THREE = "three_terms"
    TWO = "two_terms"

    @property
    def label(self) -> str:
        return "3学期制" if self is TermSystem.THREE else "2学期制"

    @property
    def count(self) -> int:
        return 3 if self is TermSystem.THREE else 2

    @property
    def default_names(self) -> tuple[str, ...]:
        return ("1学期", "2学期", "3学期") if self is TermSystem.THREE else ("前期", "後期")

    @classmethod
    def _missing_(cls, value: object) -> TermSystem | None:
        table: dict[object, TermSystem] = {"3学期制": cls.THREE, "2学期制": cls.TWO, 3: cls.THREE, 2: cls.TWO}
        if isinstance(value, bool):
            return None
        return table.get(value)


class Term(InputModel):
    """One 学期. ``name`` defaults to the system's name (1学期…/前期・後期, see TermCalendar)."""

    id: Annotated[int, Strict(), Field(ge=1, le=3)] = Field(title="学期番号")
    name: TermNameText | None = Field(default=None, title="学期名")
    start: IsoDate = Field(title="学期の開始日")
    end: IsoDate = Field(title="学期の終了日")
    attendance_closing: IsoDate | None = Field(default=None, title="出欠集計の締め日")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Term:
        v = RuleViolations("Term")
        if self.end < self.start:
            v.add("end", "終了日が開始日より前です")
        elif self.attendance_closing is not None and not self.start <= self.attendance_closing <= self.end:
            v.add("attendance_closing", "出欠集計の締め日は学期の期間内の日付にしてください")
        v.raise_if_any()
        return self


class TermCalendar(InputModel):
    """The 学期 of one 年度: as many terms as the system has, numbered 1.., in order, inside the 年度,
    not overlapping (gaps such as 夏休み are normal)."""

    fiscal_year: FiscalYear = Field(title="年度")
    system: TermSystem = Field(default=TermSystem.THREE, title="学期制")
    terms: list[Term] = Field(title="学期")

    @model_validator(mode="after")
    def _terms_fit(self) -> TermCalendar:
        v = RuleViolations("TermCalendar")
        if len(self.terms) != self.system.count:
            v.add("terms", f"{self.system.label}では学期を{self.system.count}つ指定してください")
        fy = self.fiscal_year
        for i, t in enumerate(self.terms):
            if t.id != i + 1:
                v.add(("terms", i, "id"), f"学期番号は順に1から付けてください（{i + 1}のはずです）", value=t.id)
            if not fy.contains(t.start):
                v.add(("terms", i, "start"), f"開始日が{fy.label}の期間外です")
            if not fy.contains(t.end):
                v.add(("terms", i, "end"), f"終了日が{fy.label}の期間外です")
            if i > 0 and t.start <= self.terms[i - 1].end:
                v.add(("terms", i, "start"), "前の学期の終了日より後の日付にしてください（学期が重なっています）")
        v.raise_if_any()
        return self

    def name_of(self, term: Term | int) -> str:
        """Printed name of a term: its own ``name`` or the system default (1学期 / 前期 ...)."""
        t = self.term(term) if isinstance(term, int) else term
        return t.name or self.system.default_names[t.id - 1]

    def term(self, term_id: int) -> Term:
        for t in self.terms:
            if t.id == term_id:
                return t
        raise KeyError(term_id)

    def term_of(self, d: date) -> Term | None:
        """The term containing ``d``, or None (vacation or outside the 年度)."""
        return next((t for t in self.terms if t.start <= d <= t.end), None)


# --------------------------------------------------------------------------- evaluation marks


class LetterMark(InputModel):
    """観点別学習状況 A 十分満足できる / B おおむね満足できる / C 努力を要する."""

    kind: Literal["A", "B", "C"]

    @property
    def text(self) -> str:
        return self.kind


class GradeMark(InputModel):
    """評定 1..5 (小学校 uses 1..3; the form model narrows the range)."""

    kind: Literal["grade"]
    value: Annotated[int, Strict(), Field(ge=1, le=5)] = Field(title="評定")

    @property
    def text(self) -> str:
        return str(self.value)


class Circle(InputModel):
    """○: 行動の記録 / 特別活動の記録 「十分満足できる状況」."""

    kind: Literal["circle"]

    @property
    def text(self) -> str:
        return "○"


class Blank(InputModel):
    """Not entered (yet). Prints nothing. Distinct from Slash."""

    kind: Literal["blank"]

    @property
    def text(self) -> str:
        return ""


class Slash(InputModel):
    """斜線: deliberately not applicable / not evaluated. Renderers draw a diagonal line; ``text`` is
    empty. ``reason`` is for records, not printed by default."""

    kind: Literal["slash"]
    reason: ReasonText | None = Field(default=None, title="斜線の理由")

    @property
    def text(self) -> str:
        return ""


_COMPACT: dict[str, dict[str, str]] = {
    "A": {"kind": "A"},
    "B": {"kind": "B"},
    "C": {"kind": "C"},
    "Ａ": {"kind": "A"},
    "Ｂ": {"kind": "B"},
    "Ｃ": {"kind": "C"},
    "○": {"kind": "circle"},  # U+25CB
    "〇": {"kind": "circle"},  # U+3007, a common typing substitute
    "◯": {"kind": "circle"},  # U+25EF
    "/": {"kind": "slash"},
    "／": {"kind": "slash"},
    "": {"kind": "blank"},
}


_ASSESSMENT_HELP = "A・B・C、評定の数字（1〜5）、○、/（斜線）、空欄のいずれかで入力してください"


def parse_assessment(v: Any) -> Any:
    """Compact input → tagged form. Accepted compact values:

    ``"A"``/``"B"``/``"C"`` (also full-width), an integer 1..5 or a one-digit string ``"1"``..``"5"``
    (評定), ``"○"`` (also 〇 ◯), ``"/"`` (also ／), ``""`` or ``null`` (blank). Objects
    ``{"kind": ...}`` pass through unchanged. Any other value is an error naming the choices.
    """
    if v is None:
        return {"kind": "blank"}
    if isinstance(v, (dict, BaseModel)):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return {"kind": "grade", "value": v}
    if isinstance(v, str):
        if v in _COMPACT:
            return dict(_COMPACT[v])
        if len(v) == 1 and v in "12345１２３４５":
            return {"kind": "grade", "value": int(unicodedata.digit(v))}
    raise _err("assessment_invalid", _ASSESSMENT_HELP)


class _CompactAssessmentJsonSchema:
    """Adds the compact spellings to the JSON Schema so that schema-based checkers accept them too."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        tagged = handler(schema)
        compact = sorted(set(_COMPACT) | set("12345１２３４５"))
        return {
            "anyOf": [
                tagged,
                {"type": "string", "enum": compact},
                {"type": "integer", "minimum": 1, "maximum": 5},
                {"type": "null"},
            ]
        }


Assessment = Annotated[
    LetterMark | GradeMark | Circle | Blank | Slash,
    Field(discriminator="kind"),
    BeforeValidator(parse_assessment),
    _CompactAssessmentJsonSchema(),
]
"""One evaluation cell (spec §2.7): A/B/C, 評定, ○, blank or 斜線. Compact input: see parse_assessment."""


# --------------------------------------------------------------------------- 出欠


class AttendanceTotals(InputModel):
    """出欠の記録 for one period (月, 学期 or 学年), P-12.

    Derived numbers are computed, never typed (R-ATT-1, R-ATT-2):
    出席しなければならない日数 = 授業日数 − 出席停止・忌引等の日数; 出席日数 = それ − 欠席日数.
    R-ATT-3 is checked: 出席停止・忌引等 ≤ 授業日数 and 欠席 ≤ 出席しなければならない日数; each
    violation is reported at the field that breaks it. 遅刻/早退 are optional (only 通知表/出席簿
    print them).
    """

    lesson_days: Annotated[int, Strict(), Field(ge=0, le=366)] = Field(title="授業日数")
    suspension_days: Count = Field(default=0, title="出席停止・忌引等の日数")
    absence_days: Count = Field(default=0, title="欠席日数")
    late: Count | None = Field(default=None, title="遅刻")
    early_leave: Count | None = Field(default=None, title="早退")
    remarks: RemarksText = Field(default="", title="備考")

    @model_validator(mode="after")
    def _r_att_3(self) -> AttendanceTotals:
        v = RuleViolations("AttendanceTotals")
        if self.suspension_days > self.lesson_days:
            v.add("suspension_days", "出席停止・忌引等の日数が授業日数を超えています", value=self.suspension_days)
        elif self.absence_days > self.required_days:
            v.add(
                "absence_days",
                f"欠席日数が出席しなければならない日数（{self.required_days}日）を超えています",
                value=self.absence_days,
            )
        v.raise_if_any()
        return self

    @property
    def required_days(self) -> int:
        """出席しなければならない日数 (R-ATT-1)."""
        return self.lesson_days - self.suspension_days

    @property
    def present_days(self) -> int:
        """出席日数 (R-ATT-2)."""
        return self.required_days - self.absence_days
