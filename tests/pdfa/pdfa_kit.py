"""What the PDF/A tests share: the samples, and the 調査書 rendered once per session."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import unified_forms as uf


def every_sample() -> list[tuple[str, str, Path]]:
    """(form id, stem, file) of every shipped sample, main samples first."""
    return [(f.id, stem, path) for f in uf.forms() for stem, path in f.sample_files()]


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def transcript_pdf() -> bytes:
    """The 調査書 sample printed the default way (PDF/A-3b with its data)."""
    return uf.render_pdf("transcript", uf.sample("transcript"))
