"""``--merge`` writes pages as records finish, in input order, whatever order workers finish in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

import unified_forms as uf
from unified_forms.batch.merge import MergedPdf
from unified_forms.batch.outputs import is_complete


def _doc(kumi: str):  # type: ignore[no-untyped-def]
    data = uf.sample("roster")
    data["homeroom"]["kumi"] = kumi
    return uf.compile_form("roster", data).document


def test_out_of_order_results_are_written_in_input_order(tmp_path: Path) -> None:
    docs = {line: _doc(str(line)) for line in (1, 2, 3, 4)}
    target = tmp_path / "merged.pdf"
    merger = MergedPdf(target)
    for line in (1, 2, 3, 4):
        merger.expect(line)
    merger.done(3, docs[3])
    merger.done(2, None)  # a failed record: nothing printed
    assert merger.pages == 0  # record 1 is not done yet: nothing can be written
    merger.done(4, docs[4])
    merger.done(1, docs[1])
    assert merger.pages == 3
    assert merger.close() == target and is_complete(target, "pdf")
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    kumi = [p.extract_text() for p in pages]
    assert len(pages) == 3
    assert "1組" in kumi[0] and "3組" in kumi[1] and "4組" in kumi[2]
    assert [f for f in tmp_path.iterdir()] == [target]  # no temporary left


def test_an_interrupted_merge_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "merged.pdf"
    with pytest.raises(KeyboardInterrupt), MergedPdf(target) as merger:
        merger.expect(1)
        merger.done(1, _doc("1"))
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_no_pages_no_file(tmp_path: Path) -> None:
    merger = MergedPdf(tmp_path / "merged.pdf")
    merger.expect(1)
    merger.done(1, None)
    assert merger.close() is None
    assert list(tmp_path.iterdir()) == []
