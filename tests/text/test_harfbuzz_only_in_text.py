"""uharfbuzz is the text engine's library: imported under unified_forms/text/ only (issue 17, part 4)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "unified_forms"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_uharfbuzz_only_under_text() -> None:
    offenders = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted(PACKAGE.rglob("*.py"))
        if "_data" not in p.parts and "uharfbuzz" in _imports(p) and p.parent.name != "text"
    ]
    assert offenders == []
