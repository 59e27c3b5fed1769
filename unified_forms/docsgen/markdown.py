"""The few Markdown constructs the generated pages are made of, escaped once here.

Generated text comes from data (titles, descriptions, YAML files, JSON Schemas) and must
never break the page it lands in: a ``|`` in a label would split a table row, a fence in a
file would end its code block. Every generated page goes through these helpers.
"""

from __future__ import annotations

import re
import textwrap


def cell(text: str) -> str:
    """Markdown table cell: pipes escaped (unless already), newlines folded."""
    out = []
    for i, ch in enumerate(text):
        if ch == "|" and (i == 0 or text[i - 1] != "\\"):
            out.append("\\|")
        else:
            out.append(ch)
    return "".join(out).replace("\r", " ").replace("\n", " ")


def code_block(text: str, lang: str, indent: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    body = "\n".join(indent + line if line else line for line in text.rstrip("\n").split("\n"))
    return f"{indent}{fence}{lang}\n{body}\n{indent}{fence}"


def indent_free(text: str) -> str:
    """A docstring as Markdown paragraphs: common indentation removed, reST ``literals`` kept as code."""

    first, _, rest = text.strip().partition("\n")
    body = (first + "\n" + textwrap.dedent(rest)).strip()
    body = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", body)  # Sphinx roles (:attr:`x`) as plain code
    return body.replace("``", "`")


def details(title: str, body: str, kind: str = "abstract") -> str:
    indented = "\n".join("    " + line if line else line for line in body.split("\n"))
    return f'??? {kind} "{title}"\n\n{indented}\n'


def side_by_side(left: str, right: str) -> str:
    """Two columns (Material's grid) on wide screens, stacked on narrow ones."""
    column = "<div markdown>\n\n{}\n\n</div>"
    return '<div class="grid" markdown>\n\n' + column.format(left) + "\n\n" + column.format(right) + "\n\n</div>\n"
