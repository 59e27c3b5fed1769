"""The same batch on a Dask LocalCluster (two worker processes, loopback only) gives the same files."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unified_forms.batch import run_batch
from unified_forms.cli import main

from .conftest import bad_record, listing, pdf_files, write_jsonl

distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        memory_limit="1GiB",
        worker_dashboard_address=None,
    ) as cl:
        yield cl


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster, set_as_default=False) as cl:
        yield cl


def test_workers_write_to_the_shared_path(
    client: Any, tmp_path: Path, records6: list[dict[str, Any]], reference6: dict[str, bytes]
) -> None:
    records = [*records6[:3], bad_record(), *records6[3:]]
    summary = run_batch("roster", records, tmp_path, scheduler=client, chunk_size=2, progress=False)
    assert (summary.rendered, summary.failed) == (6, 1)
    assert summary.failures[0].line == 4 and summary.failures[0].errors[0][0] == "students[2].number"
    got = pdf_files(tmp_path)
    assert [got[n] for n in sorted(got)] == [reference6[n] for n in sorted(reference6)]
    assert listing(tmp_path) == sorted(got)
    # both workers took part
    assert len(client.scheduler_info()["workers"]) == 2


def test_workers_return_bytes_when_the_path_is_not_shared(
    cluster: Any, tmp_path: Path, records6: list[dict[str, Any]], reference6: dict[str, bytes]
) -> None:
    summary = run_batch(
        "roster", records6, tmp_path, scheduler=cluster.scheduler_address, shared_path=False, progress=False
    )
    assert (summary.rendered, summary.failed) == (6, 0)
    assert pdf_files(tmp_path) == reference6


def test_cli_with_scheduler_and_resume(
    cluster: Any, tmp_path: Path, records6: list[dict[str, Any]], reference6: dict[str, bytes]
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", records6)
    out = tmp_path / "out"
    first = sorted(reference6)[:2]
    out.mkdir()
    for name in first:
        (out / name).write_bytes(reference6[name])
    argv = ["batch", "roster", str(src), "-o", str(out), "--scheduler", cluster.scheduler_address, "--resume"]
    assert main(argv) == 0
    assert pdf_files(out) == reference6


def test_importing_unified_forms_does_not_import_dask() -> None:
    code = (
        "import sys, unified_forms, unified_forms.batch, unified_forms.cli;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
