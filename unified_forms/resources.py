"""Where the shipped layouts and samples live, installed or in a source checkout.

The wheel carries ``layouts/`` and ``samples/`` as ``unified_forms/_data/``;
a source checkout (editable install, tests) reads them from the repository
root, so there is exactly one copy of each file in git.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    source = _PACKAGE.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"unified_forms data folder '{name}' is missing from the installation")
