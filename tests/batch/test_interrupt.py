"""A batch killed with SIGKILL mid-way leaves only complete files, and --resume finishes it identically."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

from unified_forms.batch import is_complete, run_batch
from unified_forms.batch.outputs import is_temp

from .conftest import listing, pdf_files, roster_records, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
N = 24


def test_sigkill_mid_batch_then_resume(tmp_path: Path) -> None:
    records = roster_records(N)
    src = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "unified_forms", "batch", "roster", str(src), "-o", str(out), "--workers", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches the pool workers too
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if out.is_dir() and sum(1 for p in out.iterdir() if p.suffix == ".pdf") >= 3:
                break
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        assert proc.stderr is not None
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
    killed = proc.returncode == -signal.SIGKILL
    assert killed or proc.returncode == 0, stderr

    entries = sorted(os.listdir(out))
    finished = [e for e in entries if e.endswith(".pdf")]
    assert finished, "the batch was killed before writing anything"
    for name in entries:
        if name == ".unified-forms-resume.jsonl":
            continue
        # anything else is one of our temporaries: hidden, and never named like an output
        assert name.endswith(".pdf") or (is_temp(name) and name.startswith(".")), name
    for name in finished:
        assert is_complete(out / name, "pdf"), name
        assert len(PdfReader(out / name).pages) == 1
    if killed:
        assert len(finished) < N

    summary = run_batch("roster", src, out, workers=2, resume=True, progress=False)
    assert summary.failed == 0
    # a file whose content hash was not yet recorded when the kill came is rendered again
    assert summary.skipped <= len(finished)
    assert summary.skipped + summary.rendered == N
    assert listing(out) == sorted(pdf_files(out))  # no temporaries left
    assert run_batch("roster", src, out, workers=2, resume=True, progress=False).skipped == N

    reference = tmp_path / "reference"
    run_batch("roster", records, reference, workers=0, progress=False)
    assert pdf_files(out) == pdf_files(reference)
    assert len(pdf_files(out)) == N
