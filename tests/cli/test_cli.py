"""The command line: exit codes 0/1/2 and one plain line per problem, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unified_forms.cli import main


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unified_forms", *args], capture_output=True, text=True, input=stdin, check=False
    )


def test_list_shows_ids_and_japanese_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert "roster\t名簿" in capsys.readouterr().out


def test_schema_and_sample_are_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "roster"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "students" in schema["properties"]
    assert main(["sample", "roster"]) == 0
    assert len(json.loads(capsys.readouterr().out)["students"]) == 32  # samples/README.md: 湯田小 3年1組


def test_validate_ok_and_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    assert main(["sample", "roster"]) == 0
    good.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["validate", "roster", str(good)]) == 0
    data = json.loads(good.read_text(encoding="utf-8"))
    data["students"][2]["number"] = 0
    data["students"][5]["sex"] = "x"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", "roster", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "students[2].number" in err and "students[5].sex" in err
    assert "Traceback" not in err


def test_render_writes_pdf_xlsx_and_report(tmp_path: Path) -> None:
    sample = run("sample", "roster").stdout
    data = tmp_path / "in.json"
    data.write_text(sample, encoding="utf-8")
    pdf, xlsx, report = tmp_path / "o.pdf", tmp_path / "o.xlsx", tmp_path / "report.json"
    done = run("render", "roster", str(data), "-o", str(pdf), "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert json.loads(report.read_text(encoding="utf-8"))["pages"] == 1
    assert run("render", "roster", str(data), "-o", str(xlsx)).returncode == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["render", "nosuchform", "x.json", "-o", "o.pdf"], 2, "不明な帳票ID"),
        (["render", "roster"], 2, "required"),
        ([], 2, "required"),
        (["validate", "roster", "/nonexistent/data.json"], 1, "ファイルが見つかりません"),
        (["render", "roster", "-", "-o", "o.txt"], 1, ".pdf か .xlsx"),
    ],
)
def test_errors_have_exit_codes_and_no_traceback(args: list[str], code: int, message: str) -> None:
    done = run(*args, stdin="{}")
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_json_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    done = run("validate", "roster", str(bad))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "JSON として正しくありません（1 行" in done.stderr


def test_missing_font_is_explained(tmp_path: Path) -> None:
    sample = tmp_path / "in.json"
    sample.write_text(run("sample", "roster").stdout, encoding="utf-8")
    done = run("--font", str(tmp_path / "nofont.ttf"), "render", "roster", str(sample), "-o", str(tmp_path / "o.pdf"))
    assert done.returncode == 1
    assert "ipamj" in done.stderr.lower() or "font" in done.stderr.lower()
    assert "Traceback" not in done.stderr


def test_demo_renders_every_sample(tmp_path: Path) -> None:
    done = run("demo", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "roster.pdf").stat().st_size > 10_000
    assert (tmp_path / "out" / "roster.xlsx").stat().st_size > 3_000


def test_uf_render_stays_the_function_after_renderer_imports() -> None:
    import unified_forms as uf
    import unified_forms.render.pdf
    import unified_forms.render.xlsx

    assert callable(uf.render)
    assert uf.render("roster", uf.sample("roster"), "xlsx").data[:2] == b"PK"


def test_uf_forms_stays_the_function_after_a_render() -> None:
    import unified_forms as uf

    uf.render_pdf("roster", uf.sample("roster"))
    assert callable(uf.forms) and uf.forms()[0].id == "roster"
