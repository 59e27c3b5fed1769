"""The documentation site, built once per test session and shared by the docs tests.

Built with ``mkdocs build --strict`` into a temporary folder, exactly as CI and a developer
build it: a broken link, a missing page or a sample that does not render fails the build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    pytest.importorskip("mkdocstrings_handlers.python")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is needed to build the previews")
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (out.parent / f"{out.name}.build.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def build_log(site: Path) -> str:
    """What ``mkdocs build`` printed (INFO lines included: e.g. why a generated page was left out)."""
    return (site.parent / f"{site.name}.build.log").read_text(encoding="utf-8")
