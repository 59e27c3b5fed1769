"""Suite-wide settings.

Hypothesis: no per-example deadline. Examples that shape text or render a PDF take a few
milliseconds on an idle machine and much longer on a loaded 2-core CI runner; a deadline
would make the suite fail on machine load, not on behaviour. Example counts stay as each
test sets them.
"""

import os
from typing import Any

from hypothesis import settings

# openpyxl writes XML through lxml when lxml is installed (pikepdf, in the test extra since issue 16,
# brings it) and through the standard library otherwise, with different bytes (non-ASCII as
# character references, <v></v> for <v/>). The suite asserts the standard library's form; the
# renderer's own patches accept both (render/xlsx_package.py). Set before any test imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

settings.register_profile("unified_forms", deadline=None)
# The fuzz suite's long run (tests/fuzz): thousands of examples per form instead of CI's few dozen.
settings.register_profile("fuzz-slow", deadline=None, max_examples=2000)
settings.load_profile("unified_forms")


def pytest_addoption(parser: Any) -> None:
    parser.addoption("--slow", action="store_true", help="run the fuzz suite with thousands of examples per form")


def pytest_configure(config: Any) -> None:
    if config.getoption("--slow"):
        settings.load_profile("fuzz-slow")
