"""Roster records for batch tests: the shipped class of 35, varied by 組 so every record differs."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

import unified_forms as uf

OVERFLOW_ADDRESS = "山口県山口市湯田温泉" * 6  # within the model's 60 characters, over the column's capacity


def roster_records(n: int) -> list[dict[str, Any]]:
    base = uf.sample("roster")
    out = []
    for k in range(1, n + 1):
        rec = copy.deepcopy(base)
        rec["homeroom"]["kumi"] = str(k)
        out.append(rec)
    return out


def bad_record() -> dict[str, Any]:
    rec = roster_records(1)[0]
    rec["students"][2]["number"] = 0
    return rec


def overflow_record() -> dict[str, Any]:
    rec = roster_records(1)[0]
    rec["columns"] = ["address"]
    rec["students"][4]["address"] = OVERFLOW_ADDRESS
    return rec


def write_jsonl(path: Path, records: list[Any], extra_lines: dict[int, str] | None = None) -> Path:
    """``extra_lines``: raw text inserted before the record with that 0-based index."""
    lines: list[str] = []
    for i, rec in enumerate(records):
        if extra_lines and i in extra_lines:
            lines.append(extra_lines[i])
        lines.append(json.dumps(rec, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def listing(folder: Path) -> list[str]:
    """The folder's entries besides the batch's resume manifest (a hidden file of content hashes)."""
    from unified_forms.batch.manifest import MANIFEST_NAME

    return sorted(n for n in os.listdir(folder) if n != MANIFEST_NAME)


def pdf_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


@pytest.fixture(scope="session")
def records6() -> list[dict[str, Any]]:
    return roster_records(6)


@pytest.fixture(scope="session")
def reference6(records6: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Six records rendered in this process (workers=0): the bytes every other run must equal."""
    from unified_forms.batch import run_batch

    out = tmp_path_factory.mktemp("reference6")
    summary = run_batch("roster", records6, out, workers=0, progress=False)
    assert summary.rendered == 6 and summary.failed == 0
    return pdf_files(out)
