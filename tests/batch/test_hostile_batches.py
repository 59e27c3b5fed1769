"""Issue 19 §4: a hostile line is that line's failure; workers die with their parent; bounded knobs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import unified_forms as uf
from unified_forms.batch import records as records_module
from unified_forms.batch import run_batch
from unified_forms.batch.runner import worker_count
from unified_forms.cli import main

from .conftest import listing, roster_records

ROOT = Path(__file__).resolve().parents[2]


def test_hostile_lines_fail_alone_with_their_line_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_module, "MAX_LINE_BYTES", 300_000)
    good = json.dumps(roster_records(1)[0], ensure_ascii=False).encode()
    lines = [
        good,  # 1
        b'{"a": 1' + b"0" * 5000 + b"}",  # 2: > 4,300 digits used to abort the batch (exit 2)
        b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # 3: used to raise RecursionError
        b'{"a": "\x80\xff\xfe"}',  # 4: neither UTF-8 nor Shift_JIS
        b'{"a": "' + b"x" * 400_000 + b'"}',  # 5: longer than a line may be
        b'{"a": Infinity}',  # 6
        b"",  # 7: blank
        b"[]",  # 8
        good.replace(b'"kumi": "1"', b'"kumi": "2"'),  # 9
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    assert records_module.count_records(src) == 8
    out = tmp_path / "out"
    summary = run_batch("roster", src, out, workers=0, progress=False)
    assert (summary.rendered, summary.failed) == (2, 6)
    problems = {f.line: f.errors[0][1] for f in summary.failures}
    assert sorted(problems) == [2, 3, 4, 5, 6, 8]
    assert "整数の桁数が多すぎます" in problems[2]
    assert "入れ子が深すぎます" in problems[3]
    assert "UTF-8 としても Shift_JIS（CP932）としても読めません" in problems[4]
    assert "行が長すぎます" in problems[5]
    assert "Infinity は JSON の数値ではありません" in problems[6]
    assert "オブジェクト" in problems[8]
    assert len(listing(out)) == 2


def test_cli_batch_with_hostile_lines_exits_1_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps(roster_records(1)[0], ensure_ascii=False)
    src = tmp_path / "in.jsonl"
    src.write_text(good + "\n" + '{"a": 1' + "0" * 5000 + "}\n", encoding="utf-8")
    assert main(["batch", "roster", str(src), "-o", str(tmp_path / "out"), "--workers", "0"]) == 1
    captured = capsys.readouterr()
    assert "作成 1 件、失敗 1 件" in captured.out
    assert "2 行目: 整数の桁数が多すぎます" in captured.err and "Traceback" not in captured.err


def test_records_path_must_be_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero", str(tmp_path)):
        assert main(["batch", "roster", path, "-o", str(tmp_path / "out")]) == 1
        assert "通常のファイルではありません" in capsys.readouterr().err


def test_huge_name_template_width_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(uf.sample("roster"), ensure_ascii=False) + "\n", encoding="utf-8")
    start = time.monotonic()
    code = main(["batch", "roster", str(src), "-o", str(tmp_path / "o"), "--name", "{number:>999999999}"])
    assert code == 2 and time.monotonic() - start < 5
    assert "widths up to 64" in capsys.readouterr().err


def test_workers_are_capped_at_the_cores_unless_forced() -> None:
    cores = os.cpu_count() or 1
    told: list[str] = []
    assert worker_count(None) == cores
    assert worker_count(10_000, notice=told.append) == cores
    assert told and "--force-workers" in told[0]
    assert worker_count(cores + 1, force=True) == cores + 1
    assert worker_count(10_000, force=True) == 256
    assert worker_count(-3) == 0


def test_unreachable_scheduler_fails_fast_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(uf.sample("roster"), ensure_ascii=False) + "\n", encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "unified_forms", "batch", "roster", str(src), "-o", str(tmp_path / "o"),
         "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "2"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - start
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "Dask スケジューラ tcp://127.0.0.1:9 に 2 秒以内に接続できませんでした" in done.stderr
    assert elapsed < 20


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_pool_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL of the batch's parent (not of its group): its workers and resource tracker go too."""
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in roster_records(400)) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "unified_forms", "batch", "roster", str(src), "-o", str(tmp_path / "o"),
         "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while time.monotonic() < deadline:
            children = _children(proc.pid)
            if len(children) >= 3 and any((tmp_path / "o").glob("*.pdf")):  # 2 workers + resource tracker
                break
            time.sleep(0.05)
        assert len(children) >= 3, "the pool did not start"
        grandchildren = {g for c in children for g in _children(c)}
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in children | grandchildren):
            time.sleep(0.1)
        left = [p for p in children | grandchildren if _alive(p)]
    finally:
        if proc.poll() is None:
            proc.kill()
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running after the parent died: {left}"
