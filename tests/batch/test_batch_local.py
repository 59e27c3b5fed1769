"""Batch output is exactly what single renders give; bad and overflowing records are reported, not fatal."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import unified_forms as uf
from unified_forms.batch import is_complete, run_batch, stable_id
from unified_forms.cli import main

from .conftest import bad_record, listing, overflow_record, pdf_files, roster_records, write_jsonl


def test_in_process_batch_equals_single_renders(records6: list[dict[str, Any]], reference6: dict[str, bytes]) -> None:
    assert len(reference6) == 6
    for name, rec in zip(sorted(reference6), records6, strict=True):
        assert reference6[name] == uf.render_pdf("roster", rec)
    # default names: line number (the roster has no per-record 出席番号) and a content hash
    assert [n[:3] for n in sorted(reference6)] == ["01_", "02_", "03_", "04_", "05_", "06_"]


def test_pool_with_bad_and_overflowing_records(tmp_path: Path, reference6: dict[str, bytes]) -> None:
    """Two worker processes: 6 good records byte-identical, line numbers and paths of the 3 bad ones."""
    records = roster_records(6)
    mixed = [*records[:2], bad_record(), *records[2:4], overflow_record(), *records[4:]]
    src = write_jsonl(tmp_path / "in.jsonl", mixed, extra_lines={4: "{not json", 1: ""})
    # file lines: 1 rec0, 2 blank, 3 rec1, 4 bad, 5 rec2, 6 "{not json", 7 rec3, 8 overflow, 9 rec4, 10 rec5
    out = tmp_path / "out"
    summary = run_batch("roster", src, out, workers=2, chunk_size=2, progress=False)
    assert (summary.rendered, summary.failed, summary.skipped) == (6, 3, 0)
    assert [f.line for f in summary.failures] == [4, 6, 8]
    bad, broken, overflow = summary.failures
    assert bad.errors[0][0] == "students[2].number" and bad.record_id is not None
    assert broken.record_id is None and "JSON として正しくありません" in broken.errors[0][1]
    assert overflow.errors[0][0] == "students[4].address"
    assert "70" in overflow.errors[0][1]  # the contract: the message names capacity and actual length
    assert "8 行目" in str(overflow) and "students[4].address" in str(overflow)
    got = pdf_files(out)
    # good records keep their own line numbers in the names, bytes equal the in-process run
    assert [n[:3] for n in sorted(got)] == ["01_", "03_", "05_", "07_", "09_", "10_"]
    assert [got[n] for n in sorted(got)] == [reference6[n] for n in sorted(reference6)]
    assert listing(out) == sorted(got)  # nothing else: no temporaries, no failed outputs
    assert summary.docs_per_s > 0 and summary.seconds > 0


def test_resume_skips_complete_files_and_redoes_truncated_ones(
    tmp_path: Path, records6: list[dict[str, Any]], reference6: dict[str, bytes]
) -> None:
    names = sorted(reference6)
    first = run_batch("roster", records6[:4], tmp_path, workers=0, progress=False)
    assert first.rendered == 4
    (tmp_path / names[3]).write_bytes(reference6[names[3]][:1000])  # a truncated copy
    before = {n: (tmp_path / n).stat().st_mtime_ns for n in names[:3]}
    summary = run_batch("roster", records6, tmp_path, workers=0, resume=True, progress=False)
    assert (summary.rendered, summary.skipped, summary.failed) == (3, 3, 0)
    assert pdf_files(tmp_path) == reference6
    assert {n: (tmp_path / n).stat().st_mtime_ns for n in names[:3]} == before


def test_resume_rerenders_a_record_whose_content_changed_under_the_same_name(tmp_path: Path) -> None:
    """Issue 19: a corrected record (same id, so same file name) must not be skipped by --resume."""
    records = roster_records(3)
    for k, rec in enumerate(records):
        rec["id"] = f"class-{k}"
    assert run_batch("roster", records, tmp_path, workers=0, progress=False).rendered == 3
    records[1]["students"][0]["name"]["given"] = "訂正"
    summary = run_batch("roster", records, tmp_path, workers=0, resume=True, progress=False)
    assert (summary.rendered, summary.skipped) == (1, 2)
    changed = {k: v for k, v in records[1].items() if k != "id"}
    assert (tmp_path / "02_class-1.pdf").read_bytes() == uf.render_pdf("roster", changed)
    # a file the manifest does not know (copied in by hand, an older tool's output) is rendered again
    (tmp_path / ".unified-forms-resume.jsonl").unlink()
    again = run_batch("roster", records, tmp_path, workers=0, resume=True, progress=False)
    assert (again.rendered, again.skipped) == (3, 0)
    assert run_batch("roster", records, tmp_path, workers=0, resume=True, progress=False).skipped == 3


def test_merge_is_every_record_in_input_order(tmp_path: Path) -> None:
    records = roster_records(3)
    records[0]["homeroom"]["kumi"], records[2]["homeroom"]["kumi"] = "3", "1"  # input order ≠ 組 order
    summary = run_batch("roster", records, tmp_path, workers=0, merge=True, progress=False)
    assert summary.merged == tmp_path / "roster-merged.pdf"
    assert is_complete(summary.merged, "pdf")
    merged = PdfReader(io.BytesIO(summary.merged.read_bytes()))
    singles = [PdfReader(io.BytesIO(uf.render_pdf("roster", r))) for r in records]
    assert len(merged.pages) == sum(len(s.pages) for s in singles) == 3
    for page, single in zip(merged.pages, singles, strict=True):
        assert page.extract_text() == single.pages[0].extract_text()
    assert summary.rendered == 3


def test_merge_after_resume_still_contains_every_record(tmp_path: Path, records6: list[dict[str, Any]]) -> None:
    first = run_batch("roster", records6[:4], tmp_path, workers=0, progress=False)
    assert first.rendered == 4
    summary = run_batch("roster", records6, tmp_path, workers=0, resume=True, merge=True, progress=False)
    assert (summary.rendered, summary.skipped) == (2, 4)
    assert summary.merged is not None
    assert len(PdfReader(io.BytesIO(summary.merged.read_bytes())).pages) == 6


def test_xlsx_batch_equals_single_renders(tmp_path: Path) -> None:
    records = roster_records(2)
    summary = run_batch("roster", records, tmp_path, format="xlsx", workers=0, progress=False)
    assert summary.rendered == 2
    files = sorted(tmp_path.glob("*.xlsx"))
    assert [f.read_bytes() for f in files] == [uf.render_xlsx("roster", r) for r in records]
    assert all(is_complete(f, "xlsx") for f in files)


def test_record_ids_name_files_and_are_not_passed_to_the_form(tmp_path: Path) -> None:
    records = roster_records(3)
    records[0]["id"] = "../../escape"
    records[1]["record_id"] = 17
    out = tmp_path / "out"
    summary = run_batch("roster", records, out, workers=0, name_template="{form}-{id}", progress=False)
    assert (summary.rendered, summary.failed) == (3, 0)
    assert listing(out) == sorted(
        ["roster-.._.._escape.pdf", "roster-17.pdf", f"roster-{stable_id(records[2])}.pdf"]
    )
    assert not (tmp_path / "escape.pdf").exists()
    without_id = {k: v for k, v in records[0].items() if k != "id"}
    assert (out / "roster-.._.._escape.pdf").read_bytes() == uf.render_pdf("roster", without_id)


def test_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown form"):
        run_batch("no_such_form", [], tmp_path, workers=0)
    with pytest.raises(ValueError, match="xlsx"):
        run_batch("roster", [], tmp_path, format="xlsx", merge=True, workers=0)
    with pytest.raises(ValueError, match="unknown field"):
        run_batch("roster", [], tmp_path, name_template="{surname}", workers=0)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", roster_records(2))
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [*roster_records(1), bad_record()])
    assert main(["batch", "roster", str(good), "-o", str(tmp_path / "a"), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert "作成 2 件、失敗 0 件" in out and "件/秒" in out
    assert "\x1b[" not in out  # no progress bar when stdout is not a terminal
    assert main(["batch", "roster", str(mixed), "-o", str(tmp_path / "b"), "--workers", "0"]) == 1
    captured = capsys.readouterr()
    assert "作成 1 件、失敗 1 件" in captured.out
    assert "2 行目" in captured.err and "students[2].number" in captured.err
    assert main(["batch", "roster", str(good), "-o", str(tmp_path / "c"), "--name", "{x}", "--workers", "0"]) == 2
    assert main(["batch", "roster", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "d")]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["batch", "roster", str(good)])  # -o is required
    assert exc.value.code == 2
    assert json.loads(good.read_text(encoding="utf-8").splitlines()[0])["homeroom"]["kumi"] == "1"


def test_a_layout_problem_stops_the_batch_instead_of_failing_every_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unified_forms import api
    from unified_forms.batch import BatchAborted
    from unified_forms.errors import LayoutError

    def broken(*args: object, **kwargs: object) -> None:
        raise LayoutError("layouts/forms/roster.yaml", "blocks[2]", "unknown kind")

    monkeypatch.setattr(api, "compile_form", broken)
    with pytest.raises(BatchAborted, match=r"（1 行目）: layouts/forms/roster.yaml at blocks\[2\]"):
        run_batch("roster", roster_records(3), tmp_path, workers=0, progress=False)
    assert os.listdir(tmp_path) == []


def test_progress_bar_can_be_forced_on_and_the_batch_still_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [*roster_records(2), bad_record()]
    summary = run_batch("roster", records, tmp_path, workers=0, progress=True)
    assert (summary.rendered, summary.failed) == (2, 1)
    out = capsys.readouterr().out
    assert "rendering" in out and "3/3" in out and "failed 1" in out


def test_report_cards_are_named_by_the_pupils_number(tmp_path: Path) -> None:
    """A per-pupil form: 出席番号 from /student/number names the files; bytes equal single renders."""
    base = uf.sample("report_card")
    pupils = []
    for number, given in ((12, "陽菜"), (3, "蓮"), (27, "葵")):
        rec = json.loads(json.dumps(base))
        rec["student"]["number"] = number
        rec["student"]["name"]["given"] = given
        pupils.append(rec)
    summary = run_batch("report_card", pupils, tmp_path, workers=0, progress=False)
    assert (summary.rendered, summary.failed) == (3, 0)
    files = sorted(tmp_path.glob("*.pdf"))
    assert [f.name[:3] for f in files] == ["03_", "12_", "27_"]
    by_number = {int(f.name[:2]): f.read_bytes() for f in files}
    for rec in pupils:
        assert by_number[rec["student"]["number"]] == uf.render_pdf("report_card", rec)
