"""User-perceived characters: the one unit every capacity in the project is counted in.

A teacher who types 葛󠄁 (葛 + an ideographic variation selector) or 𠮷 sees one
character, and a form that promises "22字×15行" promises 22 of those. Counting
code points (or, worse, UTF-16 units or Shift_JIS bytes as older systems do)
makes a name with an IVS "longer" than the same name without one, and lets a
line break fall between a base character and its selector, which prints the
wrong glyph. So capacities, line breaking and fitting all go through the
extended grapheme clusters defined here (UAX #29, via the ``regex`` module's
``\\X``): base + IVS (U+E0100..U+E01EF) and base + standard variation selector
(U+FE00..U+FE0F) are one cluster, a non-BMP kanji is one cluster, a combining
dakuten U+3099 joins its kana, CR LF is one cluster.

Nothing here normalises: the clusters are exact slices of the input, so
``"".join(graphemes(t)) == t`` always.
"""

from __future__ import annotations

import regex

_CLUSTER = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of ``text``, in order, as exact substrings."""
    clusters: list[str] = _CLUSTER.findall(text)
    return clusters


def grapheme_len(text: str) -> int:
    """Number of user-perceived characters in ``text`` (CR LF counts as one)."""
    return len(_CLUSTER.findall(text))
