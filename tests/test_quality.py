"""Project rules that a test can hold: ruff clean, mypy clean, import contracts, py.typed, no font in git."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "unified_forms"


def test_import_contracts_hold() -> None:
    """The architecture as import-linter contracts (pyproject.toml [tool.importlinter]): the pipeline
    stages point one way, ReportLab only in render.pdf, openpyxl only in render.xlsx, HarfBuzz only
    in text. Unlike a substring check it sees every import, also inside functions."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


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


def test_mypy_is_clean() -> None:
    """Type hints everywhere, checked: mypy over the package as pyproject.toml's [tool.mypy] says
    (untyped defs refused, unused ``type: ignore`` refused, the pydantic plugin). Run with this
    interpreter so that it sees the same installed packages; incremental through .mypy_cache."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the [test] extra: pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
