"""JSONL reading (broken lines are failures with their line number) and atomic, checkable outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unified_forms.batch import outputs
from unified_forms.batch.outputs import is_complete, is_temp, remove_stale_temps, write_atomic
from unified_forms.batch.records import count_records, read_records


def test_jsonl_lines_blank_lines_and_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"id": 1}\n'  # BOM on the first line
        b"\n"
        b"   \n"
        b'{"id": 2, "name": "\\u677e\xef\xa8\x91"}\n'  # 松 + U+FA11 as UTF-8
        b"{broken\n"
        b"[1, 2]\n"
        b"\xff\xfe\n"
        b'{"id": 3}'  # no final newline
    )
    got = list(read_records(path))
    assert [(r.line, r.data is not None) for r in got] == [
        (1, True),
        (4, True),
        (5, False),
        (6, False),
        (7, False),
        (8, True),
    ]
    assert got[1].data == {"id": 2, "name": "松\ufa11"}
    assert "JSON として正しくありません" in got[2].problem
    assert "オブジェクト" in got[3].problem
    assert "UTF-8" in got[4].problem
    assert count_records(path) == 6
    assert count_records([{"a": 1}]) == 1
    assert count_records(iter([{"a": 1}])) is None


def test_iterables_number_records_from_one_and_reject_non_objects() -> None:
    got = list(read_records([{"a": 1}, "x", {"b": 2}]))
    assert [(r.line, r.data) for r in got] == [(1, {"a": 1}), (2, None), (3, {"b": 2})]


def test_write_atomic_leaves_only_the_final_file(tmp_path: Path) -> None:
    target = tmp_path / "01_x.pdf"
    write_atomic(target, b"%PDF-1.4\n...\n%%EOF\n")
    assert os.listdir(tmp_path) == ["01_x.pdf"]
    assert is_complete(target, "pdf")


def test_a_failed_write_leaves_neither_target_nor_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "01_x.pdf", b"%PDF-1.4\n%%EOF\n")
    assert os.listdir(tmp_path) == []


def test_completeness_checks(tmp_path: Path) -> None:
    full = b"%PDF-1.3\n" + b"x" * 500 + b"\ntrailer\n%%EOF\n"
    (tmp_path / "a.pdf").write_bytes(full)
    (tmp_path / "b.pdf").write_bytes(full[:300])
    (tmp_path / "c.pdf").write_bytes(b"")
    assert is_complete(tmp_path / "a.pdf", "pdf")
    assert not is_complete(tmp_path / "b.pdf", "pdf")
    assert not is_complete(tmp_path / "c.pdf", "pdf")
    assert not is_complete(tmp_path / "missing.pdf", "pdf")
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<x/>")
    (tmp_path / "a.xlsx").write_bytes(buf.getvalue())
    (tmp_path / "b.xlsx").write_bytes(buf.getvalue()[:-5])
    assert is_complete(tmp_path / "a.xlsx", "xlsx")
    assert not is_complete(tmp_path / "b.xlsx", "xlsx")


def test_stale_temporaries_are_removed_and_never_look_like_outputs(tmp_path: Path) -> None:
    tmp = outputs.temp_path(tmp_path / "01_x.pdf")
    assert is_temp(tmp.name) and not tmp.name.endswith(".pdf") and tmp.name.startswith(".")
    tmp.write_bytes(b"%PDF-half")
    (tmp_path / "keep.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert remove_stale_temps(tmp_path) == 1
    assert os.listdir(tmp_path) == ["keep.pdf"]
