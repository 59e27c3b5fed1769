"""Suite-wide settings.

Hypothesis: no per-example deadline. Examples that shape text or render a PDF take a few
milliseconds on an idle machine and much longer on a loaded 2-core CI runner; a deadline
would make the suite fail on machine load, not on behaviour. Example counts stay as each
test sets them.
"""

import os

from hypothesis import settings

# openpyxl writes XML through lxml when lxml is installed (pikepdf, in the test extra since issue 16,
# brings it) and through the standard library otherwise, with different bytes (non-ASCII as
# character references, <v></v> for <v/>). The suite asserts the standard library's form; the
# renderer's own patches accept both (render/xlsx_package.py). Set before any test imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

settings.register_profile("unified_forms", deadline=None)
settings.load_profile("unified_forms")
