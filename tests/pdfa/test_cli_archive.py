"""``render --pdfa``, ``--embed-data``, ``batch --pdfa`` and ``extract`` (a file, a folder → CSV / JSON Lines)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pdfa_check import check_pdfa
from pdfa_kit import transcript_pdf

import unified_forms as uf
from unified_forms.cli import main
from unified_forms.forms.transcript.binding import totals


def _sample(tmp_path: Path, form_id: str, data: dict | None = None) -> Path:  # type: ignore[type-arg]
    path = tmp_path / f"{form_id}.json"
    path.write_text(json.dumps(data or uf.sample(form_id), ensure_ascii=False), encoding="utf-8")
    return path


def test_render_pdfa_and_embed_data(tmp_path: Path) -> None:
    data = _sample(tmp_path, "grade_sheet")
    out = tmp_path / "a.pdf"
    assert main(["render", "grade_sheet", str(data), "-o", str(out), "--pdfa"]) == 0
    assert check_pdfa(out.read_bytes(), 2).problems == []
    assert main(["render", "grade_sheet", str(data), "-o", str(out), "--embed-data"]) == 0
    assert check_pdfa(out.read_bytes(), 3).problems == []
    assert uf.extract_data(out.read_bytes())["form_id"] == "grade_sheet"


def test_transcript_embeds_by_default_and_can_be_told_not_to(tmp_path: Path) -> None:
    data = _sample(tmp_path, "transcript")
    out = tmp_path / "t.pdf"
    assert main(["render", "transcript", str(data), "-o", str(out)]) == 0
    assert out.read_bytes() == transcript_pdf()
    assert main(["render", "transcript", str(data), "-o", str(out), "--no-embed-data"]) == 0
    assert b"/EmbeddedFiles" not in out.read_bytes() and b"/OutputIntents" not in out.read_bytes()
    assert main(["render", "transcript", str(data), "-o", str(out), "--no-embed-data", "--pdfa"]) == 0
    assert check_pdfa(out.read_bytes(), 2).problems == []


def test_xlsx_with_pdfa_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _sample(tmp_path, "roster")
    assert main(["render", "roster", str(data), "-o", str(tmp_path / "r.xlsx"), "--pdfa"]) == 2
    assert "--pdfa" in capsys.readouterr().err


def test_extract_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(transcript_pdf())
    assert main(["extract", str(pdf)]) == 0
    env = json.loads(capsys.readouterr().out)
    assert uf.validate("transcript", env["data"]) == uf.validate("transcript", uf.sample("transcript"))


def test_extract_refuses_a_tampered_file_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = transcript_pdf()
    at = raw.index(b'"hyotei": 4')
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(raw[:at] + b'"hyotei": 5' + raw[at + 11 :])
    assert main(["extract", str(pdf)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "印刷後に変更されています" in lines[0]


def _three_transcripts(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    folder.mkdir()
    pupils = []
    for i, (family, given) in enumerate((("渡邊", "結衣"), ("﨑山", "陽菜"), ("吉田", "葛\U000e0101"))):
        data = uf.sample("transcript")
        data["student"]["name"]["family"], data["student"]["name"]["given"] = family, given
        if i == 1:  # a missing 評定 leaves that 学年's totals blank
            data["years"][0]["subjects"][0].pop("hyotei")
            data["special_notes"] = "第1学年の国語は評定できない。"
        (folder / f"{i + 1:03d}.pdf").write_bytes(uf.render_pdf("transcript", data))
        pupils.append(data)
    return pupils


def test_extract_a_folder_writes_the_csv_and_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    pupils = _three_transcripts(folder)
    (folder / "roster.pdf").write_bytes(uf.render_pdf("roster", uf.sample("roster"), embed_data=True))
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("ファイル名,受検番号\n002.pdf,1024\n", encoding="utf-8")
    out_csv, out_jsonl = tmp_path / "out.csv", tmp_path / "out.jsonl"
    code = main(["extract", str(folder), "--csv", str(out_csv), "--jsonl", str(out_jsonl), "--numbers", str(numbers)])
    assert code == 0
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens 﨑 and variation sequences as they are
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["ファイル"] for r in rows] == ["001.pdf", "002.pdf", "003.pdf"]
    assert [r["受検番号"] for r in rows] == ["", "1024", ""]
    assert rows[1]["氏名"] == "﨑山\u3000陽菜" and rows[2]["氏名"] == "吉田\u3000葛\U000e0101"
    for row, data in zip(rows, pupils, strict=True):
        t = totals(uf.validate("transcript", data))  # type: ignore[arg-type]
        assert row["3年間 9教科合計"] == ("" if t["nine"]["total"] is None else str(t["nine"]["total"]))
        assert row["第3学年 5教科合計"] == str(t["five"]["g3"])
        assert row["中学校"] == data["school"]["name"]
        assert row["第1学年 欠席日数"] == str(data["years"][0]["attendance"]["absence_days"])
    assert rows[1]["第1学年 国語 評定"] == "" and rows[1]["第1学年 5教科合計"] == ""
    assert rows[0]["第1学年 国語 評定"] == str(pupils[0]["years"][0]["subjects"][0]["hyotei"])
    records = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["file"] for r in records] == ["001.pdf", "002.pdf", "003.pdf", "roster.pdf"]
    assert records[1]["exam_number"] == "1024" and records[3]["form_id"] == "roster"
    assert "roster.pdf" in capsys.readouterr().err  # not a 調査書: in the JSON Lines, not in the CSV


def test_extract_a_folder_reports_each_refused_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    _three_transcripts(folder)
    raw = (folder / "002.pdf").read_bytes()
    at = raw.index(b'"grade": 1')
    (folder / "002.pdf").write_bytes(raw[:at] + b'"grade": 2' + raw[at + 10 :])
    out_csv = tmp_path / "out.csv"
    assert main(["extract", str(folder), "--csv", str(out_csv)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "002.pdf" in errors[0]
    assert len(out_csv.read_text(encoding="utf-8-sig").splitlines()) == 3  # header + the two good files


def test_batch_pdfa(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    a, b = uf.sample("grade_sheet"), uf.sample("grade_sheet")
    b["student"]["number"] = a["student"]["number"] + 1
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (a, b)) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", "grade_sheet", str(records), "-o", str(out), "--workers", "0", "--pdfa", "--merge"]) == 0
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 3
    for f in files:
        assert check_pdfa(f.read_bytes(), 2).problems == [], f.name


def test_batch_embeds_the_transcript(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(uf.sample("transcript"), ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", "transcript", str(records), "-o", str(out), "--workers", "0"]) == 0
    (pdf,) = out.glob("*.pdf")
    assert pdf.read_bytes() == transcript_pdf()
