"""Project rules that a test can hold: ruff clean, one-way imports, py.typed, no font in git."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "unified_forms"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


def test_reportlab_only_in_the_pdf_renderer_and_openpyxl_only_in_the_xlsx_renderer() -> None:
    for path in _modules():
        imported = _imports(path)
        rel = path.relative_to(ROOT).as_posix()
        if "reportlab" in imported:
            assert rel == "unified_forms/render/pdf.py", rel
        if "openpyxl" in imported:
            assert rel == "unified_forms/render/xlsx.py", rel


def test_lower_stages_never_import_higher_ones() -> None:
    """models → forms → layout → render: arrows point one way."""
    forbidden = {
        "models": ("unified_forms.forms", "unified_forms.layout", "unified_forms.render"),
        "text": ("unified_forms.models", "unified_forms.forms", "unified_forms.layout", "unified_forms.render"),
        "layout": ("unified_forms.forms", "unified_forms.render", "unified_forms.models"),
        "render": ("unified_forms.forms", "unified_forms.models"),
    }
    for stage, bad in forbidden.items():
        for path in (PACKAGE / stage).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for module in bad:
                assert f"from {module}" not in text and f"import {module}" not in text, f"{path}: {module}"


def test_package_ships_py_typed() -> None:
    assert (PACKAGE / "py.typed").exists()


def test_no_font_file_is_tracked() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert not [f for f in tracked.splitlines() if f.lower().endswith((".ttf", ".otf", ".ttc"))]


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    done = subprocess.run([ruff, "check", "unified_forms", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
