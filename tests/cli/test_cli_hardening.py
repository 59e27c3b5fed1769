"""Issue 19 / 15 §3: every CLI path of the attack review ends in one line, never a traceback;
streams (``-``, ``-o -``), encodings (UTF-8 ± BOM, Shift_JIS/CP932, 外字) and safe writes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import unified_forms as uf
from unified_forms import safe_io
from unified_forms.cli import main
from unified_forms.layout.load import layouts_dir

ROSTER = json.dumps(uf.sample("roster"), ensure_ascii=False)


def _cp932_ok(ch: str) -> bool:
    try:
        ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


# the sample without the characters Shift_JIS cannot hold (IVS selectors, non-BMP kanji)
SJIS_ROSTER = "".join(ch for ch in ROSTER if _cp932_ok(ch))


def run(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "unified_forms", *args], capture_output=True, input=stdin, check=False, timeout=timeout
    )


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _file(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def _roster_layout(tmp_path: Path, old: str, new: str) -> str:
    text = (layouts_dir() / "forms" / "roster.yaml").read_text(encoding="utf-8")
    assert old in text
    return _file(tmp_path, f"layout{len(list(tmp_path.iterdir()))}.yaml", text.replace(old, new, 1))


def _one_clean_line(err: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith("エラー: "), err
    assert "\x1b" not in err and "\u202e" not in err


# ----------------------------------------------------------------------------------------- no traceback


FONT_SIZE = "{size: 9, align: center, fit: {min_size: 6}}"
SJIS_BYTES = "名簿".encode("cp932")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("non_utf8_data", "読めません（UTF-8 として読めないバイト: オフセット 9、0x80）"),
        ("deep_json", "入れ子が深すぎます"),
        ("huge_integer", "整数の桁数が多すぎます（5000 桁"),
        ("nan_json", "NaN は JSON の数値ではありません"),
        ("unwritable_output", "書き込めません"),
        ("report_at_folder", "フォルダです"),
        ("output_at_folder", "フォルダです"),
        ("layout_at_folder", "not a regular file"),
        ("layout_non_utf8", "not UTF-8 text"),
        ("layout_dev_zero", "not a regular file"),
        ("layout_font_size_minus_10", "greater than or equal to 3"),
        ("layout_font_size_0", "greater than or equal to 3"),
        ("layout_font_size_nan", "not finite"),
        ("data_dev_zero", "通常のファイルではありません"),
        ("data_folder", "通常のファイルではありません"),
        ("data_not_object", "オブジェクト"),
        ("data_missing", "ファイルが見つかりません"),
    ],
)
def test_every_reported_cli_failure_is_one_line(
    case: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _file(tmp_path, "in.json", ROSTER)
    out = str(tmp_path / "o.pdf")
    args: dict[str, list[str]] = {
        "non_utf8_data": ["validate", "roster", _file(tmp_path, "bad.json", b'{"title":\x80\xff}')],
        "deep_json": ["validate", "roster", _file(tmp_path, "deep.json", '{"a":' + "[" * 10**5 + "]" * 10**5 + "}")],
        "huge_integer": ["validate", "roster", _file(tmp_path, "int.json", '{"a": 1' + "0" * 4999 + "}")],
        "nan_json": ["validate", "roster", _file(tmp_path, "nan.json", '{"a": NaN}')],
        "unwritable_output": ["render", "roster", data, "-o", str(Path(data) / "o.pdf")],
        "report_at_folder": ["render", "roster", data, "-o", out, "--report", str(tmp_path)],
        "output_at_folder": ["render", "roster", data, "-o", str(tmp_path / "d.pdf")],
        "layout_at_folder": ["render", "roster", data, "-o", out, "--layout", str(tmp_path)],
        "layout_non_utf8": ["render", "roster", data, "-o", out, "--layout", _file(tmp_path, "l.yaml", SJIS_BYTES)],
        "layout_dev_zero": ["render", "roster", data, "-o", out, "--layout", "/dev/zero"],
        "layout_font_size_minus_10": ["render", "roster", data, "-o", out, "--layout",
                                      _roster_layout(tmp_path, FONT_SIZE, "{size: -10}")],
        "layout_font_size_0": ["render", "roster", data, "-o", out, "--layout",
                               _roster_layout(tmp_path, FONT_SIZE, "{size: 0}")],
        "layout_font_size_nan": ["render", "roster", data, "-o", out, "--layout",
                                 _roster_layout(tmp_path, FONT_SIZE, "{size: .nan}")],
        "data_dev_zero": ["validate", "roster", "/dev/zero"],
        "data_folder": ["validate", "roster", str(tmp_path)],
        "data_not_object": ["validate", "roster", _file(tmp_path, "list.json", "[1, 2]")],
        "data_missing": ["validate", "roster", str(tmp_path / "missing.json")],
    }
    (tmp_path / "d.pdf").mkdir()
    before = sorted(os.listdir(tmp_path))
    start = time.monotonic()
    code, _, err = call(capsys, *args[case])
    assert time.monotonic() - start < 20
    assert code == 1, err
    _one_clean_line(err)
    assert message in err
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temporary left behind


def test_a_bug_is_one_line_without_the_message_unless_debugging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from unified_forms import api

    def boom(*args: Any, **kwargs: Any) -> None:
        raise KeyError("personal data 山田太郎")

    monkeypatch.setattr(api, "validate", boom)
    code, _, err = call(capsys, "validate", "roster", _file(tmp_path, "in.json", ROSTER))
    assert code == 1
    _one_clean_line(err)
    assert "KeyError" in err and "山田" not in err
    monkeypatch.setenv("UNIFIED_FORMS_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["validate", "roster", str(tmp_path / "in.json")])


def test_control_characters_in_names_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = call(capsys, "validate", "roster", str(tmp_path / "a\x1b[31m\u202eb.json"))
    assert code == 1
    _one_clean_line(err)
    assert "<U+001B>" in err and "<U+202E>" in err
    code, _, err = call(capsys, "sample", "no\x1bform")
    assert code == 2 and "\x1b" not in err and "<U+001B>" in err


def test_broken_pipe_is_quiet() -> None:
    """`unified-forms sample attendance_register | head -c 100`."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "unified_forms", "schema", "attendance_register"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == ""
    assert proc.returncode in (0, 141)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "--version")
    assert code == 0 and out.strip() == f"unified-forms {uf.__version__}"


# ---------------------------------------------------------------------------------------- streams


def test_stdin_to_stdout_pdf_and_xlsx() -> None:
    pdf = run("render", "roster", "-", "-o", "-", stdin=ROSTER.encode())
    assert pdf.returncode == 0, pdf.stderr.decode()
    assert pdf.stdout == uf.render_pdf("roster", uf.sample("roster"))
    assert "標準出力: 1 ページ" in pdf.stderr.decode()
    xlsx = run("render", "roster", "-", "-o", "-", "--format", "xlsx", stdin=ROSTER.encode())
    assert xlsx.returncode == 0 and xlsx.stdout == uf.render_xlsx("roster", uf.sample("roster"))


def test_format_must_agree_with_the_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _file(tmp_path, "in.json", ROSTER)
    code, _, err = call(capsys, "render", "roster", data, "-o", str(tmp_path / "o.pdf"), "--format", "xlsx")
    assert code == 2 and "合いません" in err


def test_batch_reads_json_lines_from_stdin(tmp_path: Path) -> None:
    lines = "\n".join([ROSTER.replace("\n", ""), "{broken", ROSTER.replace("\n", "")]) + "\n"
    done = run("batch", "roster", "-", "-o", str(tmp_path / "out"), "--workers", "0", stdin=lines.encode())
    assert done.returncode == 1
    assert "作成 2 件、失敗 1 件" in done.stdout.decode()
    assert "2 行目: JSON として正しくありません" in done.stderr.decode()
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2


# -------------------------------------------------------------------------------------- encodings


def test_utf8_with_bom_is_accepted_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _file(tmp_path, "bom.json", b"\xef\xbb\xbf" + ROSTER.encode())
    assert call(capsys, "validate", "roster", data)[0] == 0
    assert call(capsys, "render", "roster", data, "-o", str(tmp_path / "o.pdf"))[0] == 0
    jsonl = _file(tmp_path, "bom.jsonl", b"\xef\xbb\xbf" + ROSTER.replace("\n", "").encode() + b"\n")
    assert call(capsys, "batch", "roster", jsonl, "-o", str(tmp_path / "out"), "--workers", "0")[0] == 0


def test_shift_jis_is_detected_or_chosen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _file(tmp_path, "sjis.json", SJIS_ROSTER.encode("cp932"))
    code, out, err = call(capsys, "validate", "roster", data)
    assert code == 0 and "Shift_JIS（CP932）として読みました" in err and "OK" in out
    assert call(capsys, "validate", "roster", data, "--encoding", "cp932") == (0, out, "")
    code, _, err = call(capsys, "validate", "roster", data, "--encoding", "utf-8")
    assert code == 1
    _one_clean_line(err)
    assert "UTF-8 として読めないバイトがあります（オフセット" in err
    pdf = tmp_path / "o.pdf"
    assert call(capsys, "render", "roster", data, "-o", str(pdf))[0] == 0
    assert pdf.read_bytes() == uf.render_pdf("roster", json.loads(SJIS_ROSTER))
    jsonl = _file(tmp_path, "sjis.jsonl", SJIS_ROSTER.replace("\n", "").encode("cp932") + b"\n")
    code, _, err = call(capsys, "batch", "roster", jsonl, "-o", str(tmp_path / "out"), "--workers", "0")
    assert code == 0 and "1 行目から Shift_JIS" in err


def test_cp932_gaiji_map_to_private_use_and_are_reported_by_preflight(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = json.loads(SJIS_ROSTER)
    sample["students"][3]["name"]["given"] = "\ue000太"  # placeholder, replaced by the raw bytes below
    raw = json.dumps(sample, ensure_ascii=False).encode("cp932")
    assert b"\xf0\x40" in raw  # U+E000 encodes to CP932's first user-defined code F040
    raw = raw.replace(b"\xf0\x40", b"\xf9\xfc")  # the last one, F9FC → U+E757
    data = _file(tmp_path, "gaiji.json", raw)
    code, out, err = call(capsys, "preflight", "roster", data)
    assert code == 1
    assert "students[3].name.given 1文字目 (U+E757): Shift_JIS の外字" in out
    assert "外字（利用者定義領域）が 1 種類あります: U+E757" in err
    assert "\ue757" not in out + err  # code points, never the character
    code, _, err = call(capsys, "render", "roster", data, "-o", str(tmp_path / "o.pdf"))
    assert code == 0 and "外字 1 種類（U+E757）は〓で印字されます" in err


# ----------------------------------------------------------------------------------- safe writes


@pytest.mark.parametrize("what", ["output", "report", "demo"])
def test_planted_symlinks_never_redirect_a_write(
    what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: `.out.pdf.part` was a fixed name; a symlink there made the output overwrite any file."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    data = _file(tmp_path, "in.json", ROSTER)
    folder = tmp_path / "d"
    folder.mkdir()
    target = folder / ("roster.pdf" if what == "demo" else "out.pdf")
    report = folder / "report.json"
    # the old fixed temporary names, the final names, and the "random" name if it were predictable
    monkeypatch.setattr(safe_io.secrets, "token_hex", lambda n: "0" * (2 * n))
    for final in (target, report):
        (folder / f".{final.name}.part").symlink_to(victim)
        safe_io.temp_path(final).symlink_to(victim)
    argv = {
        "output": ["render", "roster", data, "-o", str(target)],
        "report": ["render", "roster", data, "-o", str(target), "--report", str(report)],
        "demo": ["demo", "-o", str(folder)],
    }[what]
    code, _, err = call(capsys, *argv)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert code == 1, err  # the exclusive create refuses the planted name: an error, not a redirected write
    _one_clean_line(err)
    monkeypatch.undo()
    target.unlink(missing_ok=True)
    target.symlink_to(victim)  # a symlink at the final name is replaced, never written through
    code, _, err = call(capsys, "render", "roster", data, "-o", str(target), "--report", str(report))
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not target.is_symlink() and target.read_bytes().startswith(b"%PDF-")


def test_atomic_writer_removes_its_temporary_on_error(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    with pytest.raises(RuntimeError), safe_io.atomic_writer(target) as fh:
        fh.write(b"half")
        raise RuntimeError("disk full")
    assert os.listdir(tmp_path) == []
    safe_io.write_atomic(target, b"%PDF-1.7")
    assert os.listdir(tmp_path) == ["x.pdf"] and (tmp_path / "x.pdf").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_stdin_input_is_size_capped(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from unified_forms import cli

    monkeypatch.setattr(cli, "MAX_DOCUMENT_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" " * 5000 + b"{}")))
    code, _, err = call(capsys, "validate", "roster", "-")
    assert code == 1 and "標準入力: 入力が大きすぎます" in err
