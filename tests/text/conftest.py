"""Helpers to compile a one-box layout: the smallest page that exercises the text engine end to end."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from unified_forms.layout.bound import Bound, Value
from unified_forms.layout.compile import Compiled, compile_document


def one_box_layout(tmp_path: Path, box: dict[str, Any], *, name: str = "box.yaml") -> Path:
    layout = {
        "format_version": 1,
        "id": "textbox",
        "version": "test",
        "title": "所見テスト",
        "paper": {"size": "A4", "orientation": "portrait"},
        "blocks": [],
        "elements": [{"kind": "box", "rect": box["rect"], "width": 0.5}, {"kind": "text", "slot": "text", **box}],
    }
    path = tmp_path / name
    path.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    return path


def compile_box(tmp_path: Path, box: dict[str, Any], value: Value, **slots: str) -> Compiled:
    path = one_box_layout(tmp_path, box)
    return compile_document(path, Bound(slots={"text": value, **slots}), form_id="textbox")


def pdftotext(pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def box_tmp(tmp_path: Path) -> Path:
    return tmp_path
