"""禁則処理: which characters may not begin or end a printed line, and what we do about it.

Why a table and one policy: a 所見 that starts a line with 「。」 or ends one with
「「」 looks careless on a document that is kept for twenty years, and the
school systems we replace either ignore 禁則 or apply it differently in preview
and print. These tables are the single definition used by line breaking,
fitting and (through them) input validation, so what is checked is what is
printed.

THE POLICY (one, used everywhere):

* **ぶら下げ for 句読点 only.** When the character that does not fit on a line
  is one of :data:`HANGING` (、。，． and their half-width forms), it stays on
  the line and hangs into the right margin — at most one character, and only
  if the character after it may start a line. The glyphs of 、。 sit in the
  left half of their em square, so the ink overhang is about half a
  character; the fit result reports the overhang so the layout can keep it
  inside the box padding.
* **追い出し for everything else.** When the next line would begin with a
  :data:`LINE_START_FORBIDDEN` character (or the line would end with a
  :data:`LINE_END_FORBIDDEN` one, or an :data:`INSEPARABLE` pair would be
  split), the break moves back to the nearest earlier position where it is
  allowed, pushing the previous character(s) onto the next line. We never
  追い込み (squeeze a character into a full line by narrowing spacing):
  that would change glyph spacing, which the PDF and the XLSX could not agree on.
* **Last resort.** If a whole line offers no allowed position (e.g. a box
  narrower than two characters, or a run of forbidden characters longer than
  the line), the line is broken where it is full. The text is still printed
  completely; only the typographic nicety is given up.

Classification uses the first code point of a grapheme cluster, so 「」 with a
variation selector is still a bracket.
"""

from __future__ import annotations

from typing import Final


def _chars(*parts: str) -> frozenset[str]:
    return frozenset("".join(parts))


def _range(first: str, last: str) -> str:
    return "".join(chr(c) for c in range(ord(first), ord(last) + 1))


#: Characters that must not begin a line (行頭禁則文字).
LINE_START_FORBIDDEN: Final[frozenset[str]] = _chars(
    # 句読点 and 中点/colon/semicolon/question/exclamation (full width)
    "、。，．・：；？！",
    # 濁点・半濁点 (spacing), 繰返し記号, 長音
    "゛゜ヽヾゝゞ々〻ー",
    # small katakana and hiragana (拗音・促音)
    "ァィゥェォッャュョヮヵヶ",
    "ぁぃぅぇぉっゃゅょゎゕゖ",
    _range("ㇰ", "ㇿ"),  # U+31F0..U+31FF Katakana Phonetic Extensions (small ㇰ..ㇿ)
    # closing brackets and quotes
    "）」』】〕〉》］｝〙〗〛｠〟",
    "\u201d\u2019",  # ” ’
    # leaders, wave dash and full-width tilde, hyphens (JIS X 4051 cl-03)
    "‥…〜～‐゠–",
    # ASCII closing punctuation
    ")]},.:;?!",
    # half-width katakana punctuation, 長音, (semi-)voiced marks and small kana
    "｡｣､･ｰﾞﾟｧｨｩｪｫｯｬｭｮ",
)

#: Characters that must not end a line (行末禁則文字): opening brackets and quotes.
LINE_END_FORBIDDEN: Final[frozenset[str]] = _chars(
    "（「『【〔〈《［｛〘〖〚｟〝",
    "\u201c\u2018",  # “ ‘
    "([{",
    "｢",
)

#: Two-character sequences that are never split across lines (分離禁止).
INSEPARABLE: Final[frozenset[str]] = frozenset({"……", "‥‥", "——", "――"})

#: Punctuation that may hang into the right margin (ぶら下げ), at most one per line.
HANGING: Final[frozenset[str]] = _chars("、。，．", "､｡")

#: The policy chosen, spelled out for reports and documentation.
POLICY: Final[str] = "ぶら下げ（句読点のみ・1字まで）、それ以外は追い出し"

assert HANGING <= LINE_START_FORBIDDEN, "a hanging character must be one that cannot start a line"
assert not (LINE_START_FORBIDDEN & LINE_END_FORBIDDEN)


def kinsoku_allows(before: str, after: str) -> bool:
    """True if a line may end with grapheme ``before`` and the next begin with ``after``."""
    a = before[0]
    b = after[0]
    return b not in LINE_START_FORBIDDEN and a not in LINE_END_FORBIDDEN and (a + b) not in INSEPARABLE
