"""Hypothesis strategies that mutate a valid document (an input sample, a layout file) a little.

Mutating a sample keeps most of the document valid, so most examples reach the
layout and the renderers (where the crashes were) instead of stopping at the
first type check. The replacement values are the attack review's: control and
bidi characters, IVS, non-BMP kanji, formula payloads, very long text, dates at
and beyond the ends of the 和暦 range, huge and non-finite numbers.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from hypothesis import strategies as st

Path_ = tuple[str | int, ...]

HOSTILE_TEXT = [
    "",
    " ",
    "\u3000",
    "\x1b[31m赤\x1b[0m",
    "\u202e反転",
    "\x00",
    "a\r\nb",
    "葛\U000e0100飾",
    "𠮷野家",
    "\ufa11",
    "=HYPERLINK(\"http://x\")",
    "+1",
    "ＡＢＣＤＥＦ",
    "１２",
    "\ud800",
    "\ue000",
    "あ" * 200,
    "漢字" * 2000,
    "x" * 30_000,
    "0",
    "-1",
    "1e999",
    "NaN",
]
HOSTILE_DATES = [
    "0001-01-01",
    "1868-10-22",
    "1868-10-23",
    "1912-07-29",
    "1912-07-30",
    "1926-12-25",
    "1989-01-07",
    "1989-01-08",
    "2019-04-30",
    "2019-05-01",
    "2024-02-29",
    "2023-02-29",
    "2100-12-31",
    "9999-12-31",
    "2024-13-01",
    "2024-04-31",
    "",
]
HOSTILE_NUMBERS: list[Any] = [0, -1, 1, 2, 7, 99, 366, 10**6, -(10**6), 10**30, 1.5, -0.0, 1e308, True, False, None]


def text_values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=40),
        st.text(st.characters(codec="utf-8", categories=["Lo", "Cc", "Cf", "Mn", "Zs"]), max_size=20),
    )


def date_values() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_DATES), st.dates().map(lambda d: d.isoformat()))


def number_values() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers(-500, 500))


def any_value() -> st.SearchStrategy[Any]:
    leaves = st.one_of(text_values(), date_values(), number_values())
    return st.one_of(leaves, st.lists(leaves, max_size=3), st.dictionaries(st.text(max_size=8), leaves, max_size=3))


def node_paths(doc: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every node below the root (containers and leaves), in a stable order."""
    out: list[Path_] = []
    if isinstance(doc, dict):
        for key in doc:
            out.append((*prefix, key))
            out += node_paths(doc[key], (*prefix, key))
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            out.append((*prefix, i))
            out += node_paths(item, (*prefix, i))
    return out


def _parent(doc: Any, path: Path_) -> Any:
    node = doc
    for part in path[:-1]:
        node = node[part]
    return node


def _looks_like_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-"


def _replacement(draw: Any, old: Any) -> Any:
    """Mostly a value of the same kind (so the document stays mostly valid), sometimes anything."""
    if draw(st.integers(0, 9)) == 0:
        return draw(any_value())
    if _looks_like_date(old):
        return draw(date_values())
    if isinstance(old, bool):
        return draw(st.one_of(st.booleans(), st.sampled_from([0, 1, "true", None])))
    if isinstance(old, int | float):
        return draw(number_values())
    if isinstance(old, str):
        return draw(text_values())
    return draw(any_value())


@st.composite
def mutated_document(draw: Any, doc: Any, max_mutations: int = 3) -> Any:
    """``doc`` with 1..max_mutations of: replace a node, delete it, repeat a list item, empty a list."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, max_mutations))):
        paths = node_paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        key = path[-1]
        op = draw(st.sampled_from(["replace"] * 6 + ["delete", "repeat", "empty"]))
        if op == "replace":
            parent[key] = _replacement(draw, parent[key])
        elif op == "delete":
            del parent[key]
        elif op == "repeat" and isinstance(parent, list):
            parent[key:key] = [copy.deepcopy(parent[key]) for _ in range(draw(st.sampled_from([1, 5, 60])))]
        elif op == "empty" and isinstance(parent[key], list | dict):
            parent[key] = type(parent[key])()
    return doc


LAYOUT_NUMBERS: list[Any] = [
    math.nan,
    math.inf,
    -math.inf,
    0,
    -1,
    -10,
    0.001,
    1e6,
    1e12,
    1e300,
    5000,
    100000,
    420,
    -420,
    500,
    501,
    True,
    "$nope",
]


@st.composite
def mutated_layout(draw: Any, doc: Any) -> Any:
    """A layout (as loaded YAML) with 1..2 numbers made hostile, or an entry removed or renamed."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 2))):
        paths = node_paths(doc)
        numeric = [p for p in paths if isinstance(_parent(doc, p)[p[-1]], int | float)]
        if numeric and draw(st.integers(0, 3)):
            path = draw(st.sampled_from(numeric))
            value = draw(st.one_of(st.sampled_from(LAYOUT_NUMBERS), st.floats(), st.integers(-(10**9), 10**9)))
            _parent(doc, path)[path[-1]] = value
            continue
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        op = draw(st.sampled_from(["delete", "text", "when", "repeat"]))
        if op == "delete":
            del parent[path[-1]]
        elif op == "text":
            parent[path[-1]] = draw(st.sampled_from(["", "$title", "x" * 5000, "\x1b", "students", "never"]))
        elif op == "when" and isinstance(parent[path[-1]], dict):
            parent[path[-1]]["when"] = draw(st.sampled_from(["never_set", "!never_set"]))
        elif op == "repeat" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
    return doc
